//! Login by SMS code (registering unknown mobiles), access-token refresh and logout.
//!
//! Guessing is bounded twice: failed logins are counted per mobile and per client IP
//! (429 past the limits, in Redis so every process shares them), and a sent code takes a
//! few wrong tries before it burns, so a stranger's guess alone cannot lock its owner out,
//! while the odds of guessing stay near zero (5 tries against a million codes, one new
//! code a minute at most).

use crate::db;
use crate::errors::AppError;
use crate::models::user::{NewUser, UserStatus};
use crate::repositories::rate_limits::{self, Window};
use crate::repositories::{sms_codes, users};
use crate::services::identity::{self, AuthState};
use crate::services::sessions::{self, Extended, TokenPair};
use crate::services::tokens::TokenKind;
use crate::state::AppState;

const WRONG_REFRESH: &str = "Wrong refresh token.";
const INVALID_USER: &str = "Invalid user.";
const INVALID_CODE: &str = "Invalid code.";

fn failure_windows(state: &AppState, mobile: &str, ip: &str) -> [Window; 2] {
    let cfg = &state.settings.sms;
    [
        Window {
            key: state.keys.login_failures_mobile(mobile),
            window_secs: cfg.login_failures_per_mobile_window_secs,
            limit: cfg.login_failures_per_mobile,
        },
        Window {
            key: state.keys.login_failures_ip(ip),
            window_secs: cfg.login_failures_per_ip_window_secs,
            limit: cfg.login_failures_per_ip,
        },
    ]
}

/// Logs in with a code; an unknown mobile becomes a new user.
pub async fn login(
    state: &AppState,
    mobile: String,
    code: String,
    client_ip: &str,
) -> Result<TokenPair, AppError> {
    let mut conn = state.redis_conn().await?;
    // The attempt is counted as a failure up front (so concurrent guesses cannot overshoot
    // the limits) and refunded when it succeeds.
    let windows = failure_windows(state, &mobile, client_ip);
    if !rate_limits::hit_all(&mut conn, &windows).await? {
        return Err(AppError::TooManyRequests);
    }
    let universal = &state.settings.sms.universal_code;
    let accepted = (!universal.is_empty() && code == *universal)
        || sms_codes::try_code(
            &mut conn,
            &state.keys,
            &mobile,
            &code,
            state.settings.sms.code_max_attempts,
        )
        .await?
            == sms_codes::Guess::Right;
    if !accepted {
        return Err(AppError::bad_request(INVALID_CODE));
    }
    rate_limits::refund(&mut conn, &windows).await?;
    drop(conn);

    let user_id = find_or_register(state, mobile).await?;
    let pair = sessions::open(state, user_id)
        .await?
        .ok_or_else(|| AppError::forbidden(INVALID_USER))?;
    log::info!("user {user_id} logged in");
    Ok(pair)
}

async fn find_or_register(state: &AppState, mobile: String) -> Result<i64, AppError> {
    let ids = state.ids.clone();
    db::transaction(&state.db, move |c| {
        let user = match users::find_by_mobile(c, &mobile)? {
            Some(u) => u,
            None => {
                let new = NewUser {
                    user_id: ids.next_id(),
                    mobile: &mobile,
                    user_name: &mobile,
                    last_login: Some(chrono::Utc::now()),
                };
                match users::insert_with_profile(c, &new)? {
                    Some(u) => u,
                    // A concurrent login registered this mobile first.
                    None => users::find_by_mobile(c, &mobile)?.ok_or_else(|| {
                        AppError::internal(anyhow::anyhow!("user vanished after conflict"))
                    })?,
                }
            }
        };
        if user.status() == UserStatus::Disabled {
            return Err(AppError::forbidden(INVALID_USER));
        }
        users::touch_last_login(c, user.user_id)?;
        Ok(user.user_id)
    })
    .await
}

/// Issues a new access token for a valid, live refresh token of an enabled user.
pub async fn refresh(state: &AppState, bearer: Option<&str>) -> Result<String, AppError> {
    let claims = bearer
        .and_then(|t| state.tokens.verify(t).ok())
        .filter(|c| c.kind == TokenKind::Refresh)
        .ok_or_else(|| AppError::forbidden(WRONG_REFRESH))?;
    match identity::check_user_token(state, claims.user_id, &claims.jti).await? {
        AuthState::User(_) => {}
        AuthState::Banned => return Err(AppError::forbidden(INVALID_USER)),
        _ => return Err(AppError::forbidden(WRONG_REFRESH)),
    }
    match sessions::extend(state, claims.user_id, claims.jti).await? {
        Extended::Access(token) => Ok(token),
        Extended::Banned => Err(AppError::forbidden(INVALID_USER)),
        Extended::Dead => Err(AppError::forbidden(WRONG_REFRESH)),
    }
}

/// Ends the login a live token (access or refresh) belongs to; its other tokens die too.
pub async fn logout(state: &AppState, bearer: Option<&str>) -> Result<(), AppError> {
    let claims = bearer
        .and_then(|t| state.tokens.verify(t).ok())
        .filter(|c| c.kind != TokenKind::Admin)
        .ok_or(AppError::Unauthorized("User must be authorized."))?;
    match identity::check_user_token(state, claims.user_id, &claims.jti).await? {
        AuthState::User(_) => sessions::close(state, claims.user_id, claims.jti).await,
        AuthState::Banned => Err(AppError::forbidden("User denied.")),
        _ => Err(AppError::forbidden("Invalid token")),
    }
}
