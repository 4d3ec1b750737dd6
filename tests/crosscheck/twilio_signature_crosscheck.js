// Cross-checks Mensajero's X-Twilio-Signature verifier (channels/twilio/twilio_signature.h)
// against Twilio's own Node helper library (npm package `twilio`, pinned in package.json) on
// generated cases: non-ASCII and empty values, repeated parameters (with equal values too, and
// characters whose UTF-16 and UTF-8 orders differ), query strings, explicit, default and
// missing ports, and forged signatures.
//
// usage: node twilio_signature_crosscheck.js <path to twilio_signature_tool> [cases] [seed]
// Exits 0 when both sides agree on every case, 1 otherwise.
"use strict";

const { spawnSync } = require("child_process");
const querystring = require("querystring");
let twilio;
try {
  twilio = require("twilio");
} catch (e) {
  console.error("npm package 'twilio' is missing: run scripts/bootstrap test " +
                "(npm ci --prefix tests/crosscheck)");
  process.exit(1);
}

const tool = process.argv[2];
const caseCount = Number(process.argv[3] || 400);
let seed = Number(process.argv[4] || 20261206);

// mulberry32: a small seeded generator, so a failure can be replayed.
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const chance = (p) => random() < p;

const NAMES = ["Body", "From", "To", "MessageSid", "SmsStatus", "MessageStatus", "ToCity",
  "FromZip", "Digits", "MediaUrl0", "ErrorCode", "AccountSid", "ProfileName", "Ñame", "naïve",
  "emoji😀", "Ｆｕｌｌ", "a b", "x+y", "k=v&w", "100%", "Z", "a", "_", "ApiVersion"];
const PIECES = ["a", "Z", "0", "9", " ", "+", "&", "=", "%", "/", "?", "#", ":", "'", "\"",
  "ñ", "é", "€", "Sí", "😀", "👍🏽", "\uE000", "\uFF21", "\uFFFD", "中文", "\t", "\n", "~", "*"];
const HOSTS = ["gw.example.org", "clinic.example.com", "127.0.0.1", "[::1]", "localhost"];
const PATHS = ["/api/v2/webhooks/twilio/0b7e3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e01", "/hooks/sms",
  "/a/b%20c", "/", "/status.php"];
const QUERIES = ["", "?tenant=clinic-7", "?a=1&b=2&a=3", "?q=caf%C3%A9", "?x=a+b",
  "?empty=&flag", "?bodyless=1#frag"];

function randomValue() {
  if (chance(0.15)) return "";
  let value = "";
  const length = 1 + Math.floor(random() * 8);
  for (let i = 0; i < length; i++) value += pick(PIECES);
  return value;
}

function randomUrl() {
  const scheme = pick(["https://", "http://"]);
  const port = pick(["", "", ":443", ":80", ":8443", ":3000"]);
  return scheme + pick(HOSTS) + port + pick(PATHS) + pick(QUERIES);
}

// Fields as Twilio would post them, in a random order, names possibly repeated.
function randomFields() {
  const fields = [];
  const count = Math.floor(random() * 12);
  for (let i = 0; i < count; i++) {
    const name = pick(NAMES);
    fields.push([name, randomValue()]);
    if (chance(0.2)) fields.push([name, chance(0.3) ? fields[fields.length - 1][1] : randomValue()]);
  }
  return fields;
}

function encode(fields, plusForSpace) {
  return fields
    .map(([n, v]) => [n, v].map((s) => {
      const e = encodeURIComponent(s);
      return plusForSpace ? e.replace(/%20/g, "+") : e;
    }).join("="))
    .join("&");
}

function splitPort(url) {
  const m = /^([a-z]+:\/\/)([^/?#]*)(.*)$/i.exec(url);
  const authority = m[2];
  const colon = authority.indexOf(":", authority.lastIndexOf("]") + 1);
  return { scheme: m[1], host: colon < 0 ? authority : authority.slice(0, colon),
           port: colon < 0 ? "" : authority.slice(colon), rest: m[3] };
}
function withoutPort(url) { const p = splitPort(url); return p.scheme + p.host + p.rest; }
function withDefaultPort(url) {
  const p = splitPort(url);
  if (p.port) return url;
  return p.scheme + p.host + (p.scheme === "https://" ? ":443" : ":80") + p.rest;
}

function makeCase() {
  const token = chance(0.5) ? random().toString(16).slice(2).padEnd(32, "7") : "tök€n " + randomValue();
  const url = randomUrl();
  const fields = randomFields();
  const body = encode(fields, chance(0.5));
  const params = querystring.parse(body);
  const kind = pick(["as-is", "as-is", "without-port", "default-port", "other-token",
                     "other-url", "extra-field", "garbage"]);
  let signature;
  switch (kind) {
    case "as-is": signature = twilio.getExpectedTwilioSignature(token, url, params); break;
    case "without-port":
      signature = twilio.getExpectedTwilioSignature(token, withoutPort(url), params); break;
    case "default-port":
      signature = twilio.getExpectedTwilioSignature(token, withDefaultPort(url), params); break;
    case "other-token":
      signature = twilio.getExpectedTwilioSignature(token + "x", url, params); break;
    case "other-url":
      signature = twilio.getExpectedTwilioSignature(token, url + "x", params); break;
    case "extra-field":
      signature = twilio.getExpectedTwilioSignature(
        token, url, querystring.parse(body + "&Extra=1")); break;
    default: signature = "garbage=";
  }
  return {
    input: { token, url, body, signature },
    kind,
    nodeValid: twilio.validateRequest(token, signature, url, params),
    nodeSignature: twilio.getExpectedTwilioSignature(token, url, params),
  };
}

function main() {
  if (!tool) {
    console.error("usage: node twilio_signature_crosscheck.js <twilio_signature_tool> [cases] [seed]");
    process.exit(2);
  }
  const cases = Array.from({ length: caseCount }, makeCase);
  const run = spawnSync(tool, [], {
    input: cases.map((c) => JSON.stringify(c.input)).join("\n") + "\n",
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) {
    console.error("twilio_signature_tool failed:", run.status, run.stderr);
    process.exit(1);
  }
  const answers = run.stdout.trim().split("\n").map((line) => JSON.parse(line));
  let mismatches = 0;
  let accepted = 0;
  cases.forEach((c, i) => {
    const ours = answers[i] || {};
    if (ours.valid) accepted++;
    if (ours.valid !== c.nodeValid || ours.signature !== c.nodeSignature) {
      if (++mismatches <= 5) {
        console.error("mismatch", JSON.stringify({ kind: c.kind, input: c.input, ours,
          node: { valid: c.nodeValid, signature: c.nodeSignature } }));
      }
    }
  });
  console.log(`${cases.length} cases, ${accepted} valid, ${cases.length - accepted} refused, ` +
              `${mismatches} mismatches with twilio ${require("twilio/package.json").version}`);
  // Both outcomes must occur, or the comparison proved nothing.
  if (accepted === 0 || accepted === cases.length) {
    console.error("the generated cases did not exercise both outcomes");
    process.exit(1);
  }
  process.exit(mismatches === 0 ? 0 : 1);
}

main();
