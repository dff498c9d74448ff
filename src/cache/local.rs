//! The in-process (L1) cache: a bounded moka cache with a short time-to-live.
//!
//! Concurrent misses of one key share a single load (no stampede on PostgreSQL when a hot
//! entry expires). The TTL bounds how stale another server process can be; writes made by
//! this process invalidate their entries at once.

use std::hash::Hash;
use std::time::Duration;

use moka::future::Cache;

use crate::errors::AppError;

#[derive(Clone)]
pub struct LocalCache<K, V>
where
    K: Hash + Eq + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    inner: Cache<K, V>,
}

impl<K, V> LocalCache<K, V>
where
    K: Hash + Eq + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    pub fn new(capacity: u64, ttl: Duration) -> Self {
        Self {
            inner: Cache::builder()
                .max_capacity(capacity)
                .time_to_live(ttl)
                .build(),
        }
    }

    /// The cached value, or the result of `load` (shared by concurrent callers).
    pub async fn get_or_load<F>(&self, key: K, load: F) -> Result<V, AppError>
    where
        F: Future<Output = Result<V, AppError>>,
    {
        self.inner
            .try_get_with(key, load)
            .await
            .map_err(|e| match &*e {
                AppError::Unavailable(text) => AppError::Unavailable(text.clone()),
                other => AppError::internal(anyhow::anyhow!("{other}")),
            })
    }

    pub async fn invalidate(&self, key: &K) {
        self.inner.invalidate(key).await;
    }
}
