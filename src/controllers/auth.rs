//! E02-E04: SMS codes, login/registration, token refresh.

use std::sync::LazyLock;

use actix_web::{HttpRequest, HttpResponse, web};
use regex::Regex;

use super::params::{JsonBody, client_ip, pattern, shown};
use crate::errors::AppError;
use crate::middleware::identity::bearer_token;
use crate::response;
use crate::services::{auth, sms};
use crate::state::AppState;

static MOBILE: LazyLock<Regex> = LazyLock::new(|| pattern(r"^1[3-9]\d{9}$"));
static CODE: LazyLock<Regex> = LazyLock::new(|| pattern(r"^\d{6}$"));

/// E02 `GET /sms/codes/{mobile}` (the route pattern already checked the mobile).
pub async fn send_sms_code(
    state: web::Data<AppState>,
    req: HttpRequest,
    mobile: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let ip = client_ip(&req, state.settings.server.trust_forwarded_for);
    sms::send_code(&state, &mobile, &ip).await?;
    Ok(response::ok(
        serde_json::json!({ "mobile": mobile.into_inner() }),
    ))
}

/// E03 `POST /authorizations`.
pub async fn create_authorization(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody,
) -> Result<HttpResponse, AppError> {
    let mobile = body.require_text("mobile", |v| format!("{} is not a valid mobile", shown(v)))?;
    if !MOBILE.is_match(&mobile) {
        return Err(AppError::param(
            "mobile",
            format!("{mobile} is not a valid mobile"),
        ));
    }
    let code = body.require_text("code", |_| "Invalid params.".to_owned())?;
    if !CODE.is_match(&code) {
        return Err(AppError::param("code", "Invalid params."));
    }
    let ip = client_ip(&req, state.settings.server.trust_forwarded_for);
    let pair = auth::login(&state, mobile, code, &ip).await?;
    Ok(response::created(pair))
}

/// E04 `PUT /authorizations`: the refresh token is the bearer.
pub async fn refresh_authorization(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let token = auth::refresh(&state, bearer_token(req.headers())).await?;
    Ok(response::created(serde_json::json!({ "token": token })))
}

/// `DELETE /authorizations` (an addition to the contract): logs out the login the bearer
/// token (access or refresh) belongs to, revoking every token of that login.
pub async fn delete_authorization(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    auth::logout(&state, bearer_token(req.headers())).await?;
    Ok(response::no_content())
}
