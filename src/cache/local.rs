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
            .map_err(AppError::from_shared)
    }

    pub async fn get(&self, key: &K) -> Option<V> {
        self.inner.get(key).await
    }

    pub async fn insert(&self, key: K, value: V) {
        self.inner.insert(key, value).await;
    }

    pub async fn invalidate(&self, key: &K) {
        self.inner.invalidate(key).await;
    }
}

/// Concurrent calls for one key share one load; nothing is kept once it is done (beyond a
/// tenth of a second, the bound on a result racing its own removal).
#[derive(Clone)]
pub struct SingleFlight<K, V>
where
    K: Hash + Eq + Clone + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    inner: Cache<K, V>,
}

impl<K, V> SingleFlight<K, V>
where
    K: Hash + Eq + Clone + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    pub fn new(capacity: u64) -> Self {
        Self {
            inner: Cache::builder()
                .max_capacity(capacity)
                .time_to_live(Duration::from_millis(100))
                .build(),
        }
    }

    pub async fn run<F>(&self, key: K, load: F) -> Result<V, AppError>
    where
        F: Future<Output = Result<V, AppError>>,
    {
        let out = self
            .inner
            .try_get_with(key.clone(), load)
            .await
            .map_err(AppError::from_shared);
        self.inner.invalidate(&key).await;
        out
    }
}
