//! A user's reading history in Redis: a zset of article id -> read time (ms), newest kept.

use deadpool_redis::redis::{self, RedisResult};

use super::RedisConn;
use crate::cache::Keys;

/// Records a read and trims the history to the newest `keep` articles, in one MULTI/EXEC.
pub async fn record(
    conn: &mut RedisConn,
    keys: &Keys,
    user_id: i64,
    article_id: i64,
    at_ms: i64,
    keep: isize,
) -> RedisResult<()> {
    let key = keys.reading_history(user_id);
    redis::pipe()
        .atomic()
        .zadd(&key, article_id, at_ms)
        .ignore()
        .zremrangebyrank(&key, 0, -(keep + 1))
        .ignore()
        .query_async(conn)
        .await
}

/// How many articles the history holds, and the ids of one page of it, newest first.
pub async fn page(
    conn: &mut RedisConn,
    keys: &Keys,
    user_id: i64,
    offset: isize,
    limit: isize,
) -> RedisResult<(i64, Vec<i64>)> {
    let key = keys.reading_history(user_id);
    redis::pipe()
        .zcard(&key)
        .zrevrange(&key, offset, offset + limit - 1)
        .query_async(conn)
        .await
}

/// How many articles the history holds.
pub async fn count(conn: &mut RedisConn, keys: &Keys, user_id: i64) -> RedisResult<i64> {
    redis::cmd("ZCARD")
        .arg(keys.reading_history(user_id))
        .query_async(conn)
        .await
}
