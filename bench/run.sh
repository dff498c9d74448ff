#!/usr/bin/env bash
# Load benchmark: builds release, starts the server on its own database and Redis prefix,
# logs a user in, drives endpoints with wrk and prints req/s and latency percentiles.
#
#   bench/run.sh                 # health, /v1_0/user, the feed and an article page
#   DURATION=30s CONNECTIONS=128 ARTICLES=10000 bench/run.sh
#   SKIP_BUILD=1 bench/run.sh    # reuse the existing target/release/toutiao
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
DB=${BENCH_DB:-toutiao_bench}
# Demo articles seeded before the runs (the feed and article-page baselines use 10,000).
ARTICLES=${ARTICLES:-10000}
BASE="http://127.0.0.1:$PORT"
OUT=bench/out
mkdir -p "$OUT"

command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --quiet

# shellcheck source=bench/lib.sh
source bench/lib.sh

start_server seed
TOKEN=$(login 13900000001)
AUTH="Authorization: Bearer $TOKEN"

run health "$BASE/health"
run user "$BASE/v1_0/user" -H "$AUTH"

# Content: the busiest seeded channel's feed from now, and the newest article's page
# (each view also counts a read and writes the reading history).
sql() { psql -tA -h 127.0.0.1 -U postgres -d "$DB" -c "$1"; }
CHANNEL=$(sql "SELECT channel_id FROM news_article_basic WHERE status = 2 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
ARTICLE=$(sql "SELECT article_id FROM news_article_basic WHERE status = 2 ORDER BY create_time DESC LIMIT 1")
NOW_MS=$(($(date +%s) * 1000))
run feed "$BASE/v1_1/articles?channel_id=$CHANNEL&timestamp=$NOW_MS&with_top=1" -H "$AUTH"
run detail "$BASE/v1_0/articles/$ARTICLE" -H "$AUTH"

summary
