# Helpers for bench/run.sh: login, one wrk run, and the summary table.

declare -A RPS P50 P99

# start_server [seed]: a fresh database and Redis prefix, optionally the demo set, then the
# release server in the background ($SERVER), stopped when the script exits.
start_server() {
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
  redis-cli --scan --pattern 'bench:*' | xargs -r redis-cli DEL >/dev/null

  export TOUTIAO_SERVER__PORT=$PORT
  export TOUTIAO_DATABASE__URL="postgres://postgres@127.0.0.1:5432/$DB"
  export TOUTIAO_REDIS__PREFIX="bench:"
  export TOUTIAO_SMS__UNIVERSAL_CODE=246810
  export TOUTIAO_SMS__PER_IP_LIMIT=1000000
  export TOUTIAO_JWT__SECRET="bench-secret-bench-secret-bench-secret"
  export TOUTIAO_MODE=production
  # seed-demo refuses production mode: seed this throwaway database in dev mode.
  if [ "${1:-}" = seed ]; then
    TOUTIAO_MODE=dev target/release/toutiao seed-demo --users 500 --articles "$ARTICLES" \
    >"$OUT/seed.log" 2>&1 || { echo "seeding failed"; cat "$OUT/seed.log"; exit 1; }
    tail -1 "$OUT/seed.log"
  fi
  target/release/toutiao serve >"$OUT/server.log" 2>&1 &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT

  for _ in $(seq 1 100); do curl -sf "$BASE/ready" >/dev/null && break; sleep 0.2; done
  curl -sf "$BASE/ready" >/dev/null || { echo "server did not become ready"; cat "$OUT/server.log"; exit 1; }
}

# Logs in with the universal code; prints the access token.
login() {
  curl -sf "$BASE/v1_0/sms/codes/$1" >/dev/null || true
  curl -sf -X POST "$BASE/v1_0/authorizations" -H 'Content-Type: application/json' \
    -d "{\"mobile\":\"$1\",\"code\":\"246810\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["token"])'
}

# Converts a wrk latency ("1.23ms", "950.00us", "1.02s") to milliseconds.
to_ms() {
  python3 -c '
import sys, re
v = sys.argv[1]
m = re.match(r"([0-9.]+)(us|ms|s|m)$", v)
n, u = float(m.group(1)), m.group(2)
print(round(n / 1000 if u == "us" else n if u == "ms" else n * 1000 if u == "s" else n * 60000, 3))' "$1"
}

# run NAME URL [curl-style -H 'header' ...]
run() {
  local name=$1 url=$2; shift 2
  local headers=()
  while [ $# -gt 0 ]; do headers+=(-H "$2"); shift 2; done
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' "${headers[@]}" "$url")
  [ "${status:0:1}" = 2 ] || { echo "$name: $url answered $status, not benchmarking it"; return 1; }
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${headers[@]}" "$url" >"$OUT/$name.txt"
  RPS[$name]=$(awk '/Requests\/sec/ {print $2}' "$OUT/$name.txt")
  P50[$name]=$(to_ms "$(awk '$1 == "50%" {print $2}' "$OUT/$name.txt")")
  P99[$name]=$(to_ms "$(awk '$1 == "99%" {print $2}' "$OUT/$name.txt")")
  local errors
  errors=$(grep -E 'Non-2xx|Socket errors' "$OUT/$name.txt" || true)
  [ -z "$errors" ] || echo "$name: $errors"
  ORDER+=("$name")
}

ORDER=()

summary() {
  printf '\n%-14s %12s %10s %10s %10s\n' endpoint 'req/s' 'p50 ms' 'p99 ms' 'vs health'
  for n in "${ORDER[@]}"; do
    printf '%-14s %12s %10s %10s %10s\n' "$n" "${RPS[$n]}" "${P50[$n]}" "${P99[$n]}" \
      "$(python3 -c "print(f'{${RPS[$n]}/${RPS[health]}:.2f}')")"
  done
  echo "($CONNECTIONS connections, $DURATION each, wrk with $THREADS threads; raw output in $OUT/)"
}
