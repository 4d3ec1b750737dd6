// Open-loop load at a fixed rate (bench/openloop.js), each request a pre-signed webhook of
// bench/make_webhooks.py, each line used once while the file lasts. Prints one RESULT line for
// bench/webhooks.sh (latencies in ms, measured from each request's due time).
//
// usage: node rate.js <url> <webhooks file> <requests per second> <seconds> [connections=32]
'use strict';
const fs = require('fs');
const {run, resultLine} = require('./openloop');

const [url, file, rate, seconds, connections = '32'] = process.argv.slice(2);
const lines = fs.readFileSync(file, 'utf8').trim().split('\n');

run({
  url, rate: Number(rate), seconds: Number(seconds), connections: Number(connections),
  request: (i) => {
    const line = lines[i % lines.length];
    const tab = line.indexOf('\t');
    return {headers: {'content-type': 'application/json',
                      'x-hub-signature-256': line.slice(0, tab)},
            body: line.slice(tab + 1)};
  },
}).then((result) => console.log(resultLine(result)));
