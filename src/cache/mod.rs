//! Redis: the connection pool and the key builder every repository uses.

pub mod keys;
pub mod local;

use anyhow::Context;
use deadpool_redis::{Config, Runtime};
use secrecy::ExposeSecret;

use crate::config::RedisSettings;

pub use deadpool_redis::Pool as RedisPool;
pub use keys::Keys;

pub fn build_pool(settings: &RedisSettings) -> anyhow::Result<RedisPool> {
    let mut cfg = Config::from_url(settings.url.expose_secret());
    cfg.pool = Some(deadpool_redis::PoolConfig::new(settings.pool_size));
    cfg.create_pool(Some(Runtime::Tokio1))
        .context("building the Redis pool")
}
