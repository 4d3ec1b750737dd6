// Issue 13's Node baseline: the usual receiver a clinic would write for Meta's signed WhatsApp
// webhooks. It verifies X-Hub-Signature-256 over the raw body, INSERTs one row per webhook in
// PostgreSQL (one pool query, autocommit) and answers 200 once that INSERT has committed.
// bench/webhooks.sh runs it with STORE=postgres against the gateway's own cluster.
//
// usage: node server.js <postgres url> <app secret> <ready file> [port=0] [pool size=16]
//        writes the listening port to <ready file> when it accepts connections.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const fastify = require('fastify')({logger: false});
const {Pool} = require('pg');

const [url, secret, readyFile, port = '0', poolSize = '16'] = process.argv.slice(2);
const pool = new Pool({connectionString: url, max: Number(poolSize)});

// Meta signs the bytes it sent: keep them as a Buffer instead of parsing JSON first.
fastify.addContentTypeParser('application/json', {parseAs: 'buffer'},
  (request, body, done) => done(null, body));

fastify.post('/api/v2/webhooks/whatsapp/:org', async (request, reply) => {
  const body = request.body;
  if (!Buffer.isBuffer(body)) return reply.code(415).send({error: 'expected application/json'});
  const given = Buffer.from(String(request.headers['x-hub-signature-256'] || ''));
  const expected = Buffer.from(
    'sha256=' + crypto.createHmac('sha256', secret).update(body).digest('hex'));
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return reply.code(401).send({error: 'invalid signature'});
  }
  const hash = crypto.createHash('sha256').update(body).digest();
  // A redelivery (same bytes) is acknowledged again without a second row.
  await pool.query('INSERT INTO baseline_webhooks (org, payload, hash) VALUES ($1, $2, $3) ' +
                   'ON CONFLICT (hash) DO NOTHING', [request.params.org, body, hash]);
  return {status: 'received'};
});

pool.query(`CREATE TABLE IF NOT EXISTS baseline_webhooks (
  id bigserial PRIMARY KEY, org text NOT NULL, payload bytea NOT NULL,
  hash bytea NOT NULL UNIQUE, received_at timestamptz NOT NULL DEFAULT now())`)
  .then(() => fastify.listen({host: '127.0.0.1', port: Number(port)}))
  .then(() => fs.writeFileSync(readyFile, String(fastify.server.address().port)))
  .catch((error) => { console.error(error); process.exit(1); });
