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
/// Counting before deciding means concurrent callers can never overshoot a limit.
pub async fn hit_all(conn: &mut RedisConn, windows: &[Window]) -> RedisResult<bool> {
    Ok(hit_counts(conn, windows)
        .await?
        .iter()
        .zip(windows)
        .all(|(n, w)| *n <= w.limit))
}

/// Counts one hit in every window; returns the new counts, in order.
pub async fn hit_counts(conn: &mut RedisConn, windows: &[Window]) -> RedisResult<Vec<u64>> {
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
    pipe.query_async(conn).await
}

/// Takes back one hit from every window (a reserved attempt that turned out fine).
pub async fn refund(conn: &mut RedisConn, windows: &[Window]) -> RedisResult<()> {
    let mut pipe = redis::pipe();
    for w in windows {
        // Only where the window still exists: a DECR would recreate it without expiry.
        pipe.cmd("EVAL")
            .arg("if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('DECR', KEYS[1]) end")
            .arg(1)
            .arg(&w.key)
            .ignore();
    }
    pipe.query_async(conn).await
}
