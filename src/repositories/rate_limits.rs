//! Fixed-window rate-limit counters in Redis, shared by every server process.

use deadpool_redis::redis::{self, RedisResult};

use super::RedisConn;

/// One limit: at most `limit` hits per `window_secs` under `key`.
#[derive(Debug, Clone)]
pub struct Window {
    pub key: String,
    pub window_secs: u64,
    pub limit: u64,
}

/// Counts one hit in every window (atomically) and tells whether all are within limit.
pub async fn hit_all(conn: &mut RedisConn, windows: &[Window]) -> RedisResult<bool> {
    let mut pipe = redis::pipe();
    pipe.atomic();
    for w in windows {
        // SET NX starts the window with its expiry; INCR then counts inside it.
        pipe.cmd("SET")
            .arg(&w.key)
            .arg(0)
            .arg("EX")
            .arg(w.window_secs)
            .arg("NX")
            .ignore();
        pipe.cmd("INCR").arg(&w.key);
    }
    let counts: Vec<u64> = pipe.query_async(conn).await?;
    Ok(counts.iter().zip(windows).all(|(n, w)| *n <= w.limit))
}
