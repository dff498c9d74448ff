//! E42: my reading history; E43: reading durations (tracking).

use actix_web::{HttpRequest, HttpResponse, web};

use super::news_params::{actor, lenient_user};
use super::params::{JsonBody, Paging, QueryMap, as_int, shown};
use crate::errors::AppError;
use crate::guards::CurrentUser;
use crate::response;
use crate::services::histories;
use crate::state::AppState;

/// E42 `GET /v1_0/user/histories`.
pub async fn get_histories(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: QueryMap,
) -> Result<HttpResponse, AppError> {
    let paging = Paging::from_query(&query)?;
    let page = histories::list(&state, user.id, paging.page, paging.per_page).await?;
    Ok(response::ok(page))
}

/// E43 `POST /v1_0/reading/durations` with `{duration, art_id}` and header `Trace`.
pub async fn create_reading_duration(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody,
) -> Result<HttpResponse, AppError> {
    let trace = req
        .headers()
        .get("Trace")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .ok_or_else(|| {
            AppError::param("Trace", "Missing required parameter in the HTTP headers")
        })?;
    if trace.is_empty() {
        return Err(AppError::param(
            "Trace",
            "Value does not match pattern: \"^.+$\"",
        ));
    }
    let raw = body.require("duration")?;
    let duration = as_int(raw).ok_or_else(|| {
        AppError::param("duration", format!("{} is not a valid integer", shown(raw)))
    })?;
    if duration < 0 {
        return Err(AppError::param(
            "duration",
            format!("Invalid duration: {duration}. duration must be a non-negative integer"),
        ));
    }
    let art_id = body.require_id("art_id", "Invalid target article id.")?;
    let reader = actor(lenient_user(&req), &req);
    histories::report_duration(&state, reader, art_id, duration, trace).await?;
    Ok(response::created_message_only())
}
