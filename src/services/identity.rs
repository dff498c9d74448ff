//! Who is calling: turns a bearer token into an [`AuthState`], remembering *why* there is no
//! user when there is none, so that guards can answer 401 or 403 as the contract says.

use crate::db;
use crate::errors::AppError;
use crate::models::user::UserStatus;
use crate::repositories::{sessions, users};
use crate::services::tokens::{TokenError, TokenKind};
use crate::state::AppState;

/// How long a user's status stays cached in Redis; a ban writes it through at once.
pub const STATUS_CACHE_SECS: u64 = 3600;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthState {
    /// No bearer token (no header, another scheme, `Anony <device>`).
    Anonymous,
    /// Malformed, badly signed, or for an unknown user.
    Invalid,
    Expired,
    RefreshUsedAsAccess,
    /// Not in the user's live token set any more.
    Revoked,
    Banned,
    /// The token was fine but Redis or PostgreSQL could not be asked.
    Unverifiable,
    /// A valid admin token (administrator id).
    Admin(i64),
    User(i64),
}

/// Resolves a bearer token: signature and expiry locally, then one Redis round trip for
/// revocation and ban status (plus PostgreSQL only when the status is not cached).
pub async fn resolve(state: &AppState, token: &str) -> AuthState {
    let claims = match state.tokens.verify(token) {
        Ok(c) => c,
        Err(TokenError::Expired) => return AuthState::Expired,
        Err(TokenError::Invalid) => return AuthState::Invalid,
    };
    match claims.kind {
        TokenKind::Refresh => AuthState::RefreshUsedAsAccess,
        TokenKind::Admin => AuthState::Admin(claims.user_id),
        TokenKind::Access => match check_user_token(state, claims.user_id, &claims.jti).await {
            Ok(s) => s,
            Err(e) => {
                log::error!("cannot verify a token of user {}: {e:#}", claims.user_id);
                AuthState::Unverifiable
            }
        },
    }
}

/// Checks a user token against the ban status and the live token set.
pub async fn check_user_token(
    state: &AppState,
    user_id: i64,
    jti: &str,
) -> Result<AuthState, AppError> {
    let mut conn = state.redis_conn().await?;
    let check = sessions::check(&mut conn, &state.keys, user_id, jti).await?;
    let status = match check.status {
        Some(s) => Some(s),
        None => {
            let status = db::run(&state.db, move |c| Ok(users::status_of(c, user_id)?)).await?;
            if let Some(s) = status {
                sessions::cache_status(&mut conn, &state.keys, user_id, s, STATUS_CACHE_SECS)
                    .await?;
            }
            status
        }
    };
    Ok(match status.map(UserStatus::from_db) {
        None => AuthState::Invalid,
        Some(UserStatus::Disabled) => AuthState::Banned,
        Some(UserStatus::Enabled) if check.revoked() => AuthState::Revoked,
        Some(UserStatus::Enabled) => AuthState::User(user_id),
    })
}
