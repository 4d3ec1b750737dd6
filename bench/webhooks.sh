#!/usr/bin/env bash
# Webhook ingestion benchmark: distinct signed Meta status webhooks (bench/make_webhooks.py)
# POSTed over loopback to /api/v2/webhooks/whatsapp/{organizationId} of the release gateway.
#
#   1. saturation: wrk -t2, each webhook verified (HMAC), stored and committed before its 200;
#      afterwards every 200 must be a row of `webhook_logs`, then the processor must apply the
#      whole backlog (at most 300 s);
#   2. fresh webhooks at a fixed 1,000 requests/s (bench/rate.js: open loop, 32 keep-alive
#      connections, latency from each request's due time): latency off saturation; again
#      every 200 must be a row;
#   3. the same wrk load against nginx answering a bare 200 (1 worker): the machine's HTTP
#      ceiling.
# The gateway runs with its default threads and pool (logging at warn). Prints a table for
# docs/benchmarks.md. Exits 1 when a 200 is missing from `webhook_logs`; non-200 answers only
# warn.
#
# usage: bench/webhooks.sh [seconds=10] [connections=64]
# env:   STORE=sqlite|postgres (sqlite), INSTANCES=1|2 (1; 2 only with postgres, behind nginx),
#        KEEP_RUN=1: see bench/lib.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-64}
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_setup
start_store

org=9d7a4c2e-0f1b-4e3a-8c5d-6b7e8f9a0b1c
secret=bench-app-secret
cat > "$run/gateway.yaml" <<YAML
server: {host: 127.0.0.1, port: 0}
storage: {url: "$store_url"}
logging: {level: warn}
$(organization_yaml "$org" 300000000000001 "http://127.0.0.1:9" "")
YAML

# Enough distinct bodies that no run repeats one (a repeat would be a duplicate, not a row).
total=$(( seconds * 40000 ))
rate_total=$(( seconds * 1500 > 20000 ? seconds * 1500 : 20000 ))
python3 bench/make_webhooks.py "$total" "$secret" 300000000000001 "$run/webhooks.tsv"
python3 bench/make_webhooks.py "$rate_total" "$secret" 300000000000001 "$run/rate.tsv" "$total"

gateway_cli migrate > "$run/migrate.log" 2>&1 || { cat "$run/migrate.log" >&2; exit 1; }
start_gateways
url="$gateway_url/api/v2/webhooks/whatsapp/$org"

count_rows() { sql "SELECT COUNT(*) FROM webhook_logs"; }

describe_machine
echo "== gateway: wrk -t$wrk_threads -c$connections -d${seconds}s (saturation)"
saturation=$(wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency \
  -s bench/wrk/webhooks.lua "$url" -- "$run/webhooks.tsv" "$wrk_threads" | grep RESULT)
echo "$saturation"
rows_after_wrk=$(count_rows)
echo "rows in webhook_logs: $rows_after_wrk"

# Measure the fixed rate on an idle gateway: let the processor apply the saturation backlog.
drain_start=$(date +%s)
until [ "$(sql "SELECT COUNT(*) FROM webhook_logs WHERE status = 'received'")" = 0 ]; do
  [ $(( $(date +%s) - drain_start )) -lt 300 ] || bench_die "backlog did not drain"
  sleep 0.5
done
echo "backlog of $rows_after_wrk webhooks applied in $(( $(date +%s) - drain_start ))s"

echo "== gateway: open loop at 1000/s for ${seconds}s, 32 connections (latency at a fixed rate)"
at_rate=$(node bench/rate.js "$url" "$run/rate.tsv" 1000 "$seconds" | grep RESULT)
echo "$at_rate"
rows_after_rate=$(count_rows)

ceiling_port=$(free_port)
start_nginx ceiling "server { listen 127.0.0.1:$ceiling_port; location / { return 200 \"{}\"; } }"
echo "== nginx 'return 200': wrk -t$wrk_threads -c$connections -d${seconds}s (HTTP ceiling, 1 worker)"
ceiling=$(wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency \
  -s bench/wrk/post_any.lua "http://127.0.0.1:$ceiling_port/" | grep RESULT)
echo "$ceiling"

ok_wrk=$(field "$saturation" ok)
ok_rate=$(field "$at_rate" ok)
echo
describe_setup
describe_gateways
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| run | requests/s | p50 ms | p99 ms | acknowledged | durable rows |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
echo "| gateway, wrk saturation (c=$connections) | $(field "$saturation" rps) | $(field "$saturation" p50_ms) | $(field "$saturation" p99_ms) | $ok_wrk | $rows_after_wrk |"
echo "| gateway, 1000/s fixed rate | $(field "$at_rate" rps) | $(field "$at_rate" p50_ms) | $(field "$at_rate" p99_ms) | $ok_rate | $((rows_after_rate - rows_after_wrk)) new |"
echo "| nginx return 200 (1 worker), wrk saturation | $(field "$ceiling" rps) | $(field "$ceiling" p50_ms) | $(field "$ceiling" p99_ms) | - | - |"
fail=0
if [ "$(field "$saturation" failed)" != 0 ] || [ "$(field "$at_rate" non2xx)" != 0 ] ||
  [ "$(field "$at_rate" errors)" != 0 ]; then
  echo "WARNING: some webhooks were not answered 200 (failed=, non2xx=, errors= above)" >&2
fi
if [ "$rows_after_wrk" -lt "$ok_wrk" ]; then
  echo "FAIL: $ok_wrk webhooks acknowledged but only $rows_after_wrk stored" >&2
  fail=1
fi
if [ $((rows_after_rate - rows_after_wrk)) -lt "$ok_rate" ]; then
  echo "FAIL: $ok_rate webhooks acknowledged at 1000/s but only $((rows_after_rate - rows_after_wrk)) stored" >&2
  fail=1
fi
exit "$fail"
