//! Request ids and the access log: one line per request with id, method, path, status,
//! latency and user. Query strings and headers are never logged (they may carry tokens).

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};

use crate::errors::AppError;
use crate::outage;
use crate::services::identity::AuthState;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The request id of a request, as the handlers see it.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

pub async fn request_log(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| is_acceptable_id(v))
        .map_or_else(|| uuid::Uuid::new_v4().simple().to_string(), str::to_owned);
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().clone();
    let path = req.path().to_owned();

    let mut res = next.call(req).await?;

    let user = match res.request().extensions().get::<AuthState>() {
        Some(AuthState::User(uid)) => format!("user={uid}"),
        Some(AuthState::Admin(aid)) => format!("admin={aid}"),
        Some(AuthState::Anonymous) | None => "user=-".to_owned(),
        Some(other) => format!("user=- auth={other:?}"),
    };
    let status = res.status().as_u16();
    if status >= 500 {
        log_failure(&id, res.response().error());
    }
    log::info!(
        target: "toutiao::access",
        "rid={id} {method} {path} {status} {:.1}ms {user}",
        started.elapsed().as_secs_f64() * 1000.0
    );
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    Ok(res)
}

/// A 5xx keeps its cause for the operator, never for the client: an outage is logged once
/// per outage by `crate::outage`, anything else here with the whole cause chain.
fn log_failure(id: &str, error: Option<&actix_web::Error>) {
    match error.and_then(|e| e.as_error::<AppError>()) {
        Some(e @ AppError::Unavailable { .. }) => outage::record(e, Some(id)),
        Some(AppError::Storage { text, source }) => {
            log::error!("rid={id} {text}: {source:#}");
        }
        Some(other) => log::error!("rid={id} {other:#}"),
        None => {
            if let Some(e) = error {
                log::error!("rid={id} {e}");
            }
        }
    }
}

/// Honour a caller's id only when it is short and plain (it ends up in our logs).
fn is_acceptable_id(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 64
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}
