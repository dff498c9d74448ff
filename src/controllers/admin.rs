//! `/mis/v1_0`: admin login, the user list, ban and unban.

use actix_web::{HttpRequest, HttpResponse, web};

use super::params::{JsonBody, Paging, QueryMap, as_text, client_ip, query_int};
use crate::errors::AppError;
use crate::guards::CurrentAdmin;
use crate::models::user::UserFilter;
use crate::response;
use crate::services::admin;
use crate::state::AppState;

/// Longest username or password a login reads: account names are at most 20 characters,
/// and nothing longer is worth a hash or a Redis key.
const MAX_CREDENTIAL: usize = 128;

/// `POST /mis/v1_0/authorizations` with `{username, password}`.
pub async fn create_admin_authorization(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody,
) -> Result<HttpResponse, AppError> {
    let username = body
        .require_text("username", |_| "Invalid username.".to_owned())?
        .trim()
        .to_owned();
    if username.is_empty() || username.chars().count() > MAX_CREDENTIAL {
        return Err(AppError::param("username", "Invalid username."));
    }
    let password = body.require_text("password", |_| "Invalid password.".to_owned())?;
    if password.chars().count() > MAX_CREDENTIAL {
        return Err(AppError::param("password", "Invalid password."));
    }
    let ip = client_ip(&req, state.settings.server.trust_forwarded_for);
    Ok(response::created(
        admin::login(&state, username, password, ip).await?,
    ))
}

/// `GET /mis/v1_0/users?page&per_page&mobile&status`.
pub async fn list_users(
    state: web::Data<AppState>,
    _admin: CurrentAdmin,
    query: QueryMap,
) -> Result<HttpResponse, AppError> {
    let paging = Paging::from_query(&query)?;
    let status = match query_int(&query, "status")? {
        None => None,
        Some(s @ (0 | 1)) => Some(s as i16),
        Some(_) => return Err(AppError::param("status", "Invalid status: must be 0 or 1.")),
    };
    let filter = UserFilter {
        mobile: query.get("mobile").filter(|m| !m.is_empty()).cloned(),
        status,
    };
    let page = admin::list_users(&state, filter, paging.page, paging.per_page).await?;
    Ok(response::ok(page))
}

/// `POST /mis/v1_0/users/{id}/ban` with `{reason}`.
pub async fn ban_user(
    state: web::Data<AppState>,
    current: CurrentAdmin,
    req: HttpRequest,
    path: web::Path<i64>,
    body: JsonBody,
) -> Result<HttpResponse, AppError> {
    let reason = body
        .require("reason")
        .map(as_text)?
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty() && r.chars().count() <= 200)
        .ok_or_else(|| AppError::param("reason", "Reason must be 1 to 200 characters."))?;
    let ip = req.peer_addr().map(|a| a.ip().to_string());
    let outcome = admin::ban(&state, current.id, path.into_inner(), reason, ip).await?;
    Ok(response::created(outcome))
}

/// `DELETE /mis/v1_0/users/{id}/ban`.
pub async fn unban_user(
    state: web::Data<AppState>,
    current: CurrentAdmin,
    req: HttpRequest,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let ip = req.peer_addr().map(|a| a.ip().to_string());
    admin::unban(&state, current.id, path.into_inner(), ip).await?;
    Ok(response::no_content())
}
