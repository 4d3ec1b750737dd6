#!/usr/bin/env bash
# Send and delivery benchmark (issue #3): the release gateway with one Meta channel whose
# base_url is the bundled provider simulator (tools/provider-sim), over loopback.
#
#   A. accept throughput: wrk POSTs /api/v2/messages/send with options.scheduledAt a week ahead,
#      so each 202 follows the durable commit and no provider call; afterwards every 2xx
#      must be a row in `messages`.
#   B. end to end: wrk POSTs immediate sends (each answered after its first attempt at the
#      simulator, 200 sent, or 202 queued after delivery.send_wait_ms); then the outbox
#      drains (at most 300 s) and the database gives the messages that reached `sent` (were
#      accepted by the simulator) per second, and the latency accept -> sent
#      (messages.sent_at - messages.created_at, bench/sends_report.py). Every 2xx must be a
#      row; the simulator's own count of the sends it accepted is printed beside it.
#   C. immediate sends at a fixed RATE/s (bench/sends_rate.js: open loop, 32 keep-alive
#      connections, latency from each request's due time): the same figures off saturation.
#   S. the simulator alone, last: the same wrk load POSTs what the gateway sends to Meta
#      straight to the simulator, whose rate is the ceiling phase B could reach through it.
#
# Every request has its own recipient (bench/wrk/sends.lua), so the per-recipient pair
# limit never binds; the API and channel rate limits and the backlog bound are raised so that
# they do not cap the run. The simulator posts no status webhooks unless SIM_WEBHOOKS=1, which
# points it at the gateway (statuses sent, delivered, read, 50/100/150 ms after each send):
# that adds the webhook path's work to the same two cores. With INSTANCES=2 every limit and
# thread count below is per instance, and the simulator's webhooks go through nginx too.
#
# Prints two tables for docs/benchmarks.md. Exits 1 when a 2xx is missing from `messages`;
# refusals (non-2xx) and socket errors only warn.
#
# usage: bench/sends.sh [seconds=10] [connections=32]
# env:   STORE=sqlite|postgres (sqlite), INSTANCES=1|2 (1; 2 only with postgres, behind nginx),
#          KEEP_RUN=1: see bench/lib.sh;
#        GATEWAY_BIN: another gateway binary to run (to compare two builds; the release build
#          of the tree is still made and its simulator used);
#        DELIVERY_WORKERS (16), BLOCKING_THREADS (32);
#        POOL (postgres only: storage.read_connections, each instance's connection pool; 24,
#          so that two instances stay within the test cluster's max_connections=100);
#        RATE (200, phase C; 0 skips it), SIM_WEBHOOKS (0);
#        FALLBACK_RATE (0): when above 0, the clinic also has a Twilio SMS channel (the
#          simulator's), phase B's sends carry options.fallbackChannels ['sms'], and the
#          simulator's Meta fails that share of the sends with 131026 (not on WhatsApp), so
#          those messages fall back and go out by SMS: the cost of fallback
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-32}
workers=${DELIVERY_WORKERS:-16}
blocking=${BLOCKING_THREADS:-32}
pool=${POOL:-24}
rate=${RATE:-200}
sim_webhooks=${SIM_WEBHOOKS:-0}
fallback_rate=${FALLBACK_RATE:-0}
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_setup
start_store

"$sim_bin" --host 127.0.0.1 --port 0 --ready-file "$run/sim.port" --log-level warn \
  > "$run/sim.log" 2>&1 &
sim_pid=$!
bench_pids+=("$sim_pid")
wait_for_file "$run/sim.port" provider-sim "$sim_pid"
sim="http://127.0.0.1:$(cat "$run/sim.port")"

storage="{url: \"$store_url\"}"
[ "$store" = sqlite ] || storage="{url: \"$store_url\", read_connections: $pool}"
org=4b1e8f62-3c7d-4a95-b0e1-2f6a9c8d7e53
secret=bench-app-secret
phone_number_id=300000000000002
cat > "$run/gateway.yaml" <<YAML
server: {host: 127.0.0.1, port: 0, blocking_threads: $blocking}
storage: $storage
delivery: {workers: $workers}
limits:
  api_requests_per_second: 1000000
  api_burst: 1000000
  channel_messages_per_second: 1000000
  channel_burst: 1000000
  pair_burst: 45
  pair_interval_ms: 6000
  max_backlog: 10000000
  # One organization is the whole load here: let it use every blocking thread.
  max_concurrent_per_organization: $blocking
logging: {level: warn}
# Free text to patients who never wrote, against a simulator that does not enforce the window.
whatsapp: {enforce_service_window: false}
$(organization_yaml "$org" "$phone_number_id" "$sim" ", timeout_ms: 10000")
YAML
if [ "$fallback_rate" != 0 ]; then
  cat >> "$run/gateway.yaml" <<YAML
      - {type: sms, provider: twilio, provider_config:
          {base_url: "$sim", account_sid: AC00000000000000000000000000000001,
           auth_token: sim-twilio-auth-token, from: "+14155238886", timeout_ms: 10000}}
YAML
fi

# migrate creates the organization and its channel; the key is the last line on stdout.
gateway_cli migrate > "$run/migrate.log" 2>&1 || { cat "$run/migrate.log" >&2; exit 1; }
token=$(gateway_cli key create --org "$org" --name bench | tail -n 1)
start_gateways
url="$gateway_url/api/v2/messages/send"

if [ "$sim_webhooks" = 1 ]; then
  curl -sf -X POST "$sim/_sim/webhook-target" -H 'Content-Type: application/json' \
    -d "{\"url\":\"$gateway_url/api/v2/webhooks/whatsapp/$org\",\"app_secret\":\"$secret\",
         \"statuses\":[\"sent\",\"delivered\",\"read\"],\"status_delays_ms\":[50,100,150]}" \
    >/dev/null
fi

phase_rows() { sql "SELECT COUNT(*) FROM messages WHERE content LIKE 'bench $1 %'"; }
sim_count() {
  curl -sf "$sim/_sim/messages" | python3 -c 'import json, sys; print(json.load(sys.stdin)["count"])'
}
# Waits (at most 300 s) until no immediate send is pending; prints the seconds it took.
drain() {
  local start; start=$(date +%s)
  until [ "$(sql "SELECT COUNT(*) FROM messages WHERE direction = 'outbound'
                  AND delivery_status = 'pending' AND content NOT LIKE 'bench later %'")" = 0 ]; do
    [ $(( $(date +%s) - start )) -lt 300 ] || bench_die "outbox did not drain"
    sleep 0.2
  done
  echo $(( $(date +%s) - start ))
}

describe_machine
echo "== A: accept (scheduled, durable): wrk -t$wrk_threads -c$connections -d${seconds}s"
accept=$(wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency \
  -s bench/wrk/sends.lua "$url" -- "$token" later "$wrk_threads" | grep RESULT)
echo "$accept"
rows_a=$(phase_rows later)
echo "message rows of phase A: $rows_a"

echo "== B: immediate sends: wrk -t$wrk_threads -c$connections -d${seconds}s, then the outbox drains"
curl -sf -X DELETE "$sim/_sim/messages" >/dev/null
plan=""
if [ "$fallback_rate" != 0 ]; then
  plan=fallback
  curl -sf -X POST "$sim/_sim/control" -H 'Content-Type: application/json' \
    -d "{\"failure_rate\":$fallback_rate,\"error_code\":131026,\"http_status\":400,
         \"error_message\":\"Message undeliverable\",\"seed\":7}" >/dev/null
fi
cpu_before_b="$(cpu_ms "${gateway_pids[@]}") $(cpu_ms "$sim_pid") $(switches "${gateway_pids[0]}")"
e2e=$(wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency \
  -s bench/wrk/sends.lua "$url" -- "$token" now "$wrk_threads" $plan | grep RESULT)
echo "$e2e"
drained_b=$(drain)
read -r gateway_cpu_b sim_cpu_b switches_b <<<"$cpu_before_b"
switches_b=$(( $(switches "${gateway_pids[0]}") - switches_b ))
gateway_cpu_b=$(( $(cpu_ms "${gateway_pids[@]}") - gateway_cpu_b ))
sim_cpu_b=$(( $(cpu_ms "$sim_pid") - sim_cpu_b ))
e2e_db=$(python3 bench/sends_report.py "$store_url" now)
sim_b=$(sim_count)
echo "$e2e_db"
echo "outbox drained ${drained_b}s after wrk stopped; sends recorded by the simulator: $sim_b"
if [ "$fallback_rate" != 0 ]; then
  fell_back=$(sql "SELECT COUNT(*) FROM messages WHERE content LIKE 'bench now %' AND plan_step = 1")
  sms_b=$(curl -sf "$sim/_sim/twilio/messages" | python3 -c 'import json, sys; print(json.load(sys.stdin)["count"])')
  echo "fell back to SMS: $fell_back messages; SMS recorded by the simulated Twilio: $sms_b"
  curl -sf -X POST "$sim/_sim/control" -H 'Content-Type: application/json' \
    -d '{"failure_rate":0}' >/dev/null
fi

if [ "$rate" != 0 ]; then
  echo "== C: immediate sends at ${rate}/s for ${seconds}s (open loop, 32 connections)"
  curl -sf -X DELETE "$sim/_sim/messages" >/dev/null
  at_rate=$(node bench/sends_rate.js "$url" "$token" "$rate" "$seconds" | grep RESULT)
  echo "$at_rate"
  drain >/dev/null
  rate_db=$(python3 bench/sends_report.py "$store_url" rate)
  sim_c=$(sim_count)
  echo "$rate_db"
  echo "sends recorded by the simulator: $sim_c"
fi

# Last, so that the messages the simulator keeps from it weigh on no phase of the gateway.
echo "== S: the simulator alone: wrk -t$wrk_threads -c$connections -d${seconds}s"
sim_alone=$(wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency \
  -s bench/wrk/sends.lua "$sim/v23.0/$phone_number_id/messages" -- bench sim "$wrk_threads" \
  | grep RESULT)
echo "$sim_alone"

# One row of each table: answers seen by the load generator, then the phase read back from
# the database (and the simulator's count of the sends it recorded).
answers_row() {  # label, load RESULT, rows
  echo "| $1 | $(field "$2" ok_rps) | $(field "$2" p50_ms) | $(field "$2" p99_ms) |" \
    "$(field "$2" ok) | $(field "$2" non2xx) | $3 |"
}
delivery_row() {  # label, report RESULT, simulator count
  echo "| $1 | $(field "$2" sent) | $3 | $(field "$2" failed) | $(field "$2" sent_per_s) |" \
    "$(field "$2" p50_ms) | $(field "$2" p90_ms) | $(field "$2" p99_ms) | $(field "$2" max_ms) |"
}
echo
describe_setup
describe_gateways
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "per instance: delivery.workers=$workers server.blocking_threads=$blocking$([ "$store" = sqlite ] || echo " storage.read_connections=$pool"); sim webhooks=$sim_webhooks"
echo
echo "| run | 2xx/s | p50 ms | p99 ms | 2xx | non-2xx | message rows |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
answers_row "A. scheduled sends, wrk c=$connections" "$accept" "$rows_a"
answers_row "B. immediate sends, wrk c=$connections" "$e2e" "$(field "$e2e_db" rows)"
answers_row "S. the simulator alone, wrk c=$connections" "$sim_alone" "-"
if [ "$rate" != 0 ]; then
  answers_row "C. immediate sends, ${rate}/s fixed" "$at_rate" "$(field "$rate_db" rows)"
fi
echo
echo "| run | reached sent | at the simulator | failed | sent/s | accept->sent p50 ms | p90 | p99 | max |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
delivery_row "B. immediate, wrk c=$connections" "$e2e_db" "$sim_b"
[ "$rate" = 0 ] || delivery_row "C. immediate, ${rate}/s fixed" "$rate_db" "$sim_c"
echo "(B: wrk answered $(field "$e2e" sent200) sent, $(field "$e2e" queued202) queued," \
  "$(field "$e2e" socket_errors) socket errors; the outbox drained ${drained_b}s after the run)"
sent_b=$(field "$e2e_db" sent)
[ "$sent_b" -gt 0 ] && echo "(B: CPU per message sent: the gateway $((gateway_cpu_b * 1000 / sent_b)) µs," \
  "the simulator $((sim_cpu_b * 1000 / sent_b)) µs; ${gateway_cpu_b} and ${sim_cpu_b} ms in all;" \
  "the gateway's (first instance's) threads switched $((switches_b * 10 / sent_b / 10)).$((switches_b * 10 / sent_b % 10)) times per message)"

fail=0
phases=("A $(field "$accept" ok) $rows_a" "B $(field "$e2e" ok) $(field "$e2e_db" rows)")
[ "$rate" = 0 ] || phases+=("C $(field "$at_rate" ok) $(field "$rate_db" rows)")
for phase in "${phases[@]}"; do
  read -r name acknowledged stored <<<"$phase"
  if [ "$stored" -lt "$acknowledged" ]; then
    echo "FAIL: phase $name: $acknowledged sends acknowledged but only $stored stored" >&2
    fail=1
  fi
done
# Refusals (429, 503, ...) and socket errors do not fail the run, but the figures are not
# clean without a look.
for result in "$accept" "$e2e" "$sim_alone" ${at_rate:+"$at_rate"}; do
  if [ "$(field "$result" non2xx)" != 0 ] || [ "$(field "$result" socket_errors)$(field "$result" errors)" != 0 ]; then
    echo "WARNING: some sends were refused or failed (non2xx=, socket_errors=, errors= above)" >&2
  fi
done
exit "$fail"
