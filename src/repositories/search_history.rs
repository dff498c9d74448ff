//! Search keywords in Redis: each user's recent keywords (a zset keyword -> time, the
//! newest kept) and how often every keyword was searched (a zset keyword -> count).

use deadpool_redis::redis::{self, RedisResult};

use super::RedisConn;
use crate::cache::Keys;

/// Puts `keyword` on top of a user's history and trims it to the newest `keep`.
pub async fn record(
    conn: &mut RedisConn,
    keys: &Keys,
    user_id: i64,
    keyword: &str,
    at_ms: i64,
    keep: isize,
) -> RedisResult<()> {
    let key = keys.search_history(user_id);
    redis::pipe()
        .atomic()
        .zadd(&key, keyword, at_ms)
        .ignore()
        .zremrangebyrank(&key, 0, -(keep + 1))
        .ignore()
        .query_async(conn)
        .await
}

/// The newest `n` keywords of a user, newest first.
pub async fn newest(
    conn: &mut RedisConn,
    keys: &Keys,
    user_id: i64,
    n: isize,
) -> RedisResult<Vec<String>> {
    redis::cmd("ZREVRANGE")
        .arg(keys.search_history(user_id))
        .arg(0)
        .arg(n - 1)
        .query_async(conn)
        .await
}

/// Forgets a user's keywords.
pub async fn clear(conn: &mut RedisConn, keys: &Keys, user_id: i64) -> RedisResult<()> {
    redis::cmd("DEL")
        .arg(keys.search_history(user_id))
        .query_async(conn)
        .await
}

/// Counts one search of `keyword`, keeping the `kept` most searched keywords.
pub async fn count(
    conn: &mut RedisConn,
    keys: &Keys,
    keyword: &str,
    kept: isize,
) -> RedisResult<()> {
    let key = keys.search_keywords();
    redis::pipe()
        .zincr(&key, keyword, 1)
        .ignore()
        .zremrangebyrank(&key, 0, -(kept + 1))
        .ignore()
        .query_async(conn)
        .await
}

/// The keywords searched at least `min` times, with their counts, most searched first.
pub async fn frequent(
    conn: &mut RedisConn,
    keys: &Keys,
    min: u64,
    limit: isize,
) -> RedisResult<Vec<(String, u64)>> {
    redis::cmd("ZREVRANGEBYSCORE")
        .arg(keys.search_keywords())
        .arg("+inf")
        .arg(min)
        .arg("WITHSCORES")
        .arg("LIMIT")
        .arg(0)
        .arg(limit)
        .query_async(conn)
        .await
}
