//! Request parameters with the contract's validation messages: JSON bodies read the way
//! the original server read them, ids as JSON numbers or decimal strings, and paging.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use serde_json::{Map, Value};

use crate::errors::{AppError, BAD_REQUEST_TEXT};
use crate::middleware::body_deadline;

pub const MISSING_IN_BODY: &str = "Missing required parameter in the JSON body";
pub const MISSING_IN_QUERY: &str = "Missing required parameter in the query string";

/// A JSON object body. Bodies without a JSON content type read as empty (every parameter
/// missing), as the original server did; `Lenient` parses whatever the content type.
#[derive(Debug, Default)]
pub struct JsonBody(pub Map<String, Value>);

/// A JSON body parsed whatever its content type (the batch channel endpoints).
#[derive(Debug, Default)]
pub struct LenientJsonBody(pub Option<Value>);

fn is_json(req: &HttpRequest) -> bool {
    let ct = req.content_type();
    ct == "application/json" || ct.ends_with("+json")
}

fn parse(bytes: &[u8]) -> Result<Option<Value>, AppError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(bytes)
        .map(Some)
        .map_err(|_| AppError::bad_request(BAD_REQUEST_TEXT))
}

type BodyFuture<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

impl FromRequest for JsonBody {
    type Error = AppError;
    type Future = BodyFuture<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = is_json(req);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = bytes.await.map_err(payload_error)?;
            JsonBody::parse_body(json, &bytes)
        })
    }
}

impl FromRequest for LenientJsonBody {
    type Error = AppError;
    type Future = BodyFuture<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = bytes.await.map_err(payload_error)?;
            Ok(LenientJsonBody(parse(&bytes)?))
        })
    }
}

fn payload_error(err: actix_web::Error) -> AppError {
    if let Some(e) = err.as_error::<actix_web::error::PayloadError>() {
        return body_deadline::payload_error(e);
    }
    if err.as_response_error().status_code() == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge("Request body is too large.".into())
    } else {
        AppError::bad_request(BAD_REQUEST_TEXT)
    }
}

impl JsonBody {
    /// Reads a body already taken from the request, as the extractor does (for routes that
    /// read their payload under their own size limit).
    pub fn from_bytes(req: &HttpRequest, bytes: &[u8]) -> Result<Self, AppError> {
        Self::parse_body(is_json(req), bytes)
    }

    fn parse_body(json: bool, bytes: &[u8]) -> Result<Self, AppError> {
        if !json {
            return Ok(JsonBody::default());
        }
        match parse(bytes)? {
            Some(Value::Object(map)) => Ok(JsonBody(map)),
            Some(_) | None => Ok(JsonBody::default()),
        }
    }

    /// The value of `name`; JSON null counts as absent.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name).filter(|v| !v.is_null())
    }

    pub fn require(&self, name: &str) -> Result<&Value, AppError> {
        self.get(name)
            .ok_or_else(|| AppError::param(name, MISSING_IN_BODY))
    }

    /// A required id: a positive JSON integer or decimal string, else `invalid`.
    pub fn require_id(&self, name: &str, invalid: &str) -> Result<i64, AppError> {
        as_id(self.require(name)?).ok_or_else(|| AppError::param(name, invalid))
    }

    /// A required string; any other JSON type is `invalid`, as the original's parser did.
    pub fn require_text(
        &self,
        name: &str,
        invalid: impl FnOnce(&Value) -> String,
    ) -> Result<String, AppError> {
        let v = self.require(name)?;
        as_text(v).ok_or_else(|| AppError::param(name, invalid(v)))
    }
}

/// A positive id from a JSON integer or a decimal string.
pub fn as_id(v: &Value) -> Option<i64> {
    as_int(v).filter(|n| *n > 0)
}

/// An integer from a JSON integer or an integer-like string.
pub fn as_int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Text of a string value; numbers and other types are not text.
pub fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// How a value reads inside an error message (strings without quotes).
pub fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Query-string parameters.
pub type QueryMap = web::Query<HashMap<String, String>>;

/// Parses an optional integer query parameter.
pub fn query_int(q: &HashMap<String, String>, name: &str) -> Result<Option<i64>, AppError> {
    match q.get(name) {
        None => Ok(None),
        Some(raw) => raw
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|_| AppError::param(name, format!("{raw} is not a valid integer"))),
    }
}

/// A required positive integer query parameter.
pub fn query_positive(q: &HashMap<String, String>, name: &str) -> Result<i64, AppError> {
    let v = query_int(q, name)?.ok_or_else(|| AppError::param(name, MISSING_IN_QUERY))?;
    positive(name, v)
}

fn positive(name: &str, v: i64) -> Result<i64, AppError> {
    if v >= 1 {
        Ok(v)
    } else {
        Err(AppError::param(
            name,
            format!("Invalid {name}: {v}. {name} must be a positive integer"),
        ))
    }
}

/// An integer within `[lo, hi]`, or the contract's range message.
pub fn in_range(name: &str, v: i64, lo: i64, hi: i64) -> Result<i64, AppError> {
    if (lo..=hi).contains(&v) {
        Ok(v)
    } else {
        Err(AppError::param(
            name,
            format!("Invalid {name}: {v}. {name} must be within the range {lo} - {hi}"),
        ))
    }
}

/// `page` (positive, default 1) and `per_page` (10 to 50, default 10).
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub page: i64,
    pub per_page: i64,
}

impl Paging {
    pub fn from_query(q: &HashMap<String, String>) -> Result<Self, AppError> {
        let page = match query_int(q, "page")? {
            Some(p) => positive("page", p)?,
            None => 1,
        };
        let per_page = match query_int(q, "per_page")? {
            Some(n) => in_range("per_page", n, 10, 50)?,
            None => 10,
        };
        Ok(Paging { page, per_page })
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1).saturating_mul(self.per_page)
    }
}

/// The client address for rate limiting: the peer, or the forwarded address when the
/// server is configured to trust its proxy.
pub fn client_ip(req: &HttpRequest, trust_forwarded_for: bool) -> String {
    let info = req.connection_info();
    let addr = if trust_forwarded_for {
        info.realip_remote_addr()
    } else {
        info.peer_addr()
    };
    addr.unwrap_or("unknown").to_owned()
}

/// Compiles a regular expression written in the source (a typo fails every test at once).
#[allow(clippy::expect_used)]
pub fn pattern(re: &str) -> regex::Regex {
    regex::Regex::new(re).expect("a valid built-in pattern")
}
