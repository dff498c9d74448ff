//! Liveness probes of the stores.

use deadpool_redis::redis::{self, RedisResult};
use diesel::prelude::*;

use super::RedisConn;

pub fn ping_db(conn: &mut PgConnection) -> QueryResult<()> {
    diesel::sql_query("SELECT 1").execute(conn).map(|_| ())
}

pub async fn ping_redis(conn: &mut RedisConn) -> RedisResult<()> {
    redis::cmd("PING")
        .query_async::<String>(conn)
        .await
        .map(|_| ())
}
