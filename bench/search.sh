#!/usr/bin/env bash
# Search benchmark (issue 9): seeds ARTICLES demo articles (default 100,000) into its own
# database, times `toutiao reindex` (documents/s, index size), starts the release server
# on that index and drives E44 search (common, Latin and rare words) and E45 suggestions
# (Chinese and Latin prefixes, a misspelling) with wrk.
#
#   bench/search.sh
#   ARTICLES=20000 DURATION=5s bench/search.sh
#   SKIP_BUILD=1 SKIP_SEED=1 bench/search.sh   # reuse the binary and the seeded database
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-18081}
DB=${BENCH_DB:-toutiao_bench_search}
ARTICLES=${ARTICLES:-100000}
BASE="http://127.0.0.1:$PORT"
OUT=bench/out
INDEX="$OUT/search-index"
mkdir -p "$OUT"

command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --locked --quiet

export TOUTIAO_SERVER__PORT=$PORT
export TOUTIAO_DATABASE__URL="postgres://postgres@127.0.0.1:5432/$DB"
export TOUTIAO_REDIS__PREFIX="bench-search:"
export TOUTIAO_JWT__SECRET="bench-secret-bench-secret-bench-secret"
export TOUTIAO_MODE=production
export TOUTIAO_SEARCH__DIR="$INDEX"

redis-cli --scan --pattern 'bench-search:*' | xargs -r redis-cli DEL >/dev/null
if [ -z "${SKIP_SEED:-}" ]; then
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
  # seed-demo refuses production mode: seed this throwaway database in dev mode.
  TOUTIAO_MODE=dev target/release/toutiao seed-demo --users 1000 --articles "$ARTICLES" \
    >"$OUT/search-seed.log" 2>&1 || { echo "seeding failed"; cat "$OUT/search-seed.log"; exit 1; }
  tail -1 "$OUT/search-seed.log"
fi

rm -rf "$INDEX"
target/release/toutiao reindex >"$OUT/reindex.log" 2>&1 || { cat "$OUT/reindex.log"; exit 1; }
grep -a '^indexed' "$OUT/reindex.log"

target/release/toutiao serve >"$OUT/search-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$BASE/ready" >/dev/null && break; sleep 0.2; done
curl -sf "$BASE/ready" >/dev/null || { echo "server did not become ready"; cat "$OUT/search-server.log"; exit 1; }
sleep 2 # completions are built from the index in the background

# shellcheck source=bench/lib.sh
source bench/lib.sh
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
hits() { curl -s "$BASE/v1_0/search?q=$(enc "$1")" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["total_count"])'; }
options() { curl -s "$BASE/v1_0/suggestion?q=$(enc "$1")" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]["options"]))'; }

for q in 团队 rust 灰度发布; do echo "search '$q': $(hits "$q") matching articles"; done
for q in 深入 notes allocatrs; do echo "suggestion '$q': $(options "$q") options"; done

run health "$BASE/health"
run s_common "$BASE/v1_0/search?q=$(enc 团队)"
run s_latin "$BASE/v1_0/search?q=$(enc rust)"
run s_rare "$BASE/v1_0/search?q=$(enc 灰度发布)"
run s_page5 "$BASE/v1_0/search?q=$(enc '团队 延迟')&page=5&per_page=20"
run sug_zh "$BASE/v1_0/suggestion?q=$(enc 深入)"
run sug_latin "$BASE/v1_0/suggestion?q=$(enc notes)"
run sug_fix "$BASE/v1_0/suggestion?q=$(enc allocatrs)"

summary
du -sh "$INDEX"
