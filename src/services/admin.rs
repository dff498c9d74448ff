//! Administration: admin accounts and login, the user list, bans.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::db;
use crate::errors::AppError;
use crate::models::admin::{NewAdmin, NewAuditEntry};
use crate::models::user::UserFilter;
use crate::models::user::UserStatus;
use crate::repositories::{admins, audit, sessions, users};
use crate::services::identity::STATUS_CACHE_SECS;
use crate::services::tokens::TokenKind;
use crate::services::{passwords, users as user_service};
use crate::state::AppState;

const BAD_CREDENTIALS: &str = "Invalid username or password.";

/// A valid PHC string that no password matches, so unknown accounts cost as much as known ones.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$KtpGAzq4hYwLhsTiH4cDYBgAPM+FVD+QqN09XW3QZfo";

#[derive(Debug, Serialize)]
pub struct AdminToken {
    pub token: String,
}

/// Creates an admin account, or resets its password (the `admin create` command).
pub async fn create_admin(
    state: &AppState,
    username: String,
    password: String,
) -> Result<i64, AppError> {
    if username.is_empty() || username.chars().count() > 20 {
        return Err(AppError::param("username", "1 to 20 characters."));
    }
    if password.chars().count() < 8 {
        return Err(AppError::param("password", "At least 8 characters."));
    }
    let phc = passwords::hash(password).await?;
    let admin = db::run(&state.db, move |c| {
        Ok(admins::upsert(
            c,
            &NewAdmin {
                account: &username,
                password: &phc,
                name: &username,
            },
        )?)
    })
    .await?;
    Ok(admin.administrator_id)
}

pub async fn login(
    state: &AppState,
    username: String,
    password: String,
) -> Result<AdminToken, AppError> {
    let account = username.clone();
    let admin = db::run(&state.db, move |c| {
        Ok(admins::find_by_account(c, &account)?)
    })
    .await?;
    let phc = admin
        .as_ref()
        .map_or_else(|| DUMMY_HASH.to_owned(), |a| a.password.clone());
    let matches = passwords::verify(password, phc).await?;
    let admin = match admin {
        Some(a) if matches && a.status == 1 => a,
        _ => {
            log::warn!("failed admin login for {username:?}");
            return Err(AppError::Unauthorized(BAD_CREDENTIALS));
        }
    };
    let id = admin.administrator_id;
    db::run(&state.db, move |c| Ok(admins::record_login(c, id)?)).await?;
    let issued = state.tokens.issue(id, TokenKind::Admin)?;
    log::info!("admin {} logged in", admin.account);
    Ok(AdminToken {
        token: issued.token,
    })
}

/// True when the administrator exists and is enabled.
pub async fn is_active(state: &AppState, admin_id: i64) -> Result<bool, AppError> {
    let admin = db::run(&state.db, move |c| Ok(admins::find_by_id(c, admin_id)?)).await?;
    Ok(admin.is_some_and(|a| a.status == 1))
}

#[derive(Debug, Serialize)]
pub struct AdminUserRow {
    pub id: i64,
    pub mobile: String,
    pub name: String,
    pub status: i16,
    pub last_login: Option<DateTime<Utc>>,
    pub create_time: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct UserPage {
    pub total_count: i64,
    pub page: i64,
    pub per_page: i64,
    pub results: Vec<AdminUserRow>,
}

pub async fn list_users(
    state: &AppState,
    filter: UserFilter,
    page: i64,
    per_page: i64,
) -> Result<UserPage, AppError> {
    let offset = (page - 1).saturating_mul(per_page);
    let (total, rows) = db::run(&state.db, move |c| {
        Ok(users::list(c, &filter, offset, per_page)?)
    })
    .await?;
    Ok(UserPage {
        total_count: total,
        page,
        per_page,
        results: rows
            .into_iter()
            .map(|u| AdminUserRow {
                id: u.user_id,
                mobile: u.mobile,
                name: u.user_name,
                status: u.status,
                last_login: u.last_login,
                create_time: u.create_time,
            })
            .collect(),
    })
}

#[derive(Debug, Serialize)]
pub struct BanOutcome {
    pub user_id: i64,
    pub status: i16,
    pub reason: String,
}

/// Disables a user, records why, and revokes all of the user's tokens at once.
pub async fn ban(
    state: &AppState,
    admin_id: i64,
    user_id: i64,
    reason: String,
    ip: Option<String>,
) -> Result<BanOutcome, AppError> {
    set_status(state, admin_id, user_id, UserStatus::Disabled, &reason, ip).await?;
    user_service::forget_user(state, user_id).await;
    let mut conn = state.redis_conn().await?;
    sessions::revoke_all(
        &mut conn,
        &state.keys,
        user_id,
        state.tokens.longest_user_ttl(),
        UserStatus::Disabled.as_db(),
        STATUS_CACHE_SECS,
    )
    .await?;
    log::info!("admin {admin_id} banned user {user_id}: {reason}");
    Ok(BanOutcome {
        user_id,
        status: UserStatus::Disabled.as_db(),
        reason,
    })
}

/// Enables a user again; tokens revoked by the ban stay revoked.
pub async fn unban(
    state: &AppState,
    admin_id: i64,
    user_id: i64,
    ip: Option<String>,
) -> Result<(), AppError> {
    set_status(state, admin_id, user_id, UserStatus::Enabled, "", ip).await?;
    user_service::forget_user(state, user_id).await;
    let mut conn = state.redis_conn().await?;
    sessions::cache_status(
        &mut conn,
        &state.keys,
        user_id,
        UserStatus::Enabled.as_db(),
        STATUS_CACHE_SECS,
    )
    .await?;
    log::info!("admin {admin_id} unbanned user {user_id}");
    Ok(())
}

async fn set_status(
    state: &AppState,
    admin_id: i64,
    user_id: i64,
    status: UserStatus,
    reason: &str,
    ip: Option<String>,
) -> Result<(), AppError> {
    let reason = reason.to_owned();
    db::transaction(&state.db, move |c| {
        if users::set_status(c, user_id, status.as_db())? == 0 {
            return Err(AppError::NotFound("User does not exist.".into()));
        }
        let operation = match status {
            UserStatus::Disabled => "ban",
            UserStatus::Enabled => "unban",
        };
        audit::insert(
            c,
            &NewAuditEntry {
                administrator_id: admin_id,
                user_id: Some(user_id),
                operation,
                description: &reason,
                ip: ip.as_deref(),
            },
        )?;
        Ok(())
    })
    .await
}
