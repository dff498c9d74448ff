//! Login by SMS code (registering unknown mobiles) and access-token refresh.

use serde::Serialize;

use crate::db;
use crate::errors::AppError;
use crate::models::user::{NewUser, UserStatus};
use crate::repositories::{sessions, sms_codes, users};
use crate::services::identity::{self, AuthState};
use crate::services::tokens::TokenKind;
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct TokenPair {
    pub token: String,
    pub refresh_token: String,
}

const WRONG_REFRESH: &str = "Wrong refresh token.";
const INVALID_USER: &str = "Invalid user.";

/// Logs in with a one-time code; an unknown mobile becomes a new user.
pub async fn login(state: &AppState, mobile: String, code: String) -> Result<TokenPair, AppError> {
    let mut conn = state.redis_conn().await?;
    // Taken (read and deleted) whatever the outcome: one attempt per code.
    let stored = sms_codes::take(&mut conn, &state.keys, &mobile).await?;
    let universal = &state.settings.sms.universal_code;
    let accepted =
        stored.as_deref() == Some(code.as_str()) || (!universal.is_empty() && code == *universal);
    if !accepted {
        return Err(AppError::bad_request("Invalid code."));
    }

    let ids = state.ids.clone();
    let user = db::transaction(&state.db, move |c| {
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
        Ok(user)
    })
    .await?;

    let access = state.tokens.issue(user.user_id, TokenKind::Access)?;
    let refresh = state.tokens.issue(user.user_id, TokenKind::Refresh)?;
    sessions::add_tokens(
        &mut conn,
        &state.keys,
        user.user_id,
        &[&access.jti, &refresh.jti],
        state.tokens.longest_user_ttl(),
    )
    .await?;
    log::info!("user {} logged in", user.user_id);
    Ok(TokenPair {
        token: access.token,
        refresh_token: refresh.token,
    })
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
    let access = state.tokens.issue(claims.user_id, TokenKind::Access)?;
    let mut conn = state.redis_conn().await?;
    sessions::add_tokens(
        &mut conn,
        &state.keys,
        claims.user_id,
        &[&access.jti],
        state.tokens.longest_user_ttl(),
    )
    .await?;
    Ok(access.token)
}
