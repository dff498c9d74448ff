//! Everything a request needs, built once at start and shared by all workers.

use std::sync::Arc;

use crate::cache::{self, Keys, RedisPool};
use crate::config::Settings;
use crate::db::{self, DbPool};
use crate::services::feed::FeedSource;
use crate::services::feed::postgres::PgFeed;
use crate::services::sms::{LogSmsSender, SmsSender};
use crate::services::tokens::TokenCodec;
use crate::snowflake::Snowflake;

#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub db: DbPool,
    pub redis: RedisPool,
    pub keys: Keys,
    pub ids: Arc<Snowflake>,
    pub tokens: Arc<TokenCodec>,
    pub sms: Arc<dyn SmsSender>,
    /// Chooses feed articles (PostgreSQL now; a recommendation service can replace it).
    pub feed: Arc<dyn FeedSource>,
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
            settings: Arc::new(settings),
        })
    }

    pub async fn redis_conn(&self) -> Result<deadpool_redis::Connection, crate::errors::AppError> {
        Ok(self.redis.get().await?)
    }
}
