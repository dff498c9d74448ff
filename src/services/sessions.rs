//! The token lifecycle. PostgreSQL records every user token (`user_token`, with a version per
//! user); the Redis token set is a cache of that record, refreshed after every change and
//! rebuilt from it whenever it is missing, so losing Redis's data neither revives a revoked
//! token nor logs anyone out.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use crate::db;
use crate::errors::{AppError, Dependency};
use crate::models::token::{KIND_ACCESS, KIND_REFRESH, NewToken, TokenSnapshot};
use crate::outage;
use crate::repositories::{events, sessions as cached, user_tokens};
use crate::services::tokens::{IssuedToken, TokenKind};
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct TokenPair {
    pub token: String,
    pub refresh_token: String,
}

/// How extending a session with a refresh token went.
#[derive(Debug)]
pub enum Extended {
    Access(String),
    Banned,
    /// The refresh token is revoked, expired or unknown.
    Dead,
}

fn record(issued: &IssuedToken, user_id: i64, kind: i16, session: &str) -> NewToken {
    NewToken {
        jti: issued.jti.clone(),
        user_id,
        kind,
        session_id: session.to_owned(),
        expires_at: DateTime::from_timestamp(issued.expires_at, 0).unwrap_or_else(Utc::now),
    }
}

/// Opens a session (a login): a refresh token and a first access token, recorded while the
/// user is enabled, then cached. None when the user is disabled (a ban won the race).
pub async fn open(state: &AppState, user_id: i64) -> Result<Option<TokenPair>, AppError> {
    let access = state.tokens.issue(user_id, TokenKind::Access)?;
    let refresh = state.tokens.issue(user_id, TokenKind::Refresh)?;
    let rows = vec![
        record(&access, user_id, KIND_ACCESS, &refresh.jti),
        record(&refresh, user_id, KIND_REFRESH, &refresh.jti),
    ];
    let snap = db::transaction(&state.db, move |c| {
        if user_tokens::bump_if_enabled(c, user_id)?.is_none() {
            return Ok(None);
        }
        // Rows of tokens long expired are dead weight: nothing can present them.
        user_tokens::delete_expired(c, user_id, Utc::now() - TimeDelta::days(1))?;
        user_tokens::insert(c, &rows)?;
        Ok(user_tokens::snapshot(c, user_id)?)
    })
    .await?;
    let Some(snap) = snap else {
        return Ok(None);
    };
    cache_after_issue(state, user_id, &snap).await;
    Ok(Some(TokenPair {
        token: access.token,
        refresh_token: refresh.token,
    }))
}

/// Mints an access token in the session of a live refresh token of an enabled user.
pub async fn extend(
    state: &AppState,
    user_id: i64,
    refresh_jti: String,
) -> Result<Extended, AppError> {
    let access = state.tokens.issue(user_id, TokenKind::Access)?;
    let outcome = db::transaction(&state.db, move |c| {
        // The version bump locks the user row, so a ban cannot slip in between.
        if user_tokens::bump_if_enabled(c, user_id)?.is_none() {
            return Ok(Err(Extended::Banned));
        }
        let Some(session) = user_tokens::live_session(c, user_id, &refresh_jti)? else {
            return Ok(Err(Extended::Dead));
        };
        user_tokens::insert(c, &[record(&access, user_id, KIND_ACCESS, &session)])?;
        Ok(Ok((user_tokens::snapshot(c, user_id)?, access.token)))
    })
    .await?;
    match outcome {
        Err(refused) => Ok(refused),
        Ok((snap, token)) => {
            if let Some(snap) = snap {
                cache_after_issue(state, user_id, &snap).await;
            }
            Ok(Extended::Access(token))
        }
    }
}

/// Ends the session a token belongs to (logout): every token of that login is revoked.
pub async fn close(state: &AppState, user_id: i64, jti: String) -> Result<(), AppError> {
    let revoked = db::transaction(&state.db, move |c| {
        let Some(session) = user_tokens::live_session(c, user_id, &jti)? else {
            return Ok(Vec::new());
        };
        user_tokens::bump(c, user_id)?;
        Ok(user_tokens::revoke_session(c, user_id, &session)?)
    })
    .await?;
    if !revoked.is_empty() {
        after_revocation(state, user_id, Some(revoked)).await;
    }
    Ok(())
}

/// What PostgreSQL says about a user's tokens now. Concurrent loads of one user share one
/// query: after Redis loses its data, every device of a user asks at once.
pub async fn load(state: &AppState, user_id: i64) -> Result<Option<Arc<TokenSnapshot>>, AppError> {
    let pool = state.db.clone();
    state
        .token_loads
        .run(user_id, async move {
            db::run(&pool, move |c| {
                Ok(user_tokens::snapshot(c, user_id)?.map(Arc::new))
            })
            .await
        })
        .await
}

/// Writes `snap` to the cache (unless a newer version is there); a set the writers kept
/// fighting over is dropped, so the next check asks PostgreSQL.
pub async fn cache(state: &AppState, user_id: i64, snap: &TokenSnapshot) -> Result<(), AppError> {
    let mut conn = state.redis_conn().await?;
    let ttl = state.tokens.ttl(TokenKind::Refresh).max(1) as u64;
    if !cached::store(&mut conn, &state.keys, user_id, snap, ttl).await? {
        cached::forget(&mut conn, &state.keys, user_id).await?;
    }
    Ok(())
}

/// After new tokens: a cache that misses them is only slower (a check of a token the set
/// lacks asks PostgreSQL), so a failure here is recorded and otherwise ignored.
async fn cache_after_issue(state: &AppState, user_id: i64, snap: &TokenSnapshot) {
    if let Err(e) = cache(state, user_id, snap).await {
        outage::record(&e, None);
    }
}

/// After revocations are committed: the cache must not keep vouching for the revoked tokens,
/// so it is rebuilt, or dropped, or (Redis unreachable) dropped as soon as Redis answers
/// again. Then sockets opened with those tokens are told to close.
pub async fn after_revocation(state: &AppState, user_id: i64, jtis: Option<Vec<String>>) {
    resync(state, user_id).await;
    announce(state, user_id, jtis).await;
}

/// Rebuilds the cached set from the record after a change that takes trust away (a ban, a
/// revocation) or changes the banned marker (an unban).
pub async fn resync(state: &AppState, user_id: i64) {
    let fresh = async {
        let snap = load(state, user_id).await?;
        match snap {
            Some(snap) => cache(state, user_id, &snap).await,
            None => forget(state, user_id).await,
        }
    }
    .await;
    if let Err(e) = fresh {
        outage::record(&e, None);
        forget_later(state.clone(), user_id);
    }
}

async fn forget(state: &AppState, user_id: i64) -> Result<(), AppError> {
    let mut conn = state.redis_conn().await?;
    Ok(cached::forget(&mut conn, &state.keys, user_id).await?)
}

/// Keeps trying to drop a user's cached set until Redis takes it (for up to an hour).
fn forget_later(state: AppState, user_id: i64) {
    tokio::spawn(async move {
        for _ in 0..3600 {
            tokio::time::sleep(Duration::from_secs(1)).await;
            if forget(&state, user_id).await.is_ok() {
                log::info!("dropped the stale token cache of user {user_id}");
                return;
            }
        }
        log::error!("could not drop the token cache of user {user_id} for an hour");
    });
}

#[derive(Serialize)]
struct Revoked {
    user_id: i64,
    /// None: every token of the user.
    jtis: Option<Vec<String>>,
}

/// Tells the realtime servers which tokens died (best effort: the record is already right).
async fn announce(state: &AppState, user_id: i64, jtis: Option<Vec<String>>) {
    let result = async {
        let body = serde_json::to_string(&Revoked { user_id, jtis })
            .map_err(|e| AppError::internal(anyhow::Error::new(e)))?;
        let mut conn = state.redis_conn().await?;
        events::publish(&mut conn, &state.keys.session_events_channel(), &body).await?;
        Ok::<_, AppError>(())
    }
    .await;
    if let Err(e) = result {
        match e.outage() {
            Some(Dependency::Redis) => outage::record(&e, None),
            _ => log::warn!("announcing revoked tokens of user {user_id} failed: {e:#}"),
        }
    }
}
