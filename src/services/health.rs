//! Readiness: are PostgreSQL and Redis reachable?

use serde::Serialize;

use crate::db;
use crate::repositories::health;
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct Readiness {
    pub database: bool,
    pub redis: bool,
}

impl Readiness {
    pub fn ready(&self) -> bool {
        self.database && self.redis
    }
}

pub async fn readiness(state: &AppState) -> Readiness {
    let database = db::run(&state.db, |c| Ok(health::ping_db(c)?))
        .await
        .is_ok();
    let redis = match state.redis.get().await {
        Ok(mut conn) => health::ping_redis(&mut conn).await.is_ok(),
        Err(_) => false,
    };
    Readiness { database, redis }
}
