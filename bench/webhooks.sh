#!/usr/bin/env bash
# Webhook ingestion benchmark: distinct signed Meta status webhooks into the release gateway
# over loopback (SQLite, synchronous=FULL), then the same wrk load against nginx answering a
# bare 200, for the machine's HTTP ceiling. Checks that every acknowledged webhook is a row
# in the database. Prints a table for docs/benchmarks.md.
#
# usage: bench/webhooks.sh [seconds=10] [connections=64]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-64}

scripts/bootstrap bench >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release --target mensajero >/dev/null
[ -d bench/node_modules/autocannon ] || npm install --silent --prefix bench >/dev/null

run=$(mktemp -d /tmp/mensajero-bench-XXXXXX)
gateway_pid=""; nginx_started=""
cleanup() {
  [ -n "$gateway_pid" ] && kill "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null
  [ -n "$nginx_started" ] && nginx -p "$run/nginx" -c nginx.conf -s stop 2>/dev/null
  rm -rf "$run"
}
trap cleanup EXIT

org=9d7a4c2e-0f1b-4e3a-8c5d-6b7e8f9a0b1c
secret=bench-app-secret
cat > "$run/gateway.yaml" <<YAML
server: {host: 127.0.0.1, port: 0}
storage: {url: "sqlite:$run/bench.db"}
logging: {level: warn}
organizations:
  - id: $org
    name: Bench Clinic
    channels:
      - {type: whatsapp, provider: meta, provider_config:
          {phone_number_id: "300000000000001", access_token: bench, app_secret: $secret,
           base_url: "http://127.0.0.1:9"}}
YAML

# Enough distinct bodies that no run repeats one.
total=$(( seconds * 40000 ))
python3 bench/make_webhooks.py "$total" "$secret" 300000000000001 "$run/webhooks.tsv"
python3 bench/make_webhooks.py 20000 "$secret" 300000000000001 "$run/rate.tsv" "$total"

build/release/src/app/mensajero --config "$run/gateway.yaml" serve --ready-file "$run/port" \
  > "$run/gateway.log" 2>&1 &
gateway_pid=$!
for _ in $(seq 200); do [ -s "$run/port" ] && break; sleep 0.05; done
port=$(cat "$run/port")
url="http://127.0.0.1:$port/api/v2/webhooks/whatsapp/$org"

count_rows() { sqlite3 "$run/bench.db" "SELECT COUNT(*) FROM webhook_logs"; }

echo "== gateway: wrk -t2 -c$connections -d${seconds}s (saturation)"
saturation=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/wrk/webhooks.lua \
  "$url" -- "$run/webhooks.tsv" 2 | grep RESULT)
echo "$saturation"
rows_after_wrk=$(count_rows)
echo "rows in webhook_logs: $rows_after_wrk"

# Measure the fixed rate on an idle gateway: let the processor apply the saturation backlog.
drain_start=$(date +%s)
until [ "$(sqlite3 "$run/bench.db" "SELECT COUNT(*) FROM webhook_logs WHERE status = 'received'")" = 0 ]; do
  [ $(( $(date +%s) - drain_start )) -lt 300 ] || { echo "backlog did not drain" >&2; exit 1; }
  sleep 0.5
done
echo "backlog of $rows_after_wrk webhooks applied in $(( $(date +%s) - drain_start ))s"

echo "== gateway: autocannon at 1000/s for ${seconds}s (latency at a fixed rate)"
at_rate=$(node bench/rate.js "$url" "$run/rate.tsv" 1000 "$seconds" | grep RESULT)
echo "$at_rate"
rows_after_rate=$(count_rows)

mkdir -p "$run/nginx/logs"
cat > "$run/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid $run/nginx/nginx.pid;
error_log $run/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $run/nginx;
  server { listen 127.0.0.1:18099; location / { return 200 "{}"; } }
}
NGINX
nginx -p "$run/nginx" -c nginx.conf && nginx_started=1
echo "== nginx 'return 200': wrk -t2 -c$connections -d${seconds}s (HTTP ceiling, 1 worker)"
ceiling=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/wrk/post_any.lua \
  http://127.0.0.1:18099/ | grep RESULT)
echo "$ceiling"

field() { echo "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }
ok_wrk=$(field "$saturation" ok)
ok_rate=$(field "$at_rate" ok)
echo
echo "| run | requests/s | p50 ms | p99 ms | acknowledged | durable rows |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
echo "| gateway, wrk saturation (c=$connections) | $(field "$saturation" rps) | $(field "$saturation" p50_ms) | $(field "$saturation" p99_ms) | $ok_wrk | $rows_after_wrk |"
echo "| gateway, 1000/s fixed rate | $(field "$at_rate" rps) | $(field "$at_rate" p50_ms) | $(field "$at_rate" p99_ms) | $ok_rate | $((rows_after_rate - rows_after_wrk)) new |"
echo "| nginx return 200 (1 worker), wrk saturation | $(field "$ceiling" rps) | $(field "$ceiling" p50_ms) | $(field "$ceiling" p99_ms) | - | - |"
if [ "$rows_after_wrk" -lt "$ok_wrk" ]; then
  echo "FAIL: $ok_wrk webhooks acknowledged but only $rows_after_wrk stored" >&2
  exit 1
fi
