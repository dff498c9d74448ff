//! E30-E32: collections.

use actix_web::{HttpRequest, HttpResponse, web};

use super::news_params::trace_header;
use super::params::{JsonBody, Paging, QueryMap};
use crate::errors::AppError;
use crate::guards::CurrentUser;
use crate::response;
use crate::services::collections::{self, INVALID_ARTICLE};
use crate::state::AppState;

/// E30 `POST /v1_0/article/collections` with `{target}` (header `Trace` optional).
pub async fn create_collection(
    state: web::Data<AppState>,
    user: CurrentUser,
    req: HttpRequest,
    body: JsonBody,
) -> Result<HttpResponse, AppError> {
    let target = body.require_id("target", INVALID_ARTICLE)?;
    collections::collect(&state, user.id, target, trace_header(&req)).await?;
    Ok(response::created(serde_json::json!({ "target": target })))
}

/// E31 `GET /v1_0/article/collections`.
pub async fn get_collections(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: QueryMap,
) -> Result<HttpResponse, AppError> {
    let paging = Paging::from_query(&query)?;
    let page = collections::list(&state, user.id, paging.page, paging.per_page).await?;
    Ok(response::ok(page))
}

/// E32 `DELETE /v1_0/article/collections/{target}`.
pub async fn delete_collection(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    collections::uncollect(&state, user.id, path.into_inner()).await?;
    Ok(response::no_content())
}
