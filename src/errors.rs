//! The one error type of the service and its mapping to the contract's error envelopes
//! (`{"message": "<text>"}` or, for parameter errors, `{"message": {"<param>": "<text>"}}`).
//!
//! Nothing is logged here: the access-log middleware logs 5xx causes with the request id
//! (see `middleware::request_log`), and outages are logged once each (`crate::outage`).

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;

pub const NOT_FOUND_TEXT: &str = "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.";
pub const METHOD_NOT_ALLOWED_TEXT: &str = "The method is not allowed for the requested URL.";
pub const BAD_REQUEST_TEXT: &str =
    "The browser (or proxy) sent a request that this server could not understand.";
/// The contract's text for a dependency outage (its legacy database-error handler).
pub const UNAVAILABLE_TEXT: &str = "Unavailable service.";
pub const TOO_MANY_REQUESTS_TEXT: &str = "Too many requests.";
pub const REQUEST_TIMEOUT_TEXT: &str = "The request body took too long to arrive.";

/// A store the service depends on; its outages are answered with 503.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dependency {
    Postgres,
    Redis,
    /// The bounded password-hashing pool (saturated by a login flood).
    Hashing,
}

impl std::fmt::Display for Dependency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Dependency::Postgres => "postgresql",
            Dependency::Redis => "redis",
            Dependency::Hashing => "password hashing",
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A parameter failed validation: rendered as `{"message": {param: text}}`.
    #[error("invalid parameter {param}: {text}")]
    Param { param: String, text: String },
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("request body timed out")]
    RequestTimeout,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("payload too large: {0}")]
    PayloadTooLarge(String),
    #[error("too many requests")]
    TooManyRequests,
    /// Object storage refused a write (the contract's 507).
    #[error("storage failure: {text}")]
    Storage {
        text: String,
        #[source]
        source: anyhow::Error,
    },
    /// A dependency is down, hung or dropped the connection: 503, never the cause.
    #[error("{dependency} unavailable")]
    Unavailable {
        dependency: Dependency,
        #[source]
        source: anyhow::Error,
    },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn param(param: impl Into<String>, text: impl Into<String>) -> Self {
        AppError::Param {
            param: param.into(),
            text: text.into(),
        }
    }

    pub fn bad_request(text: impl Into<String>) -> Self {
        AppError::BadRequest(text.into())
    }

    pub fn forbidden(text: impl Into<String>) -> Self {
        AppError::Forbidden(text.into())
    }

    pub fn conflict(text: impl Into<String>) -> Self {
        AppError::Conflict(text.into())
    }

    pub fn not_found() -> Self {
        AppError::NotFound(NOT_FOUND_TEXT.to_owned())
    }

    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        AppError::Internal(err.into())
    }

    pub fn unavailable(dependency: Dependency, source: impl Into<anyhow::Error>) -> Self {
        AppError::Unavailable {
            dependency,
            source: source.into(),
        }
    }

    /// The dependency whose outage this error is, if it is one.
    pub fn outage(&self) -> Option<Dependency> {
        match self {
            AppError::Unavailable { dependency, .. } => Some(*dependency),
            _ => None,
        }
    }

    /// An owned copy of an error shared by several waiters (a single-flight load): the
    /// variant and texts are kept, and a cause is kept as the whole chain.
    pub fn from_shared(shared: Arc<AppError>) -> Self {
        match &*shared {
            AppError::Param { param, text } => AppError::param(param.clone(), text.clone()),
            AppError::BadRequest(t) => AppError::BadRequest(t.clone()),
            AppError::Unauthorized(t) => AppError::Unauthorized(t),
            AppError::Forbidden(t) => AppError::Forbidden(t.clone()),
            AppError::NotFound(t) => AppError::NotFound(t.clone()),
            AppError::MethodNotAllowed => AppError::MethodNotAllowed,
            AppError::RequestTimeout => AppError::RequestTimeout,
            AppError::Conflict(t) => AppError::Conflict(t.clone()),
            AppError::PayloadTooLarge(t) => AppError::PayloadTooLarge(t.clone()),
            AppError::TooManyRequests => AppError::TooManyRequests,
            AppError::Storage { text, .. } => AppError::Storage {
                text: text.clone(),
                source: Shared(shared.clone()).into(),
            },
            AppError::Unavailable { dependency, .. } => {
                AppError::unavailable(*dependency, Shared(shared.clone()))
            }
            AppError::Internal(_) => AppError::Internal(Shared(shared.clone()).into()),
        }
    }

    /// The text a client is shown (the envelope's `message` as a string).
    pub fn client_text(&self) -> String {
        match self.message() {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        }
    }

    fn message(&self) -> serde_json::Value {
        match self {
            AppError::Param { param, text } => json!({ param: text }),
            AppError::BadRequest(t)
            | AppError::Forbidden(t)
            | AppError::NotFound(t)
            | AppError::Conflict(t)
            | AppError::PayloadTooLarge(t) => json!(t),
            AppError::Storage { text, .. } => json!(text),
            AppError::Unauthorized(t) => json!(t),
            AppError::MethodNotAllowed => json!(METHOD_NOT_ALLOWED_TEXT),
            AppError::RequestTimeout => json!(REQUEST_TIMEOUT_TEXT),
            AppError::TooManyRequests => json!(TOO_MANY_REQUESTS_TEXT),
            AppError::Unavailable { .. } => json!(UNAVAILABLE_TEXT),
            AppError::Internal(_) => json!("Internal Server Error"),
        }
    }
}

/// An error shared through an `Arc`, as a cause: its Display and source chain are the
/// original's.
#[derive(Debug)]
struct Shared(Arc<AppError>);

impl std::fmt::Display for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Shared {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

#[derive(serde::Serialize)]
struct ErrorEnvelope {
    message: serde_json::Value,
    data: Option<()>,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::Param { .. } | AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Storage { .. } => StatusCode::INSUFFICIENT_STORAGE,
            AppError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        if matches!(self, AppError::RequestTimeout) {
            // The rest of a trickled body is not worth waiting for.
            res.force_close();
        }
        res.json(ErrorEnvelope {
            message: self.message(),
            data: None,
        })
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(err: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind as Kind, Error};
        match err {
            Error::NotFound => AppError::not_found(),
            Error::DatabaseError(Kind::ClosedConnection | Kind::UnableToSendCommand, _) => {
                AppError::unavailable(Dependency::Postgres, err)
            }
            // Our own statement_timeout (the database did not answer in bounded time), or the
            // server ending the session (restart, pg_terminate_backend, a crash): outages, not
            // bugs, however libpq happened to phrase them.
            Error::DatabaseError(_, ref info) if is_lost_session(info.message()) => {
                AppError::unavailable(Dependency::Postgres, err)
            }
            other => AppError::Internal(other.into()),
        }
    }
}

fn is_lost_session(message: &str) -> bool {
    const OUTAGE_TEXTS: [&str; 5] = [
        "canceling statement due to",
        "terminating connection",
        "server closed the connection",
        "no connection to the server",
        "the database system is",
    ];
    OUTAGE_TEXTS.iter().any(|t| message.contains(t))
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(err: diesel::r2d2::PoolError) -> Self {
        AppError::unavailable(
            Dependency::Postgres,
            anyhow::Error::new(err).context("waiting for a database connection"),
        )
    }
}

impl From<deadpool_redis::PoolError> for AppError {
    fn from(err: deadpool_redis::PoolError) -> Self {
        AppError::unavailable(
            Dependency::Redis,
            anyhow::Error::new(err).context("waiting for a redis connection"),
        )
    }
}

impl From<deadpool_redis::redis::RedisError> for AppError {
    fn from(err: deadpool_redis::redis::RedisError) -> Self {
        if is_redis_outage(&err) {
            AppError::unavailable(Dependency::Redis, err)
        } else {
            AppError::Internal(anyhow::Error::new(err).context("redis"))
        }
    }
}

/// True when a Redis error says the server is unreachable, hung or not serving (as opposed
/// to a command the server refused, which is our bug).
pub fn is_redis_outage(err: &deadpool_redis::redis::RedisError) -> bool {
    use deadpool_redis::redis::RetryMethod;
    err.is_io_error()
        || err.is_timeout()
        || err.is_connection_dropped()
        || err.is_connection_refusal()
        || matches!(
            err.retry_method(),
            RetryMethod::Reconnect
                | RetryMethod::ReconnectFromInitialConnections
                | RetryMethod::WaitAndRetry
        )
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(err: actix_web::error::BlockingError) -> Self {
        AppError::Internal(anyhow::anyhow!("blocking task failed: {err}"))
    }
}

pub type AppResult<T> = Result<T, AppError>;
