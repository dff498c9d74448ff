//! Who is calling: turns a bearer token into an [`AuthState`], remembering *why* there is no
//! user when there is none, so that guards can answer 401 or 403 as the contract says.
//!
//! The fast path is one Redis round trip (the cached token set says "live" or "banned") plus
//! the in-process user row. Anything the cache cannot vouch for (no set, a token the set
//! lacks, Redis unreachable) is decided by PostgreSQL, the record; revocation is permanent,
//! so a token found revoked is remembered in-process and never costs another query.

use crate::errors::{AppError, Dependency};
use crate::models::user::UserStatus;
use crate::outage;
use crate::repositories::sessions as cached;
use crate::services::sessions;
use crate::services::tokens::{TokenError, TokenKind};
use crate::services::users;
use crate::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthState {
    /// No bearer token (no header, another scheme, `Anony <device>`).
    Anonymous,
    /// Malformed, badly signed, or for an unknown user.
    Invalid,
    Expired,
    RefreshUsedAsAccess,
    /// Revoked (by a ban, a logout) or never issued.
    Revoked,
    Banned,
    /// The token was fine but neither Redis nor PostgreSQL could be asked.
    Unverifiable,
    /// A valid admin token (administrator id).
    Admin(i64),
    User(i64),
}

/// Resolves a bearer token: signature and expiry locally, then the token record. `Err` only
/// when the record could not be read (the caller answers 503 with the cause).
pub async fn resolve(state: &AppState, token: &str) -> Result<AuthState, AppError> {
    let claims = match state.tokens.verify(token) {
        Ok(c) => c,
        Err(TokenError::Expired) => return Ok(AuthState::Expired),
        Err(TokenError::Invalid) => return Ok(AuthState::Invalid),
    };
    match claims.kind {
        TokenKind::Refresh => Ok(AuthState::RefreshUsedAsAccess),
        TokenKind::Admin => Ok(AuthState::Admin(claims.user_id)),
        TokenKind::Access => check_user_token(state, claims.user_id, &claims.jti).await,
    }
}

/// Checks a user token (access or refresh) against the token record and the ban.
pub async fn check_user_token(
    state: &AppState,
    user_id: i64,
    jti: &str,
) -> Result<AuthState, AppError> {
    if state.revoked_tokens.get(&jti.to_owned()).await.is_some() {
        return Ok(AuthState::Revoked);
    }
    let cached = ask_cache(state, user_id, jti).await;
    match &cached {
        Ok(c) if c.cached && c.banned => return Ok(AuthState::Banned),
        Ok(c) if c.cached && c.live => return Ok(by_user_row(state, user_id).await),
        Ok(_) => {}
        Err(e) if e.outage() == Some(Dependency::Redis) => outage::record(e, None),
        Err(_) => {}
    }
    let snap = match sessions::load(state, user_id).await {
        Ok(snap) => snap,
        // The record is out of reach too: a set that lacks the token still says "revoked".
        Err(_) if matches!(&cached, Ok(c) if c.cached) => return Ok(AuthState::Revoked),
        Err(e) => return Err(e),
    };
    let Some(snap) = snap else {
        return Ok(AuthState::Invalid);
    };
    if cached.is_ok()
        && let Err(e) = sessions::cache(state, user_id, &snap).await
    {
        outage::record(&e, None);
    }
    Ok(match snap.status {
        UserStatus::Disabled => AuthState::Banned,
        UserStatus::Enabled if snap.is_live(jti) => AuthState::User(user_id),
        UserStatus::Enabled => {
            state.revoked_tokens.insert(jti.to_owned(), ()).await;
            AuthState::Revoked
        }
    })
}

async fn ask_cache(
    state: &AppState,
    user_id: i64,
    jti: &str,
) -> Result<cached::CachedCheck, AppError> {
    let mut conn = state.redis_conn().await?;
    Ok(cached::check(&mut conn, &state.keys, user_id, jti).await?)
}

/// A token the cache vouches for, unless the user row says the user is gone or banned: a
/// ban whose cache write failed still bites within the row cache's life, whatever Redis
/// holds. A row that cannot be read leaves the cache's word standing.
async fn by_user_row(state: &AppState, user_id: i64) -> AuthState {
    match users::find_user(state, user_id).await {
        Ok(Some(u)) if u.status() == UserStatus::Disabled => AuthState::Banned,
        Ok(None) => AuthState::Invalid,
        Ok(Some(_)) | Err(_) => AuthState::User(user_id),
    }
}
