//! E33-E36: likes and dislikes of articles.

use actix_web::{HttpResponse, web};

use super::params::JsonBody;
use crate::errors::AppError;
use crate::guards::CurrentUser;
use crate::models::article::Attitude;
use crate::response;
use crate::services::attitudes;
use crate::services::collections::INVALID_ARTICLE;
use crate::state::AppState;

async fn set(
    state: &AppState,
    user: CurrentUser,
    body: &JsonBody,
    to: Attitude,
) -> Result<HttpResponse, AppError> {
    let target = body.require_id("target", INVALID_ARTICLE)?;
    attitudes::set(state, user.id, target, to).await?;
    Ok(response::created(serde_json::json!({ "target": target })))
}

/// E33 `POST /v1_0/article/likings` with `{target}`.
pub async fn create_liking(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: JsonBody,
) -> Result<HttpResponse, AppError> {
    set(&state, user, &body, Attitude::Like).await
}

/// E34 `DELETE /v1_0/article/likings/{target}`.
pub async fn delete_liking(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    attitudes::clear(&state, user.id, path.into_inner(), Attitude::Like).await?;
    Ok(response::no_content())
}

/// E35 `POST /v1_0/article/dislikes` with `{target}`.
pub async fn create_dislike(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: JsonBody,
) -> Result<HttpResponse, AppError> {
    set(&state, user, &body, Attitude::Dislike).await
}

/// E36 `DELETE /v1_0/article/dislikes/{target}`.
pub async fn delete_dislike(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    attitudes::clear(&state, user.id, path.into_inner(), Attitude::Dislike).await?;
    Ok(response::no_content())
}
