//! Everything a request needs, built once at start and shared by all workers.

use std::sync::Arc;
use std::time::Duration;

use crate::cache::local::{LocalCache, SingleFlight};
use crate::cache::{self, Keys, RedisPool};
use crate::config::Settings;
use crate::db::{self, DbPool};
use crate::errors::{AppError, Dependency};
use crate::models::token::TokenSnapshot;
use crate::models::user::User;
use crate::outage;
use crate::ports::feed::FeedSource;
use crate::ports::feed_postgres::PgFeed;
use crate::ports::sms::{LogSmsSender, SmsSender};
use crate::search::tantivy_engine::WriterOptions;
use crate::search::{SearchEngine, TantivyEngine};
use crate::services::passwords::Passwords;
use crate::services::tokens::TokenCodec;
use crate::snowflake::Snowflake;
use crate::storage::Storage;

#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub db: DbPool,
    pub redis: RedisPool,
    pub keys: Keys,
    pub ids: Arc<Snowflake>,
    pub tokens: Arc<TokenCodec>,
    pub sms: Arc<dyn SmsSender>,
    /// L1 cache of user rows (`None` caches a miss).
    pub user_cache: LocalCache<i64, Option<Arc<User>>>,
    /// Object storage for uploaded images.
    pub storage: Storage,
    /// Chooses feed articles (PostgreSQL now; a recommendation service can replace it).
    pub feed: Arc<dyn FeedSource>,
    /// Token ids found revoked in PostgreSQL. Revocation is permanent, so this never goes
    /// stale; it spares the record a query per replay of a dead token.
    pub revoked_tokens: LocalCache<String, ()>,
    /// Concurrent reads of one user's token record share one query.
    pub token_loads: SingleFlight<i64, Option<Arc<TokenSnapshot>>>,
    /// The bounded password-hashing pool.
    pub passwords: Arc<Passwords>,
    /// Full-text search over approved articles (embedded tantivy; an external engine can
    /// implement the same trait).
    pub search: Arc<dyn SearchEngine>,
}

impl AppState {
    /// Builds pools and services from settings. Pools connect lazily.
    pub fn build(settings: Settings) -> anyhow::Result<Self> {
        let sf = &settings.snowflake;
        let ids = Snowflake::new(sf.epoch_ms, sf.datacenter_id, sf.worker_id)?;
        let db = db::build_pool(&settings.database)?;
        Ok(Self {
            feed: Arc::new(PgFeed::new(db.clone())),
            db,
            redis: cache::build_pool(&settings.redis)?,
            keys: Keys::new(settings.redis.prefix.clone()),
            ids: Arc::new(ids),
            tokens: Arc::new(TokenCodec::new(&settings.jwt)),
            sms: Arc::new(LogSmsSender),
            user_cache: LocalCache::new(
                settings.cache.user_capacity,
                Duration::from_millis(settings.cache.user_ttl_ms),
            ),
            storage: Storage::from_settings(&settings.storage)?,
            revoked_tokens: LocalCache::new(
                100_000,
                Duration::from_secs(settings.jwt.refresh_ttl_secs.max(1) as u64),
            ),
            token_loads: SingleFlight::new(10_000),
            passwords: Arc::new(Passwords::new(
                settings.admin.hash_concurrency,
                Duration::from_millis(settings.admin.hash_wait_ms),
            )?),
            search: Arc::new(open_search(&settings)?),
            settings: Arc::new(settings),
        })
    }

    /// A copy for one server worker, with its own Redis pool: a connection's I/O driver runs
    /// on the thread that opened it, so a pool shared by workers makes most requests pay
    /// cross-thread wake-ups. Falls back to the shared pool if a new one cannot be built.
    pub fn for_worker(&self, workers: usize) -> Self {
        let redis = &self.settings.redis;
        match cache::build_pool_sized(redis, redis.pool_size.div_ceil(workers.max(1))) {
            Ok(pool) => Self {
                redis: pool,
                ..self.clone()
            },
            Err(e) => {
                log::warn!("sharing the Redis pool between workers: {e:#}");
                self.clone()
            }
        }
    }

    /// A Redis connection within `redis.timeout_ms` in all. The pool bounds each step, but
    /// against a frozen server it recycles every idle connection in turn (a PING each), so
    /// only an overall deadline keeps the wait at one timeout.
    pub async fn redis_conn(&self) -> Result<deadpool_redis::Connection, AppError> {
        let deadline = Duration::from_millis(self.settings.redis.timeout_ms.max(1));
        let conn = tokio::time::timeout(deadline, self.redis.get())
            .await
            .map_err(|_| {
                AppError::unavailable(
                    Dependency::Redis,
                    anyhow::anyhow!("waiting for a redis connection: timed out"),
                )
            })??;
        outage::succeeded(Dependency::Redis);
        Ok(conn)
    }
}

/// Opens the embedded search index named by the settings.
fn open_search(settings: &Settings) -> anyhow::Result<TantivyEngine> {
    let s = &settings.search;
    let threads = match s.writer_threads {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get().min(4)),
        n => n,
    };
    let writer = WriterOptions {
        threads,
        heap_bytes: s.writer_heap_mb.saturating_mul(1 << 20),
    };
    let rebuild = Duration::from_millis(s.suggest_rebuild_ms);
    Ok(TantivyEngine::open(
        std::path::Path::new(&s.dir),
        writer,
        rebuild,
    )?)
}
