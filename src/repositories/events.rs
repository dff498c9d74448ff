//! Redis pub/sub: the channel the realtime server subscribes to.

use deadpool_redis::redis::{self, RedisResult};

use super::RedisConn;

/// Publishes one serialized message; returns how many subscribers received it.
pub async fn publish(conn: &mut RedisConn, channel: &str, message: &str) -> RedisResult<i64> {
    redis::cmd("PUBLISH")
        .arg(channel)
        .arg(message)
        .query_async(conn)
        .await
}
