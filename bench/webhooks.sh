#!/usr/bin/env bash
# Webhook ingestion benchmark: distinct signed Meta webhooks, half inbound text messages and
# half delivery statuses (bench/make_webhooks.py),
# POSTed over loopback to /api/v2/webhooks/whatsapp/{organizationId} of the release gateway.
#
#   1. saturation: wrk -t2, each webhook verified (HMAC), stored and committed before its 200;
#      afterwards every 200 must be a row of `webhook_logs`, then the processor must apply the
#      whole backlog (at most 300 s); what was left when wrk stopped, divided by the time it
#      took with nothing arriving, is processing's own rate (`alone_rate`);
#   2. fresh webhooks at a fixed 1,000 requests/s (bench/rate.js: open loop, 32 keep-alive
#      connections, latency from each request's due time): latency off saturation; again
#      every 200 must be a row;
#   2b. fresh webhooks at half the saturation rate (open loop): the backlog of unprocessed
#      rows at the end and the rate at which the processor applied them (issue 13, point 3);
#   3. the same wrk load (the same bodies) against nginx answering a bare 200 (1 worker): the
#      machine's HTTP ceiling;
#   4. with STORE=postgres, the same wrk load (the same signed bodies) against issue 13's Node
#      baseline (bench/baselines/fastify_pg: fastify + pg, HMAC over the raw body, one INSERT
#      per webhook, 200 after its commit) on the same PostgreSQL cluster, in its own database
#      `baseline`; every 200 must be a row there too.
# The ratios of issue 13's target 1 close the output: gateway / nginx (target >= 1/3) on either
# store, gateway / fastify+pg (target >= 5) on PostgreSQL, all from saturation requests/s
# measured in this run.
# The gateway runs with its default threads and pool (logging at warn). Prints a table for
# docs/benchmarks.md. Exits 1 when a 200 is missing from `webhook_logs`; non-200 answers only
# warn.
#
# usage: bench/webhooks.sh [seconds=10] [connections=64]
# env:   STORE=sqlite|postgres (sqlite), INSTANCES=1|2 (1; 2 only with postgres, behind nginx),
#        KEEP_RUN=1: see bench/lib.sh
#        SENT=1: the statuses name messages the clinic sent (bench/make_data.py
#        --sent-for-statuses writes them, 'sent', before the gateway starts), so processing
#        matches each status and moves its message to 'delivered', as in a clinic; without it
#        no status matches a message (cheaper to apply)
#        PERF=1: profile the gateway (the first instance) during the saturation run with
#        `perf record -F 499 -g` (root, or kernel.perf_event_paranoid <= 1), then write
#        $run/flamegraph.svg (bench/flamegraph.py) and print its top leaf and inclusive
#        functions; PERF_OUT=<file.svg> copies the flame graph there (the run directory goes
#        unless KEEP_RUN=1). PERF_CALLGRAPH=dwarf replaces -g's frame-pointer stacks (the
#        release build omits frame pointers, so -g's callers above our own code are partial).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-64}
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_setup
start_store

webhook_gateway_config

# Enough distinct bodies that no run repeats one (a repeat would be a duplicate, not a row).
total=$(( seconds * 40000 ))
rate_total=$(( seconds * 1500 > 20000 ? seconds * 1500 : 20000 ))
python3 bench/make_webhooks.py "$total" "$secret" 300000000000001 "$run/webhooks.tsv"
python3 bench/make_webhooks.py "$rate_total" "$secret" 300000000000001 "$run/rate.tsv" "$total"

gateway_cli migrate > "$run/migrate.log" 2>&1 || { cat "$run/migrate.log" >&2; exit 1; }
if [ "${SENT:-0}" = 1 ]; then
  # Every wamid the runs below can use: the half-saturation phase's come after rate.tsv's and
  # number at most half of saturation's, which stays under `total`.
  python3 bench/make_data.py "$store_url" "$org" \
    --sent-for-statuses $(( 2 * total + rate_total + 1000 )) > "$run/make_data.log" ||
    { cat "$run/make_data.log" >&2; exit 1; }
  grep '^RESULT' "$run/make_data.log"
fi
start_gateways
gateway_pid=${bench_pids[0]} # start_gateways' first process: instance 1
url="$gateway_url/api/v2/webhooks/whatsapp/$org"

count_rows() { sql "SELECT COUNT(*) FROM webhook_logs"; }

describe_machine
echo "== gateway: wrk -t$wrk_threads -c$connections -d${seconds}s (saturation)"
if [ "${PERF:-0}" = 1 ]; then
  command -v perf >/dev/null || bench_die "PERF=1 needs perf (linux-perf)"
  callgraph=(-g)
  [ -z "${PERF_CALLGRAPH:-}" ] || callgraph=(--call-graph "$PERF_CALLGRAPH")
  # Attached for exactly the wrk run's duration; `sleep` bounds it, not a signal.
  perf record -F 499 "${callgraph[@]}" -p "$gateway_pid" -o "$run/perf.data" -- sleep "$seconds" \
    >"$run/perf.log" 2>&1 &
  perf_pid=$!
  bench_pids+=("$perf_pid")
fi
saturation=$(wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency \
  -s bench/wrk/webhooks.lua "$url" -- "$run/webhooks.tsv" "$wrk_threads" | grep RESULT)
echo "$saturation"
rows_after_wrk=$(count_rows)
echo "rows in webhook_logs: $rows_after_wrk"
if [ "${PERF:-0}" = 1 ]; then
  wait "$perf_pid" || { cat "$run/perf.log" >&2; bench_die "perf record failed"; }
  echo "== perf: $(grep -o 'Captured.*' "$run/perf.log" || true)"
  perf script -i "$run/perf.data" 2>"$run/perf-script.log" |
    python3 bench/flamegraph.py --svg "$run/flamegraph.svg" \
      --title "mensajero ($store), webhook ingest at saturation, wrk -c$connections ${seconds}s" \
      --folded "$run/perf.folded" | tee "$run/perf-top.txt"
  if [ -n "${PERF_OUT:-}" ]; then
    cp "$run/flamegraph.svg" "$PERF_OUT"
    echo "flame graph: $PERF_OUT"
  fi
fi

# Measure the fixed rate on an idle gateway: let the processor apply the saturation backlog.
# What was left when wrk stopped, applied with nothing arriving, is processing's own rate.
drain_start=$(date +%s)
drain_start_ms=$(date +%s%3N)
left_after_wrk=$(sql "SELECT COUNT(*) FROM webhook_logs WHERE status = 'received'")
until [ "$(sql "SELECT COUNT(*) FROM webhook_logs WHERE status = 'received'")" = 0 ]; do
  [ $(( $(date +%s) - drain_start )) -lt 300 ] || bench_die "backlog did not drain"
  sleep 0.2
done
drain_ms=$(( $(date +%s%3N) - drain_start_ms ))
echo "backlog of $rows_after_wrk webhooks applied in $(( drain_ms / 1000 ))s"
echo "RESULT left_after_wrk=$left_after_wrk drain_ms=$drain_ms" \
  "alone_rate=$(( left_after_wrk * 1000 / (drain_ms > 0 ? drain_ms : 1) ))"

echo "== gateway: open loop at 1000/s for ${seconds}s, 32 connections (latency at a fixed rate)"
at_rate=$(node bench/rate.js "$url" "$run/rate.tsv" 1000 "$seconds" | grep RESULT)
echo "$at_rate"
rows_after_rate=$(count_rows)

# Processing keeps up (issue 13, point 3): fresh webhooks at half the saturation rate; the
# processor must apply them as fast as they arrive, so the backlog of unprocessed rows stays
# flat. Drain rate = rows applied during the phase / its length.
count_backlog() { sql "SELECT COUNT(*) FROM webhook_logs WHERE status = 'received'"; }
wait_drained() {
  local start
  start=$(date +%s)
  until [ "$(count_backlog)" = 0 ]; do
    [ $(( $(date +%s) - start )) -lt 300 ] || bench_die "backlog did not drain"
    sleep 0.2
  done
}
half_rate=$(( $(field "$saturation" rps) / 2 ))
python3 bench/make_webhooks.py $(( half_rate * seconds + 1000 )) "$secret" 300000000000001 \
  "$run/half.tsv" $(( total + rate_total ))
wait_drained
rows_before_half=$(count_rows)
echo "== gateway: open loop at ${half_rate}/s (half of saturation) for ${seconds}s, 32 connections"
half=$(node bench/rate.js "$url" "$run/half.tsv" "$half_rate" "$seconds" | grep RESULT)
backlog_after_half=$(count_backlog)
half_rows=$(( $(count_rows) - rows_before_half ))
half_drain_rate=$(( (half_rows - backlog_after_half) / seconds ))
echo "$half"
echo "RESULT half_rate=$half_rate stored=$half_rows backlog_at_end=$backlog_after_half drain_rate=$half_drain_rate"
wait_drained
if [ "${SENT:-0}" = 1 ]; then
  # Each stored status moved its message forward: as many delivered as statuses stored.
  if [ "$store" = sqlite ]; then
    is_status="instr(CAST(payload AS TEXT), '\"statuses\"') > 0"
  else
    is_status="position('\"statuses\"' IN convert_from(payload, 'UTF8')) > 0"
  fi
  statuses_stored=$(sql "SELECT COUNT(*) FROM webhook_logs WHERE $is_status")
  delivered=$(sql "SELECT COUNT(*) FROM messages WHERE direction = 'outbound' AND \
delivery_status = 'delivered'")
  echo "RESULT statuses_stored=$statuses_stored sent_messages_delivered=$delivered"
  [ "$delivered" = "$statuses_stored" ] ||
    bench_die "SENT=1: $statuses_stored statuses stored but $delivered messages delivered"
fi

ceiling_port=$(free_port)
start_nginx ceiling "server { listen 127.0.0.1:$ceiling_port; location / { return 200 \"{}\"; } }"
echo "== nginx 'return 200': wrk -t$wrk_threads -c$connections -d${seconds}s (HTTP ceiling, 1 worker, same bodies)"
# The very load of the gateway's run (issue 13 compares like with like): nginx reads and drops
# the same signed bodies of about 1 KB.
ceiling=$(wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency \
  -s bench/wrk/webhooks.lua "http://127.0.0.1:$ceiling_port/api/v2/webhooks/whatsapp/$org" \
  -- "$run/webhooks.tsv" "$wrk_threads" | grep RESULT)
echo "$ceiling"

if [ "$store" = postgres ]; then
  admin_url=$(cat "$bench_pg_dir/url")
  psql "$admin_url" -XqAtc "CREATE DATABASE baseline" >/dev/null
  baseline_url="${admin_url%/postgres}/baseline"
  node bench/baselines/fastify_pg/server.js "$baseline_url" "$secret" "$run/baseline.port" \
    >"$run/baseline.log" 2>&1 &
  bench_pids+=("$!")
  wait_for_file "$run/baseline.port" "fastify+pg baseline" "$!"
  echo "== Node fastify+pg baseline: wrk -t$wrk_threads -c$connections -d${seconds}s (same bodies, same secret)"
  baseline=$(wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency \
    -s bench/wrk/webhooks.lua "http://127.0.0.1:$(cat "$run/baseline.port")/api/v2/webhooks/whatsapp/$org" \
    -- "$run/webhooks.tsv" "$wrk_threads" | grep RESULT)
  echo "$baseline"
  baseline_rows=$(psql "$baseline_url" -XqAtc "SELECT COUNT(*) FROM baseline_webhooks")
  echo "rows in baseline_webhooks: $baseline_rows"
fi

# ratio <numerator> <denominator>: two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
ratio_nginx=$(ratio "$(field "$saturation" rps)" "$(field "$ceiling" rps)")
[ "$store" != postgres ] || ratio_baseline=$(ratio "$(field "$saturation" rps)" "$(field "$baseline" rps)")
echo "RESULT ratio_nginx=$ratio_nginx${ratio_baseline:+ ratio_baseline=$ratio_baseline}"

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
echo "| gateway, ${half_rate}/s fixed rate (half of saturation) | $(field "$half" rps) | $(field "$half" p50_ms) | $(field "$half" p99_ms) | $(field "$half" ok) | $half_rows new, $backlog_after_half unprocessed at the end; applied $half_drain_rate/s |"
echo "| nginx return 200 (1 worker), wrk saturation | $(field "$ceiling" rps) | $(field "$ceiling" p50_ms) | $(field "$ceiling" p99_ms) | - | - |"
if [ "$store" = postgres ]; then
  echo "| Node fastify+pg baseline, wrk saturation | $(field "$baseline" rps) | $(field "$baseline" p50_ms) | $(field "$baseline" p99_ms) | $(field "$baseline" ok) | $baseline_rows |"
fi
echo
echo "| ratio of saturation requests/s | measured | target (issue 13) |"
echo "| --- | ---: | ---: |"
echo "| gateway / nginx return 200 | $ratio_nginx | >= 0.33 |"
[ "$store" != postgres ] || echo "| gateway / Node fastify+pg | $ratio_baseline | >= 5 |"
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
if [ "$store" = postgres ]; then
  if [ "$(field "$baseline" failed)" != 0 ]; then
    echo "WARNING: the baseline did not answer 200 to some webhooks (failed= above)" >&2
  fi
  if [ "$baseline_rows" -lt "$(field "$baseline" ok)" ]; then
    echo "FAIL: the baseline acknowledged $(field "$baseline" ok) webhooks but stored $baseline_rows" >&2
    fail=1
  fi
fi
exit "$fail"
