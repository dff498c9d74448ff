#!/usr/bin/env bash
# Realtime benchmark: builds release, starts `toutiao` (REST + Socket.IO on one listener, or
# `--only im` with IM=1) on its own database and Redis prefix, then with the load client in
# bench/realtime_load.rs:
#   1. IDLE (10,000) idle Engine.IO v4 WebSocket sockets held HOLD (60) s: server RSS and CPU;
#   2. latency from the HTTP follow to the `following notify` event, USERS (1,000) connected;
#   3. chat round trips per second over CHAT_CONNS (50) sockets for CHAT_SECS (10) s.
#
#   bench/realtime.sh
#   IDLE=2000 HOLD=10 USERS=200 SKIP_BUILD=1 bench/realtime.sh
set -euo pipefail
cd "$(dirname "$0")/.."

IDLE=${IDLE:-10000}
HOLD=${HOLD:-60}
USERS=${USERS:-1000}
CHAT_CONNS=${CHAT_CONNS:-50}
CHAT_SECS=${CHAT_SECS:-10}
PORT=${PORT:-18090}
DB=${BENCH_DB:-toutiao_bench_rt}
BASE="http://127.0.0.1:$PORT"
OUT=bench/out
mkdir -p "$OUT"
# 10,000 sockets on each side, plus the pools.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

if [ -z "${SKIP_BUILD:-}" ]; then
  cargo build --release --quiet
  cargo build --release --quiet --example realtime_load
fi
LOAD=target/release/examples/realtime_load

psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
redis-cli --scan --pattern 'benchrt:*' | xargs -r redis-cli DEL >/dev/null

export TOUTIAO_SERVER__PORT=$PORT
export TOUTIAO_SERVER__MAX_CONNECTIONS=40000
export TOUTIAO_DATABASE__URL="postgres://postgres@127.0.0.1:5432/$DB"
export TOUTIAO_REDIS__PREFIX="benchrt:"
export TOUTIAO_SMS__UNIVERSAL_CODE=246810
export TOUTIAO_SMS__LOGIN_FAILURES_PER_IP=1000000
export TOUTIAO_JWT__SECRET="bench-secret-bench-secret-bench-secret"
export TOUTIAO_MODE=production
target/release/toutiao migrate >"$OUT/rt-migrate.log" 2>&1

start() {
  target/release/toutiao serve "$@" >"$OUT/rt-server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf "$BASE/health" >/dev/null && return; sleep 0.2; done
  echo "server did not start"; cat "$OUT/rt-server.log"; exit 1
}
stop() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
trap stop EXIT

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$SERVER/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }

if [ -n "${IM:-}" ]; then start --only im; else start; fi
echo "server RSS at start: $(rss_mb) MB"

# 1. Idle sockets: RSS once all are connected, CPU over the hold.
"$LOAD" idle "$BASE" "$IDLE" "$HOLD" >"$OUT/rt-idle.txt" 2>&1 &
LOADER=$!
until grep -q HOLDING "$OUT/rt-idle.txt" 2>/dev/null; do
  kill -0 $LOADER 2>/dev/null || { cat "$OUT/rt-idle.txt"; exit 1; }
  sleep 0.5
done
T0=$(cpu_ticks); S0=$(date +%s.%N); RSS_HELD=$(rss_mb)
PEAK=$RSS_HELD
while kill -0 $LOADER 2>/dev/null; do
  r=$(rss_mb); [ "$r" -gt "$PEAK" ] && PEAK=$r
  sleep 1
done
T1=$(cpu_ticks); S1=$(date +%s.%N)
grep -v HOLDING "$OUT/rt-idle.txt"
HZ=$(getconf CLK_TCK)
python3 - "$RSS_HELD" "$PEAK" "$T0" "$T1" "$S0" "$S1" "$HZ" "$IDLE" <<'EOF'
import sys
rss, peak, t0, t1, s0, s1, hz, n = sys.argv[1:]
cpu = (int(t1) - int(t0)) / int(hz) / (float(s1) - float(s0)) * 100
print(f"idle: server RSS {rss} MB with {n} sockets (peak {peak} MB); CPU {cpu:.1f}% of one core while holding")
EOF

if [ -n "${IM:-}" ]; then
  # The follows go to the API: run one next to the IM process.
  stop
  start
fi
# 2. Notification latency; 3. chat round trips.
"$LOAD" notify "$BASE" "$USERS" | tee "$OUT/rt-notify.txt"
"$LOAD" chat "$BASE" "$CHAT_CONNS" "$CHAT_SECS" | tee "$OUT/rt-chat.txt"

# 4. REST next to Socket.IO: GET /health and GET /v1_0/user through the bridge's path
#    check (default mode) against the REST API alone (--only api), same binary.
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; } || true
if command -v wrk >/dev/null; then
  TOKEN=$("$LOAD" token "$BASE" 13500000000)
  rest() {
    for path in /health /v1_0/user; do
      wrk -t2 -c64 -d10s -H "Authorization: Bearer $TOKEN" "$BASE$path" |
        awk -v m="$1" -v p="$path" '/Requests\/sec/ {printf "rest: %-22s %-11s %s req/s\n", m, p, $2}'
    done
  }
  rest "default (REST + IM)"
  stop; start --only api
  rest "--only api"
fi
