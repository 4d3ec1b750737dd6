#!/usr/bin/env bash
# Scale with data (issue 13, point 5): the same loads on an empty database and on one holding a
# large history (bench/make_data.py: by default 5,000,000 messages, 1,000,000 patients and
# conversations, 2,000,000 stored webhooks, one conversation of 10,000 messages and 1,000,000
# sends scheduled 1 to 28 days ahead), spread over four clinics, the benchmark's among them.
#
#   a. empty database (migrated, nothing else): the outbox claim's plan and cost
#      (bench/scale_claim.py), then webhook ingest (wrk, distinct signed Meta webhooks,
#      bench/wrk/webhooks.lua, as bench/webhooks.sh), the processor drains the backlog, then
#      durable accepts (wrk, sends scheduled a week ahead, bench/wrk/sends.lua, as phase A of
#      bench/sends.sh);
#   b. a fresh database of the same schema filled by make_data (its time is printed), the
#      gateway started on it, the same claim check and the same two loads, with the same
#      webhook bodies and recipients: the two runs do the same work but for the data around it;
#   c. on the full database: GET /api/v2/conversations/{id} of the 10,000-message conversation,
#      REQUESTS sequential requests of its first page (p50/p99/max), then a walk of all its
#      pages (limit=200, `before` cursor) that must return every message once (bench/scale_get.py);
#   d. the claim with the scheduled messages in the outbox and none due: its plan must bound
#      the walk by next_attempt_at (O(due), not O(scheduled)), and its time is compared with (a).
#
# Targets (printed, not enforced): full/empty rates at least 0.70; GET p99 under 5 ms; the
# claim a range (plan=range) and not slower with the scheduled messages. Exits 1 on a
# correctness failure: an acknowledged webhook or send missing from the database, the filled
# database not holding what make_data was asked for, the conversation's pages wrong.
#
# usage: bench/scale.sh [seconds=10] [connections=64]
# env:   STORE=sqlite|postgres (sqlite), KEEP_RUN=1: see bench/lib.sh (one gateway instance);
#        SCALE_MESSAGES, SCALE_PATIENTS, SCALE_WEBHOOKS, SCALE_FUTURE, SCALE_CONVERSATION:
#        make_data's sizes (a smoke run: SCALE_MESSAGES=50000 SCALE_PATIENTS=10000
#        SCALE_WEBHOOKS=20000 SCALE_FUTURE=10000); REQUESTS (2000): GETs in (c)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-64}
requests=${REQUESTS:-2000}
[ "${INSTANCES:-1}" = 1 ] || { echo "scale.sh runs one gateway instance" >&2; exit 1; }
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_setup
start_store

org=9d7a4c2e-0f1b-4e3a-8c5d-6b7e8f9a0b1c
secret=bench-app-secret
phone_number_id=300000000000001
# Three more clinics share the database (make_data spreads its rows over all four); none of
# them takes load.
other_clinics=""
for i in 2 3 4; do
  other_clinics+="
  - id: 00000000-5ca0-4000-8000-00000000000$i
    name: Scale Clinic $i
    channels:
      - {type: whatsapp, provider: meta, provider_config:
          {phone_number_id: \"30000000000010$i\", access_token: bench, app_secret: $secret,
           base_url: \"http://127.0.0.1:9\"}}"
done
# As bench/sends.sh: the rate limits, the per-organization concurrency and the backlog bound
# must not cap the run (the backlog bound counts the scheduled messages too), and free text may
# go to patients who never wrote.
blocking=32
cat > "$run/gateway.yaml" <<YAML
server: {host: 127.0.0.1, port: 0, blocking_threads: $blocking}
storage: {url: "$store_url"}
delivery: {workers: 16}
limits:
  api_requests_per_second: 1000000
  api_burst: 1000000
  channel_messages_per_second: 1000000
  channel_burst: 1000000
  pair_burst: 45
  pair_interval_ms: 6000
  max_backlog: 100000000
  max_concurrent_per_organization: $blocking
logging: {level: warn}
whatsapp: {enforce_service_window: false}
$(organization_yaml "$org" "$phone_number_id" "http://127.0.0.1:9" "")$other_clinics
YAML

total=$(( seconds * 40000 ))
python3 bench/make_webhooks.py "$total" "$secret" "$phone_number_id" "$run/webhooks.tsv"

# fresh_database [fill]: stops the gateway, recreates an empty database, migrates it, makes an
# API key ($token), fills it when asked (make_data), and starts the gateway on it.
gateway_pid=""
fresh_database() {
  if [ -n "$gateway_pid" ]; then
    kill "$gateway_pid"
    wait "$gateway_pid" 2>/dev/null || true
    gateway_pid=""
  fi
  if [ "$store" = sqlite ]; then
    rm -f "$run/bench.db" "$run/bench.db-wal" "$run/bench.db-shm"
  else
    local admin_url="${store_url%/bench}/postgres"
    psql "$admin_url" -XqAtc "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench" >/dev/null
  fi
  gateway_cli migrate > "$run/migrate.log" 2>&1 || { cat "$run/migrate.log" >&2; exit 1; }
  token=$(gateway_cli key create --org "$org" --name bench | tail -n 1)
  if [ "${1:-}" = fill ]; then
    /usr/bin/python3 bench/make_data.py "$store_url" "$org" | tee "$run/make_data.log"
    fill=$(grep '^RESULT make_data' "$run/make_data.log")
  fi
  rm -f "$run/gateway1.port"
  start_gateways
  gateway_pid=${bench_pids[-1]}
}

webhook_rows() { sql "SELECT COUNT(*) FROM webhook_logs"; }
# The outbox's pending outbound messages, counted on idx_messages_outbox (the partial index).
pending_rows() {
  sql "SELECT COUNT(*) FROM messages WHERE direction = 'outbound' AND delivery_status = 'pending'"
}
drain_webhooks() {
  local start; start=$(date +%s)
  until [ "$(sql "SELECT COUNT(*) FROM webhook_logs WHERE status = 'received'")" = 0 ]; do
    [ $(( $(date +%s) - start )) -lt 300 ] || bench_die "webhook backlog did not drain"
    sleep 0.5
  done
  echo $(( $(date +%s) - start ))
}

fail=0
# measure <label>: the claim check, then the two loads. Sets scheduled_<label> (pending
# messages at the claim check), claim_<label>, ingest_<label>, accept_<label>, drain_<label>.
measure() {
  local label=$1 before after claim ingest accept drained
  printf -v "scheduled_$label" '%s' "$(pending_rows)"
  echo "== $label: outbox claim (bench/scale_claim.py), $(pending_rows) messages scheduled, none due"
  claim=$(/usr/bin/python3 bench/scale_claim.py "$store_url" 30 64)
  echo "$claim"
  claim=$(echo "$claim" | grep '^RESULT')
  echo "== $label: webhook ingest: wrk -t$wrk_threads -c$connections -d${seconds}s"
  before=$(webhook_rows)
  ingest=$(wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency \
    -s bench/wrk/webhooks.lua "$gateway_url/api/v2/webhooks/whatsapp/$org" -- \
    "$run/webhooks.tsv" "$wrk_threads" | grep RESULT)
  after=$(webhook_rows)
  echo "$ingest; new rows: $((after - before))"
  if [ $((after - before)) -lt "$(field "$ingest" ok)" ]; then
    echo "FAIL: $label: $(field "$ingest" ok) webhooks acknowledged, $((after - before)) stored" >&2
    fail=1
  fi
  # The accepts are measured on an idle gateway, as in bench/sends.sh.
  drained=$(drain_webhooks)
  echo "backlog applied in ${drained}s"
  echo "== $label: durable accepts (scheduled sends): wrk -t$wrk_threads -c$connections -d${seconds}s"
  before=$(pending_rows)
  accept=$(wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency \
    -s bench/wrk/sends.lua "$gateway_url/api/v2/messages/send" -- "$token" later \
    "$wrk_threads" | grep RESULT)
  after=$(pending_rows)
  echo "$accept; new pending messages: $((after - before))"
  if [ $((after - before)) -lt "$(field "$accept" ok)" ]; then
    echo "FAIL: $label: $(field "$accept" ok) sends acknowledged, $((after - before)) stored" >&2
    fail=1
  fi
  printf -v "claim_$label" '%s' "$claim"
  printf -v "ingest_$label" '%s' "$ingest"
  printf -v "accept_$label" '%s' "$accept"
  printf -v "drain_$label" '%s' "$drained"
}

describe_machine
echo "== a. empty database"
fresh_database
measure empty

echo "== b. filled database (bench/make_data.py)"
fresh_database fill
# The fill must hold what was asked: a short count is a generator bug, not a figure.
expect_messages=$(field "$fill" messages)
expect_future=$(field "$fill" future)
conversation=$(field "$fill" conversation_id)
conversation_size=$(field "$fill" conversation_size)
have_messages=$(sql "SELECT COUNT(*) FROM messages")
have_patients=$(sql "SELECT COUNT(*) FROM patients")
have_webhooks=$(sql "SELECT COUNT(*) FROM webhook_logs")
have_future=$(pending_rows)
echo "filled: $have_messages messages, $have_patients patients, $have_webhooks webhooks," \
  "$have_future scheduled"
if [ "$have_messages" != "$expect_messages" ] || [ "$have_future" != "$expect_future" ] ||
  [ "$have_patients" != "$(field "$fill" patients)" ] ||
  [ "$have_webhooks" != "$(field "$fill" webhooks)" ]; then
  echo "FAIL: the filled database does not hold what make_data was asked for ($fill)" >&2
  exit 1
fi
if [ "$store" = sqlite ]; then
  db_size="$(du -m "$run/bench.db" | cut -f1) MB"
else
  db_size="$(sql "SELECT pg_database_size('bench') / 1048576") MB"
fi

echo "== c. GET /api/v2/conversations/{id}: $conversation_size messages, $requests requests"
get=$(python3 bench/scale_get.py "$gateway_url" "$token" "$conversation" "$conversation_size" \
  "$requests") || fail=1
echo "$get"
measure full

# ratio <full RESULT> <empty RESULT> <key>: full/empty to two decimals.
ratio() {
  python3 -c 'import sys; e = float(sys.argv[2]); print("%.2f" % (float(sys.argv[1]) / e) if e else "-")' \
    "$(field "$1" "$3")" "$(field "$2" "$3")"
}
get_line=$(echo "$get" | grep '^RESULT get')
walk_line=$(echo "$get" | grep '^RESULT walk')
ingest_ratio=$(ratio "$ingest_full" "$ingest_empty" rps)
accept_ratio=$(ratio "$accept_full" "$accept_empty" ok_rps)
echo
describe_setup
describe_gateways
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "full database: $(field "$fill" messages) messages ($conversation_size in one conversation," \
  "$(field "$fill" future) scheduled), $(field "$fill" patients) patients," \
  "$(field "$fill" webhooks) webhooks; $db_size; generated in $(field "$fill" seconds) s"
echo "RESULT scale ingest_ratio=$ingest_ratio accept_ratio=$accept_ratio" \
  "get_p99_ms=$(field "$get_line" p99_ms) claim_empty_ms=$(field "$claim_empty" median_ms)" \
  "claim_full_ms=$(field "$claim_full" median_ms) claim_plan=$(field "$claim_full" plan)"
echo
echo "| measure | empty | full | full/empty | target |"
echo "| --- | ---: | ---: | ---: | --- |"
echo "| webhook ingest, wrk c=$connections, req/s | $(field "$ingest_empty" rps) | $(field "$ingest_full" rps) | $ingest_ratio | >= 0.70 |"
echo "| webhook ingest p99 ms | $(field "$ingest_empty" p99_ms) | $(field "$ingest_full" p99_ms) | | |"
echo "| webhook backlog applied in, s | $drain_empty | $drain_full | | |"
echo "| durable accepts (scheduled), wrk c=$connections, 2xx/s | $(field "$accept_empty" ok_rps) | $(field "$accept_full" ok_rps) | $accept_ratio | >= 0.70 |"
echo "| durable accepts p99 ms | $(field "$accept_empty" p99_ms) | $(field "$accept_full" p99_ms) | | |"
echo "| outbox claim ($scheduled_empty / $scheduled_full scheduled, none due), median ms (max) | $(field "$claim_empty" median_ms) ($(field "$claim_empty" max_ms)) | $(field "$claim_full" median_ms) ($(field "$claim_full" max_ms)) | | plan=range |"
echo "| outbox claim plan | $(field "$claim_empty" plan) | $(field "$claim_full" plan) | | range |"
echo "| GET conversation ($conversation_size messages), ms p50 / p99 / max | | $(field "$get_line" p50_ms) / $(field "$get_line" p99_ms) / $(field "$get_line" max_ms) | | p99 < 5 |"
echo "| conversation walk (limit=200): pages, distinct messages | | $(field "$walk_line" pages), $(field "$walk_line" distinct) | | all $conversation_size once |"
if [ "$(field "$walk_line" ok)" != 1 ]; then
  echo "FAIL: paging the $conversation_size-message conversation did not return each message once" >&2
  fail=1
fi
for result in "$ingest_empty" "$ingest_full"; do
  [ "$(field "$result" failed)" = 0 ] || echo "WARNING: some webhooks were not answered 200" >&2
done
for result in "$accept_empty" "$accept_full"; do
  if [ "$(field "$result" non2xx)" != 0 ] || [ "$(field "$result" socket_errors)" != 0 ]; then
    echo "WARNING: some sends were refused or failed (non2xx=, socket_errors= above)" >&2
  fi
done
exit "$fail"
