//! The one error type of the service and its mapping to the contract's error envelopes
//! (`{"message": "<text>"}` or, for parameter errors, `{"message": {"<param>": "<text>"}}`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;

pub const NOT_FOUND_TEXT: &str = "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.";
pub const METHOD_NOT_ALLOWED_TEXT: &str = "The method is not allowed for the requested URL.";
pub const BAD_REQUEST_TEXT: &str =
    "The browser (or proxy) sent a request that this server could not understand.";

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
    #[error("service unavailable: {0}")]
    Unavailable(String),
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

    fn message(&self) -> serde_json::Value {
        match self {
            AppError::Param { param, text } => json!({ param: text }),
            AppError::BadRequest(t)
            | AppError::Forbidden(t)
            | AppError::NotFound(t)
            | AppError::Conflict(t)
            | AppError::PayloadTooLarge(t)
            | AppError::Unavailable(t) => json!(t),
            AppError::Storage { text, .. } => json!(text),
            AppError::Unauthorized(t) => json!(t),
            AppError::MethodNotAllowed => json!(METHOD_NOT_ALLOWED_TEXT),
            AppError::TooManyRequests => json!("Too many requests."),
            AppError::Internal(_) => json!("Internal Server Error"),
        }
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
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Storage { .. } => StatusCode::INSUFFICIENT_STORAGE,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::Internal(err) => log::error!("internal error: {err:#}"),
            AppError::Storage { text, source } => log::error!("{text}: {source:#}"),
            AppError::Unavailable(text) => log::warn!("unavailable: {text}"),
            _ => {}
        }
        HttpResponse::build(self.status_code()).json(ErrorEnvelope {
            message: self.message(),
            data: None,
        })
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(err: diesel::result::Error) -> Self {
        match err {
            diesel::result::Error::NotFound => AppError::not_found(),
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(err: diesel::r2d2::PoolError) -> Self {
        AppError::Unavailable(format!("database pool: {err}"))
    }
}

impl From<deadpool_redis::PoolError> for AppError {
    fn from(err: deadpool_redis::PoolError) -> Self {
        AppError::Unavailable(format!("redis pool: {err}"))
    }
}

impl From<deadpool_redis::redis::RedisError> for AppError {
    fn from(err: deadpool_redis::redis::RedisError) -> Self {
        AppError::Internal(anyhow::Error::new(err).context("redis"))
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(err: actix_web::error::BlockingError) -> Self {
        AppError::Internal(anyhow::anyhow!("blocking task failed: {err}"))
    }
}

pub type AppResult<T> = Result<T, AppError>;
