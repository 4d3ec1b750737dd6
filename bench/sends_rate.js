// Open-loop immediate sends at a fixed rate (bench/openloop.js) for bench/sends.sh: every
// request goes to its own fictional recipient (NXX 555, area codes no other phase uses;
// 100,000 numbers) with the text "bench rate <n>". Prints one RESULT line (latencies in ms,
// measured from each request's due time).
//
// usage: node sends_rate.js <url> <api key> <requests per second> <seconds> [connections=32]
'use strict';
const {run, resultLine} = require('./openloop');

const [url, token, rate, seconds, connections = '32'] = process.argv.slice(2);
const areaCodes = [303, 304, 305, 307, 308, 309, 310, 312, 313, 314];

run({
  url, rate: Number(rate), seconds: Number(seconds), connections: Number(connections),
  request: (n) => {
    const area = areaCodes[Math.floor(n / 10000) % areaCodes.length];
    const recipient = `+1${area}555${String(n % 10000).padStart(4, '0')}`;
    return {headers: {'content-type': 'application/json', 'authorization': `Bearer ${token}`},
            body: JSON.stringify({recipient: {type: 'phone', value: recipient},
                                  message: {type: 'text', content: `bench rate ${n}`}})};
  },
}).then((result) => console.log(resultLine(result)));
