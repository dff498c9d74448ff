//! SMS login codes in Redis.

use deadpool_redis::redis::{self, AsyncCommands, RedisResult};

use super::RedisConn;
use crate::cache::Keys;

/// Stores (or replaces) the code of `mobile` for `ttl_secs`.
pub async fn store(
    conn: &mut RedisConn,
    keys: &Keys,
    mobile: &str,
    code: &str,
    ttl_secs: u64,
) -> RedisResult<()> {
    conn.set_ex(keys.sms_code(mobile), code, ttl_secs).await
}

/// Reads and deletes the code in one step, so each code allows exactly one attempt.
pub async fn take(conn: &mut RedisConn, keys: &Keys, mobile: &str) -> RedisResult<Option<String>> {
    redis::cmd("GETDEL")
        .arg(keys.sms_code(mobile))
        .query_async(conn)
        .await
}
