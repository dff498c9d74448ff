//! Request details the news endpoints share: the `Trace` header, the anonymous device id,
//! who the caller is on tracking endpoints, and the query parameters [`super::params`]
//! has no helper for.

use std::collections::HashMap;

use actix_web::http::header::AUTHORIZATION;
use actix_web::{HttpMessage, HttpRequest};

use super::params::{MISSING_IN_QUERY, query_int};
use crate::errors::AppError;
use crate::guards::MaybeUser;
use crate::services::behavior::Actor;
use crate::services::feed::Viewer;
use crate::services::identity::AuthState;

/// Longest device id kept from `Authorization: Anony <device>`.
const MAX_DEVICE_ID: usize = 64;

/// The `Trace` header, when present and non-empty.
pub fn trace_header(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get("Trace")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .filter(|t| !t.is_empty())
}

/// The device id of `Authorization: Anony <device>`.
pub fn device_id(req: &HttpRequest) -> Option<String> {
    let v = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let id = v.strip_prefix("Anony ")?.trim();
    (!id.is_empty()).then(|| id.chars().take(MAX_DEVICE_ID).collect())
}

/// The feed viewer: the logged-in user, or an anonymous device.
pub fn viewer(user: MaybeUser, req: &HttpRequest) -> Viewer {
    match user.0 {
        Some(id) => Viewer::User(id),
        None => Viewer::Anonymous(device_id(req)),
    }
}

/// Who caused a tracking event, for the logged-in reader and the anonymous one alike.
pub fn actor(user_id: Option<i64>, req: &HttpRequest) -> Actor {
    Actor {
        user_id,
        device_id: if user_id.is_none() {
            device_id(req)
        } else {
            None
        },
    }
}

/// The caller on an endpoint without auth: a user only when the token is valid. Nothing
/// is refused here (the endpoint has no auth level).
pub fn lenient_user(req: &HttpRequest) -> Option<i64> {
    match req.extensions().get::<AuthState>() {
        Some(AuthState::User(id)) => Some(*id),
        _ => None,
    }
}

/// An optional positive integer query parameter.
pub fn query_positive_opt(
    q: &HashMap<String, String>,
    name: &str,
) -> Result<Option<i64>, AppError> {
    match query_int(q, name)? {
        Some(v) if v < 1 => Err(AppError::param(
            name,
            format!("Invalid {name}: {v}. {name} must be a positive integer"),
        )),
        other => Ok(other),
    }
}

/// A required boolean query parameter: `1`/`true` or `0`/`false` (any case).
pub fn query_bool(q: &HashMap<String, String>, name: &str) -> Result<bool, AppError> {
    let raw = q
        .get(name)
        .ok_or_else(|| AppError::param(name, MISSING_IN_QUERY))?;
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(AppError::param(
            name,
            format!("Invalid literal for boolean(): {raw}"),
        )),
    }
}

/// A required integer query parameter (any sign).
pub fn query_int_required(q: &HashMap<String, String>, name: &str) -> Result<i64, AppError> {
    query_int(q, name)?.ok_or_else(|| AppError::param(name, MISSING_IN_QUERY))
}
