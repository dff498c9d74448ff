#!/usr/bin/env bash
# Replays the attacks of issue 7 (items 3, 4 and 6) against the release server and prints
# what stopped each one.
#
#   bench/attacks.sh                  # admin, login and trickle
#   bench/attacks.sh trickle          # one of them
#   SKIP_BUILD=1 bench/attacks.sh
#   # the hashing bound alone, with the lockouts out of the way:
#   TOUTIAO_ADMIN__FAILURES_PER_IP=100000000 TOUTIAO_ADMIN__FAILURES_PER_ACCOUNT=100000000 \
#     bench/attacks.sh admin
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18081}
DB=${BENCH_DB:-toutiao_bench_attacks}
BASE="http://127.0.0.1:$PORT"
OUT=bench/out
mkdir -p "$OUT"
# 4,000 held connections on each side of one machine.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --quiet

# shellcheck source=bench/lib.sh
source bench/lib.sh

start_server
python3 bench/attacks.py "$BASE" "$SERVER" "$@"
echo "outage and lockout lines in the server log: $(grep -c -E 'unavailable|locked out' "$OUT/server.log" || true)"
