//! Administration: admin accounts and login, the user list, bans.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::db;
use crate::errors::AppError;
use crate::models::admin::{NewAdmin, NewAuditEntry};
use crate::models::user::UserFilter;
use crate::models::user::UserStatus;
use crate::repositories::rate_limits::{self, Window};
use crate::repositories::{admins, audit, login_audit, user_tokens, users};
use crate::services::tokens::TokenKind;
use crate::services::{sessions, users as user_service};
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
    let phc = state.passwords.hash(password).await?;
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

/// Logs an administrator in. Failed attempts are counted per account and per client IP
/// (in Redis, shared by every process): past the limits the account or the address is
/// locked out for the window with a 429, before any password is hashed. Every judged
/// attempt and the start of each lockout is written to `mis_login_audit`.
pub async fn login(
    state: &AppState,
    username: String,
    password: String,
    ip: String,
) -> Result<AdminToken, AppError> {
    let cfg = &state.settings.admin;
    let windows = [
        Window {
            key: state.keys.admin_failures_account(&username),
            window_secs: cfg.lockout_secs,
            limit: cfg.failures_per_account,
        },
        Window {
            key: state.keys.admin_failures_ip(&ip),
            window_secs: cfg.lockout_secs,
            limit: cfg.failures_per_ip,
        },
    ];
    let mut conn = state.redis_conn().await?;
    // Counted as a failure up front, refunded on success: concurrent guesses cannot
    // overshoot the limit.
    let counts = rate_limits::hit_counts(&mut conn, &windows).await?;
    drop(conn);
    let over: Vec<_> = counts
        .iter()
        .zip(&windows)
        .filter(|(n, w)| **n > w.limit)
        .collect();
    if !over.is_empty() {
        // The first refusal of a lockout is the one worth recording.
        if over.iter().any(|(n, w)| **n == w.limit + 1) {
            log::warn!("admin login locked out: account {username:?} from {ip}");
            audit_login(state, &username, &ip, "locked").await;
        }
        return Err(AppError::TooManyRequests);
    }

    let account = username.clone();
    let admin = db::run(&state.db, move |c| {
        Ok(admins::find_by_account(c, &account)?)
    })
    .await?;
    let phc = admin
        .as_ref()
        .map_or_else(|| DUMMY_HASH.to_owned(), |a| a.password.clone());
    let matches = state.passwords.verify(password, phc).await?;
    let admin = match admin {
        Some(a) if matches && a.status == 1 => a,
        _ => {
            log::warn!("failed admin login for {username:?} from {ip}");
            audit_login(state, &username, &ip, "wrong_password").await;
            return Err(AppError::Unauthorized(BAD_CREDENTIALS));
        }
    };
    let mut conn = state.redis_conn().await?;
    rate_limits::refund(&mut conn, &windows).await?;
    drop(conn);
    let id = admin.administrator_id;
    db::run(&state.db, move |c| Ok(admins::record_login(c, id)?)).await?;
    audit_login(state, &username, &ip, "success").await;
    let issued = state.tokens.issue(id, TokenKind::Admin)?;
    log::info!("admin {} logged in", admin.account);
    Ok(AdminToken {
        token: issued.token,
    })
}

/// Best effort: a login is not refused because its audit row could not be written.
async fn audit_login(state: &AppState, account: &str, ip: &str, outcome: &'static str) {
    let (account, ip) = (account.to_owned(), ip.to_owned());
    let written = db::run(&state.db, move |c| {
        Ok(login_audit::insert(c, &account, Some(&ip), outcome)?)
    })
    .await;
    if let Err(e) = written {
        log::warn!("writing the admin login audit failed: {e:#}");
    }
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

/// Disables a user, records why, and revokes all of the user's tokens at once. The record
/// (PostgreSQL) changes first; the cache and the realtime servers follow.
pub async fn ban(
    state: &AppState,
    admin_id: i64,
    user_id: i64,
    reason: String,
    ip: Option<String>,
) -> Result<BanOutcome, AppError> {
    set_status(state, admin_id, user_id, UserStatus::Disabled, &reason, ip).await?;
    user_service::forget_user(state, user_id).await;
    sessions::after_revocation(state, user_id, None).await;
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
    sessions::resync(state, user_id).await;
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
        if user_tokens::set_status(c, user_id, status)?.is_none() {
            return Err(AppError::NotFound("User does not exist.".into()));
        }
        let operation = match status {
            UserStatus::Disabled => {
                user_tokens::revoke_all(c, user_id)?;
                "ban"
            }
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
