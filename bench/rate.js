// Open-loop load at a fixed overall rate (autocannon), cycling through pre-signed webhooks
// (bench/make_webhooks.py). Prints one RESULT line for bench/webhooks.sh.
'use strict';
const autocannon = require('autocannon');
const fs = require('fs');

const [url, file, rate, seconds] = process.argv.slice(2);
const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
let next = 0;

autocannon({
  url,
  method: 'POST',
  connections: 32,
  overallRate: Number(rate),
  duration: Number(seconds),
  requests: [{
    setupRequest: (request) => {
      const line = lines[next++ % lines.length];
      const tab = line.indexOf('\t');
      request.headers = {'content-type': 'application/json', 'x-hub-signature-256': line.slice(0, tab)};
      request.body = line.slice(tab + 1);
      return request;
    },
  }],
}, (error, result) => {
  if (error) throw error;
  console.log(`RESULT ok=${result['2xx']} failed=${result.non2xx + result.errors} ` +
              `rps=${result.requests.average} p50_ms=${result.latency.p50} ` +
              `p99_ms=${result.latency.p99} max_ms=${result.latency.max}`);
});
