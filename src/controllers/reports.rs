//! E37: reports.

use actix_web::{HttpResponse, web};
use serde_json::Value;

use super::params::{JsonBody, as_text};
use crate::errors::AppError;
use crate::guards::CurrentUser;
use crate::response;
use crate::services::collections::INVALID_ARTICLE;
use crate::services::reports::{self, OTHER};
use crate::state::AppState;

/// Longest remark kept (the column's size).
const MAX_REMARK: usize = 200;

/// E37 `POST /v1_0/article/reports` with `{target, type, remark?}`.
pub async fn create_report(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: JsonBody,
) -> Result<HttpResponse, AppError> {
    let target = body.require_id("target", INVALID_ARTICLE)?;
    // A real JSON integer, as the original required (not a string).
    let report_type = match body.require("type")? {
        Value::Number(n) => n.as_i64().and_then(|t| i16::try_from(t).ok()),
        _ => None,
    }
    .filter(|t| (0..=8).contains(t))
    .ok_or_else(|| AppError::param("type", "Invalid report type."))?;
    let remark = match body.get("remark") {
        Some(v) if report_type == OTHER => {
            let text = as_text(v)
                .filter(|t| t.chars().count() <= MAX_REMARK)
                .ok_or_else(|| AppError::param("remark", "Invalid remark."))?;
            Some(text)
        }
        _ => None,
    };
    let done = reports::report(&state, user.id, target, report_type, remark).await?;
    Ok(response::created(done))
}
