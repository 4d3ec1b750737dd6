// Open-loop load at a fixed rate, for bench/rate.js and bench/sends_rate.js (Node's own http,
// no packages).
//
// Request i is due at start + i / rate, whatever happened to the requests before it. It goes
// out on a free keep-alive connection of a pool of `connections`, or waits in line for one.
// Latency is measured from the due time to the end of the answer, so a slow answer delays
// nobody's due time and is charged for the wait it causes (no coordinated omission). After
// `seconds`, no request is started; those in flight are awaited (up to 30 s) and counted.
//
// (autocannon's overallRate, used before, is not this: each connection sends its share of a
// second back to back at the start of every second, and its latency histogram adds synthetic
// samples at a 1 ms interval.)
'use strict';
const http = require('http');

// run({url, rate, seconds, connections, request: i => ({headers, body})}) resolves to
// {ok, non2xx, errors (transport), unanswered (after the 30 s), elapsed_s, latencies_ms
// (sorted, answered requests only), max_at_s (the slowest request's due time, in seconds from
// the start)}.
function run({url, rate, seconds, connections, request}) {
  const agent = new http.Agent({keepAlive: true, maxSockets: connections, scheduling: 'fifo'});
  const target = new URL(url);
  const total = Math.floor(rate * seconds);
  const counts = {ok: 0, non2xx: 0, errors: 0};
  const latencies = [];
  let slowest = {ms: -1, at_s: NaN};  // where in the run the maximum came
  let sent = 0;
  let done = 0;
  const start = performance.now();

  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      counts.unanswered = sent - done;
      agent.destroy();
      latencies.sort((a, b) => a - b);
      resolve({...counts, elapsed_s: (performance.now() - start) / 1000,
               latencies_ms: latencies, max_at_s: slowest.at_s});
    };
    const settle = () => {
      if (finished) return;
      done += 1;
      if (sent === total && done === total) finish();
    };
    const fire = (i, due) => {
      const {headers, body} = request(i);
      const req = http.request({
        hostname: target.hostname, port: target.port, path: target.pathname + target.search,
        method: 'POST', agent,
        headers: {...headers, 'content-length': Buffer.byteLength(body)},
      }, (res) => {
        res.resume();
        res.on('end', () => {
          if (finished) return;
          const latency = performance.now() - due;
          latencies.push(latency);
          if (latency > slowest.ms) slowest = {ms: latency, at_s: (due - start) / 1000};
          if (res.statusCode >= 200 && res.statusCode < 300) counts.ok += 1;
          else counts.non2xx += 1;
          settle();
        });
      });
      req.on('error', () => { counts.errors += 1; settle(); });
      req.end(body);
    };
    // Every millisecond (or as soon as the event loop allows), start what has come due.
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / rate <= now) {
        fire(sent, start + (sent * 1000) / rate);
        sent += 1;
      }
      if (sent < total) {
        setTimeout(tick, 1);
      } else {
        if (done === total) finish();
        setTimeout(finish, 30000).unref();
      }
    };
    tick();
  });
}

// Nearest rank, as sends_report.py computes its percentiles.
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.max(1, Math.ceil((sorted.length * p) / 100)) - 1];
}

// The RESULT line: answers, rates over the whole run (first due time to last answer),
// latencies in ms, and when the slowest request was due.
function resultLine(r) {
  const lat = r.latencies_ms;
  return `RESULT ok=${r.ok} non2xx=${r.non2xx} errors=${r.errors + r.unanswered} ` +
         `rps=${((r.ok + r.non2xx) / r.elapsed_s).toFixed(0)} ` +
         `ok_rps=${(r.ok / r.elapsed_s).toFixed(0)} ` +
         `p50_ms=${percentile(lat, 50).toFixed(2)} p99_ms=${percentile(lat, 99).toFixed(2)} ` +
         `max_ms=${(lat.length ? lat[lat.length - 1] : NaN).toFixed(2)} ` +
         `max_at_s=${r.max_at_s.toFixed(3)}`;
}

module.exports = {run, resultLine};
