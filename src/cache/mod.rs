//! Redis: the connection pool and the key builder every repository uses.

pub mod keys;
pub mod local;

use std::time::Duration;

use anyhow::Context;
use deadpool_redis::redis::AsyncConnectionConfig;
use deadpool_redis::{Manager, Runtime};
use secrecy::ExposeSecret;

use crate::config::RedisSettings;

pub use deadpool_redis::Pool as RedisPool;
pub use keys::Keys;

pub fn build_pool(settings: &RedisSettings) -> anyhow::Result<RedisPool> {
    build_pool_sized(settings, settings.pool_size)
}

pub fn build_pool_sized(settings: &RedisSettings, size: usize) -> anyhow::Result<RedisPool> {
    let timeout = Some(Duration::from_millis(settings.timeout_ms));
    let connection = AsyncConnectionConfig::new()
        .set_connection_timeout(timeout)
        .set_response_timeout(timeout);
    let manager =
        Manager::new_with_config(settings.url.expose_secret(), connection).context("redis.url")?;
    // Without these, a frozen Redis holds every request at the pool: the checkout's PING
    // (deadpool-redis recycles with UNWATCH + PING) would wait forever.
    RedisPool::builder(manager)
        .max_size(size.max(1))
        .wait_timeout(timeout)
        .create_timeout(timeout)
        .recycle_timeout(timeout)
        .runtime(Runtime::Tokio1)
        .build()
        .context("building the Redis pool")
}

/// Opens up to `n` connections now, so that a worker's first burst of requests does not
/// also pay for opening them all at once.
pub async fn warm_up(pool: &RedisPool, n: usize) {
    let mut opened = Vec::with_capacity(n);
    for _ in 0..n {
        match pool.get().await {
            Ok(conn) => opened.push(conn),
            Err(e) => {
                crate::outage::tracker(crate::errors::Dependency::Redis).failed(None, &e);
                break;
            }
        }
    }
}
