# shellcheck shell=bash disable=SC2034  # (variables set here are used by the sourcing script)
# Shared by bench/webhooks.sh and bench/sends.sh: source it from the repository root after
# `set -euo pipefail`; it is not a script of its own.
#
# It reads two switches from the environment:
#   STORE=sqlite|postgres  the gateway's database (default sqlite). sqlite: a file in the run
#                          directory (the gateway sets synchronous=FULL). postgres: a throwaway
#                          PostgreSQL 15 cluster (scripts/pg-test-cluster: fsync=on,
#                          synchronous_commit=on, shared_buffers=32MB, max_connections=100)
#                          with a database `bench`, on the same disk and the same two cores.
#   INSTANCES=1|2          gateway processes (default 1). 2 needs STORE=postgres: both serve
#                          the same config and database, behind nginx (1 worker, least_conn,
#                          upstream keepalive), and the load generators hit nginx.
#   KEEP_RUN=1             keep the run directory (/tmp/mensajero-bench-*: gateway and
#                          simulator logs, config, SQLite file) after the script ends.
#
# Call order: bench_setup, start_store, write the config ($run/gateway.yaml, with
# storage.url "$store_url"), gateway_cli ... migrate, start_gateways. Every process started
# here is stopped, and the run directory removed, when the script exits.

wrk_threads=2

bench_die() { echo "$*" >&2; exit 1; }

# The switches, the release build (mensajero, provider-sim) and the run directory ($run).
bench_setup() {
  store=${STORE:-sqlite}
  instances=${INSTANCES:-1}
  case "$store" in sqlite | postgres) ;; *) bench_die "STORE must be sqlite or postgres" ;; esac
  case "$instances" in 1 | 2) ;; *) bench_die "INSTANCES must be 1 or 2" ;; esac
  [ "$instances" = 1 ] || [ "$store" = postgres ] ||
    bench_die "INSTANCES=2 needs STORE=postgres (one SQLite file serves one process)"

  scripts/bootstrap bench >/dev/null
  local build_log
  build_log=$(mktemp /tmp/mensajero-bench-build-XXXXXX.log)
  if ! (export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true &&
    cmake --preset release &&
    cmake --build --preset release -j2 --target mensajero provider-sim) >"$build_log" 2>&1; then
    tail -n 20 "$build_log" >&2
    bench_die "build failed (whole log: $build_log)"
  fi
  rm -f "$build_log"
  gateway_bin=${GATEWAY_BIN:-build/release/src/app/mensajero}
  sim_bin=build/release/tools/provider-sim/provider-sim

  run=$(mktemp -d /tmp/mensajero-bench-XXXXXX)
  chmod 755 "$run" # as root, PostgreSQL runs as user postgres and must reach $run/pg
  bench_pids=()
  bench_nginx_dirs=()
  bench_pg_dir=""
  trap bench_cleanup EXIT
}

bench_cleanup() {
  local status=$? pid dir log
  if [ "$status" != 0 ]; then
    for log in "$run"/gateway*.log "$run"/sim.log; do
      [ -s "$log" ] && { echo "--- last lines of $(basename "$log"):" >&2; tail -n 5 "$log" >&2; }
    done
  fi
  for dir in "${bench_nginx_dirs[@]}"; do
    nginx -p "$dir" -c nginx.conf -s stop 2>/dev/null || true
  done
  for pid in "${bench_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${bench_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$bench_pg_dir" ]; then scripts/pg-test-cluster stop "$bench_pg_dir" >/dev/null 2>&1 || true; fi
  if [ "${KEEP_RUN:-0}" = 1 ]; then
    echo "KEEP_RUN=1: logs, config and SQLite database kept in $run" >&2
  else
    rm -rf "$run"
  fi
}

# wait_for_file <file> <name> <pid>: until the process writes its ready file.
wait_for_file() {
  for _ in $(seq 400); do
    [ -s "$1" ] && return 0
    kill -0 "$3" 2>/dev/null || bench_die "$2 exited before it was ready"
    sleep 0.05
  done
  bench_die "$2 did not start within 20 s"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Sets $store_url, the gateway's storage.url.
start_store() {
  if [ "$store" = sqlite ]; then
    store_url="sqlite:$run/bench.db"
    return
  fi
  bench_pg_dir="$run/pg"
  scripts/pg-test-cluster start "$bench_pg_dir" >/dev/null
  local admin_url
  admin_url=$(cat "$bench_pg_dir/url")
  psql "$admin_url" -XqAtc "CREATE DATABASE bench" >/dev/null
  store_url="${admin_url%/postgres}/bench"
}

# sql <query>: one query on the gateway's database, unaligned output without headers.
sql() {
  if [ "$store" = sqlite ]; then
    sqlite3 -cmd ".timeout 5000" "$run/bench.db" "$1"
  else
    psql "$store_url" -XqAtc "$1"
  fi
}

# gateway_cli <args...>: the mensajero CLI on $run/gateway.yaml.
gateway_cli() { "$gateway_bin" --config "$run/gateway.yaml" "$@"; }

# Starts $instances gateways on $run/gateway.yaml (port 0; logs in $run/gatewayN.log) and,
# with two, nginx in front of them. Sets $gateway_url, the one base URL every load generator
# and the simulator use, and $gateway_ports.
start_gateways() {
  local i pid
  gateway_ports=()
  gateway_pids=()
  for i in $(seq "$instances"); do
    # The binary itself, not gateway_cli: $! must be the gateway, not a subshell around it.
    "$gateway_bin" --config "$run/gateway.yaml" serve --ready-file "$run/gateway$i.port" \
      >"$run/gateway$i.log" 2>&1 &
    pid=$!
    bench_pids+=("$pid")
    gateway_pids+=("$pid")
    wait_for_file "$run/gateway$i.port" "mensajero (instance $i)" "$pid"
    gateway_ports+=("$(cat "$run/gateway$i.port")")
  done
  if [ "$instances" = 1 ]; then
    gateway_url="http://127.0.0.1:${gateway_ports[0]}"
    return
  fi
  local port servers=""
  port=$(free_port)
  for i in "${gateway_ports[@]}"; do servers+="server 127.0.0.1:$i; "; done
  # As config/nginx.example.conf, with the upstream keepalive pool large enough for every
  # load connection so that no request waits for a new upstream connection.
  start_nginx proxy "
  upstream gateway {
    least_conn; $servers
    keepalive 1024; keepalive_timeout 50s; keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:$port;
    client_max_body_size 4m; client_body_buffer_size 64k;
    location / {
      proxy_pass http://gateway;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header Host \$host;
      proxy_read_timeout 30s;
    }
  }"
  gateway_url="http://127.0.0.1:$port"
}

# start_nginx <name> <http-context directives>: nginx with one worker under $run/<name>.
start_nginx() {
  local dir="$run/$1"
  mkdir -p "$dir/logs"
  cat >"$dir/nginx.conf" <<NGINX
worker_processes 1;
worker_rlimit_nofile 16384;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $dir/client_body;
  proxy_temp_path $dir/proxy;
  $2
}
NGINX
  nginx -p "$dir" -c nginx.conf
  bench_nginx_dirs+=("$dir")
}

# The gateways' setup, for the record under the table.
describe_setup() {
  local what="SQLite (synchronous=FULL)"
  if [ "$store" = postgres ]; then
    what="PostgreSQL $(sql 'SHOW server_version' | cut -d' ' -f1)"
    what+=" (synchronous_commit=$(sql 'SHOW synchronous_commit'), fsync=$(sql 'SHOW fsync'))"
  fi
  if [ "$instances" = 1 ]; then
    echo "store: $what; 1 gateway instance"
  else
    echo "store: $what; $instances gateway instances behind nginx (1 worker, least_conn)"
  fi
}

# The machine's state: cores, load, and the latency of a 4 KiB write + fsync in the run
# directory (the disk of the database: the floor under every durable answer).
describe_machine() {
  local probe
  probe=$(python3 - "$run/fsync.probe" <<'PY'
import os, sys, time
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT, 0o600)
samples = []
for _ in range(200):
    start = time.perf_counter()
    os.pwrite(fd, b"x" * 4096, 0)
    os.fsync(fd)
    samples.append((time.perf_counter() - start) * 1000)
os.close(fd)
os.unlink(sys.argv[1])
samples.sort()
print("p50 %.2f ms, p99 %.2f ms" % (samples[99], samples[197]))
PY
  )
  local fs
  fs=$(stat -f -c %T "$run")
  echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $run on $fs," \
    "4 KiB write+fsync: $probe"
  [ "$fs" != tmpfs ] || echo "WARNING: /tmp is a tmpfs: fsync costs nothing there, so the figures are not durable ones" >&2
}

# What the gateways logged (at warn and above) during the run, and, with two instances, how
# nginx spread the last minute's requests (GET /api/v2/health, metrics.requestsPerMinute).
describe_gateways() {
  local i lines
  for i in $(seq "$instances"); do
    lines=$(grep -vc '^mensajero listening on' "$run/gateway$i.log" || true)
    echo -n "gateway $i: $lines log lines at warn and above"
    if [ "$instances" != 1 ]; then
      echo -n "; $(curl -s "http://127.0.0.1:${gateway_ports[$((i - 1))]}/api/v2/health" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["metrics"]["requestsPerMinute"])')"
      echo -n " requests in the last minute"
    fi
    echo
    if [ "$lines" != 0 ]; then
      # The most frequent messages, without their timestamps, thread and message ids.
      grep -v '^mensajero listening on' "$run/gateway$i.log" | cut -d' ' -f2- |
        sed -E 's/^([a-z]+) \[[0-9]+\]/\1/; s/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<id>/g' |
        cut -c1-160 | sort | uniq -c | sort -rn |
        head -n 5 | sed 's/^/    /'
    fi
  done
}

# organization_yaml <org id> <phone number id> <base url> <extra provider_config>: the
# `organizations` section both benchmarks give the gateway: one clinic, one Meta channel signed
# with $secret.
organization_yaml() {
  cat <<YAML
organizations:
  - id: $1
    name: Bench Clinic
    channels:
      - {type: whatsapp, provider: meta, provider_config:
          {phone_number_id: "$2", access_token: bench, app_secret: $secret,
           base_url: "$3"$4}}
YAML
}

# The clinic of the webhook benchmarks (bench/webhooks.sh, bench/soak.sh): sets $org and
# $secret and writes $run/gateway.yaml, one Meta channel whose provider is never called.
webhook_gateway_config() {
  org=9d7a4c2e-0f1b-4e3a-8c5d-6b7e8f9a0b1c
  secret=bench-app-secret
  cat > "$run/gateway.yaml" <<YAML
server: {host: 127.0.0.1, port: 0}
storage: {url: "$store_url"}
logging: {level: warn}
$(organization_yaml "$org" 300000000000001 "http://127.0.0.1:9" "")
YAML
}

# field <RESULT line> <key>: the value of key=value.
# cpu_ms <pid>...: the CPU time (user + system) the processes have used so far, in ms.
cpu_ms() {
  local pid ticks=0
  for pid in "$@"; do
    ticks=$((ticks + $(cut -d' ' -f14 "/proc/$pid/stat") + $(cut -d' ' -f15 "/proc/$pid/stat")))
  done
  echo $((ticks * 1000 / $(getconf CLK_TCK)))
}

# switches <pid>: the context switches (voluntary and not) of the process's live threads so far.
switches() {
  cat "/proc/$1"/task/*/status 2>/dev/null |
    awk '/ctxt_switches/ { n += $2 } END { print n + 0 }'
}

field() { echo "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }
