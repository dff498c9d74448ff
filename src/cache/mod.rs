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
    build_pool_sized(settings, settings.pool_size)
}

pub fn build_pool_sized(settings: &RedisSettings, size: usize) -> anyhow::Result<RedisPool> {
    let mut cfg = Config::from_url(settings.url.expose_secret());
    cfg.pool = Some(deadpool_redis::PoolConfig::new(size.max(1)));
    cfg.create_pool(Some(Runtime::Tokio1))
        .context("building the Redis pool")
}
