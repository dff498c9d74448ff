//! Readiness: are PostgreSQL and Redis reachable?

use std::time::Duration;

use serde::Serialize;

use crate::db;
use crate::repositories::health;
use crate::state::AppState;

/// Each probe gets this long, and both run at once, so `/ready` answers within a second
/// whatever the dependencies do (a frozen one counts as down).
const PROBE_DEADLINE: Duration = Duration::from_millis(800);

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
    let database = async {
        db::run(&state.db, |c| Ok(health::ping_db(c)?))
            .await
            .is_ok()
    };
    let redis = async {
        match state.redis_conn().await {
            Ok(mut conn) => health::ping_redis(&mut conn).await.is_ok(),
            Err(_) => false,
        }
    };
    let (database, redis) = tokio::join!(within_deadline(database), within_deadline(redis));
    Readiness { database, redis }
}

async fn within_deadline(probe: impl std::future::Future<Output = bool>) -> bool {
    tokio::time::timeout(PROBE_DEADLINE, probe)
        .await
        .unwrap_or(false)
}
