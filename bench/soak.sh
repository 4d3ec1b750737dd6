#!/usr/bin/env bash
# Memory benchmark of issue 13 (target 6): the release gateway's resident set (VmRSS of
# /proc/PID/status, which counts what the allocator keeps as well as what the code uses)
#
#   1. idle: IDLE_SECONDS (default 3) after the gateway is ready, no request yet
#      (target < 30 MB);
#   2. saturation: the webhook load of bench/webhooks.sh (distinct signed bodies of
#      bench/make_webhooks.py, wrk -t2 -c<connections>, each 200 after its commit), RSS
#      sampled every 0.2 s: the peak sample and the kernel's high-water mark VmHWM
#      (target < 150 MB); then RSS once the processor has applied the backlog;
#   3. soak: fresh webhooks at a fixed 1,000/s for SOAK_SECONDS (default 300) with
#      bench/rate.js, in windows of at most SOAK_WINDOW seconds (default 60; one bodies file
#      and one rate.js each, so no file outgrows Node's string limit; a window boundary is a
#      pause of a few hundred ms), RSS sampled every SOAK_SAMPLE seconds (default 10).
#
# Verdict "no growth after warm-up": the samples taken after the warm-up (SOAK_WARMUP, default
# 60 s, capped at a fifth of SOAK_SECONDS so that short runs still get a verdict) are cut in
# thirds by time; growth = max(last third) - max(first third). No growth when growth <=
# max(2 MB, 5 % of max(first third)): allocator arenas and caches move by a few MB, a leak
# keeps climbing. Fewer than 3 samples after the warm-up: no verdict ("too short").
#
# Prints every sample, RESULT lines and a table for docs/benchmarks.md. Exits 1 when a
# webhook answered 200 is missing from `webhook_logs` (saturation or soak); a missed memory
# target is reported in the table, not by the exit status.
#
# usage: bench/soak.sh [saturation seconds=10] [connections=64]
# env:   STORE=sqlite|postgres (sqlite), KEEP_RUN=1: see bench/lib.sh (one instance only);
#        SOAK_SECONDS=300 SOAK_WARMUP=60 SOAK_SAMPLE=10 SOAK_WINDOW=60 IDLE_SECONDS=3
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-64}
soak_seconds=${SOAK_SECONDS:-300}
soak_warmup=${SOAK_WARMUP:-60}
soak_sample=${SOAK_SAMPLE:-10}
soak_window=${SOAK_WINDOW:-60}
idle_seconds=${IDLE_SECONDS:-3}
if [ "${INSTANCES:-1}" != 1 ]; then
  echo "bench/soak.sh measures one gateway process: INSTANCES=1 only" >&2
  exit 1
fi
[ $((soak_warmup * 5)) -le "$soak_seconds" ] || soak_warmup=$((soak_seconds / 5))
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_setup
start_store

webhook_gateway_config

# Distinct bodies throughout (a repeat would take the duplicate path, not the one measured):
# one file for wrk, one per soak window, with disjoint wamids.
total=$((seconds * 40000))
python3 bench/make_webhooks.py "$total" "$secret" 300000000000001 "$run/webhooks.tsv"
windows=()
first=$total
left=$soak_seconds
while [ "$left" -gt 0 ]; do
  length=$((left < soak_window ? left : soak_window))
  python3 bench/make_webhooks.py $((length * 1000)) "$secret" 300000000000001 \
    "$run/soak${#windows[@]}.tsv" "$first"
  windows+=("$length")
  first=$((first + length * 1000))
  left=$((left - length))
done

gateway_cli migrate > "$run/migrate.log" 2>&1 || { cat "$run/migrate.log" >&2; exit 1; }
start_gateways
gateway_pid=${bench_pids[0]}
url="$gateway_url/api/v2/webhooks/whatsapp/$org"

count_rows() { sql "SELECT COUNT(*) FROM webhook_logs"; }
# status_kb <field>: VmRSS or VmHWM of the gateway, in kB.
status_kb() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$gateway_pid/status"; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }
# rss_sampler <interval s> <out>: "epoch-seconds VmRSS-kB" lines until killed. Reads the
# status file with bash's own read: no process per sample beyond sleep.
rss_sampler() {
  local key value rest
  while kill -0 "$gateway_pid" 2>/dev/null; do
    while read -r key value rest; do
      if [ "$key" = VmRSS: ]; then echo "$EPOCHREALTIME $value" >>"$2"; break; fi
    done <"/proc/$gateway_pid/status"
    sleep "$1"
  done
}
# start_sampler <interval> <out>, stop_sampler: one sampler at a time, in $sampler_pid.
start_sampler() { : >"$2"; rss_sampler "$1" "$2" & sampler_pid=$!; bench_pids+=("$sampler_pid"); }
stop_sampler() { kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; }
# wait_drained: until the processor has applied every stored webhook (at most 300 s).
wait_drained() {
  local start
  start=$(date +%s)
  until [ "$(sql "SELECT COUNT(*) FROM webhook_logs WHERE status = 'received'")" = 0 ]; do
    [ $(($(date +%s) - start)) -lt 300 ] || bench_die "backlog did not drain"
    sleep 0.5
  done
  echo "backlog applied in $(($(date +%s) - start))s"
}

describe_machine
sleep "$idle_seconds"
idle_kb=$(status_kb VmRSS)
echo "RESULT phase=idle rss_mb=$(mb "$idle_kb") after_s=$idle_seconds"

echo "== gateway: wrk -t$wrk_threads -c$connections -d${seconds}s (saturation), RSS every 0.2 s"
start_sampler 0.2 "$run/rss-saturation.txt"
saturation=$(wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency \
  -s bench/wrk/webhooks.lua "$url" -- "$run/webhooks.tsv" "$wrk_threads" | grep RESULT)
stop_sampler
echo "$saturation"
rows_after_wrk=$(count_rows)
peak_kb=$(awk 'BEGIN { m = 0 } $2 > m { m = $2 } END { print m }' "$run/rss-saturation.txt")
hwm_kb=$(status_kb VmHWM)
end_kb=$(status_kb VmRSS)
wait_drained
drained_kb=$(status_kb VmRSS)
echo "RESULT phase=saturation rps=$(field "$saturation" rps) samples=$(wc -l <"$run/rss-saturation.txt")" \
  "peak_rss_mb=$(mb "$peak_kb") hwm_mb=$(mb "$hwm_kb") end_rss_mb=$(mb "$end_kb") drained_rss_mb=$(mb "$drained_kb")"

echo "== gateway: soak at 1000/s for ${soak_seconds}s (${#windows[@]} windows), RSS every ${soak_sample}s"
rows_before_soak=$(count_rows)
soak_results=()
start_sampler "$soak_sample" "$run/rss-soak.txt"
soak_start=$EPOCHREALTIME
for i in "${!windows[@]}"; do
  result=$(node bench/rate.js "$url" "$run/soak$i.tsv" 1000 "${windows[$i]}" | grep RESULT)
  echo "window $((i + 1)) (${windows[$i]}s): $result"
  soak_results+=("$result")
done
stop_sampler
rows_after_soak=$(count_rows)
backlog_after_soak=$(sql "SELECT COUNT(*) FROM webhook_logs WHERE status = 'received'")

# The verdict defined in the header, from the samples (time since the soak's start).
verdict=$(python3 - "$run/rss-soak.txt" "$soak_start" "$soak_warmup" <<'PY'
import sys
path, start, warmup = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
samples = [(float(t) - start, int(kb) / 1024) for t, kb in (l.split() for l in open(path))]
print("samples (s MB): " + ", ".join("%.0f %.1f" % s for s in samples), file=sys.stderr)
after = [s for s in samples if s[0] >= warmup]
if len(after) < 3:
    print("verdict=too-short first_max_mb=- last_max_mb=- growth_mb=- allowed_mb=-")
    sys.exit()
span_start, span = after[0][0], after[-1][0] - after[0][0]
first = max(mb for t, mb in after if t - span_start <= span / 3)
last = max(mb for t, mb in after if t - span_start >= 2 * span / 3)
allowed = max(2.0, 0.05 * first)
growth = last - first
print("verdict=%s first_max_mb=%.1f last_max_mb=%.1f growth_mb=%.1f allowed_mb=%.1f" % (
    "no-growth" if growth <= allowed else "growth", first, last, growth, allowed))
PY
)
echo "RESULT phase=soak seconds=$soak_seconds warmup_s=$soak_warmup $verdict"

ok_wrk=$(field "$saturation" ok)
ok_soak=0
for result in "${soak_results[@]}"; do ok_soak=$((ok_soak + $(field "$result" ok))); done
case "$(field "$verdict" verdict)" in
  no-growth) soak_met=yes ;;
  growth) soak_met=no ;;
  *) soak_met="too short" ;;
esac
yes_no() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? "yes" : "no") }'; }
echo
describe_setup
describe_gateways
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| measurement | value | target (issue 13) | met |"
echo "| --- | ---: | ---: | :---: |"
echo "| idle RSS, ${idle_seconds}s after start | $(mb "$idle_kb") MB | < 30 MB | $(yes_no "$idle_kb" 30720) |"
echo "| peak RSS, wrk saturation (c=$connections, ${seconds}s, $(field "$saturation" rps) req/s): samples / VmHWM | $(mb "$peak_kb") / $(mb "$hwm_kb") MB | < 150 MB | $(yes_no "$hwm_kb" 153600) |"
echo "| RSS after the saturation backlog was applied | $(mb "$drained_kb") MB | - | - |"
echo "| soak 1000/s ${soak_seconds}s: max RSS first / last third after ${soak_warmup}s warm-up | $(field "$verdict" first_max_mb) / $(field "$verdict" last_max_mb) MB | growth <= $(field "$verdict" allowed_mb) MB | $soak_met |"
echo
echo "| soak window | requests/s | p50 ms | p99 ms | max ms | acknowledged |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for i in "${!soak_results[@]}"; do
  result=${soak_results[$i]}
  echo "| $((i + 1)) (${windows[$i]}s) | $(field "$result" rps) | $(field "$result" p50_ms) | $(field "$result" p99_ms) | $(field "$result" max_ms) | $(field "$result" ok) |"
done
echo
echo "durable rows: $rows_after_wrk after saturation ($ok_wrk acknowledged), $((rows_after_soak - rows_before_soak)) new in the soak ($ok_soak acknowledged); $backlog_after_soak still to process at the end"
fail=0
# nonzero <value>: present and not 0 (wrk's line has failed=, rate.js's non2xx= and errors=).
nonzero() { [ -n "$1" ] && [ "$1" != 0 ]; }
for result in "$saturation" "${soak_results[@]}"; do
  if nonzero "$(field "$result" failed)" || nonzero "$(field "$result" non2xx)" ||
    nonzero "$(field "$result" errors)"; then
    echo "WARNING: some webhooks were not answered 200: $result" >&2
  fi
done
if [ "$rows_after_wrk" -lt "$ok_wrk" ]; then
  echo "FAIL: $ok_wrk webhooks acknowledged but only $rows_after_wrk stored" >&2
  fail=1
fi
if [ $((rows_after_soak - rows_before_soak)) -lt "$ok_soak" ]; then
  echo "FAIL: $ok_soak webhooks acknowledged in the soak but only $((rows_after_soak - rows_before_soak)) stored" >&2
  fail=1
fi
exit "$fail"
