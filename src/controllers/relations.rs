//! E11-E16: followings, followers and the blacklist.

use actix_web::{HttpResponse, web};

use super::params::{JsonBody, Paging, QueryMap};
use crate::errors::AppError;
use crate::guards::CurrentUser;
use crate::response;
use crate::services::relations::{self, PageRequest};
use crate::state::AppState;

const INVALID_TARGET: &str = "Invalid target user id.";

fn page_request(query: &QueryMap) -> Result<PageRequest, AppError> {
    let paging = Paging::from_query(query)?;
    Ok(PageRequest {
        page: paging.page,
        per_page: paging.per_page,
    })
}

/// E11 `POST /user/followings` with `{target}`.
pub async fn create_following(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: JsonBody,
) -> Result<HttpResponse, AppError> {
    let target = body.require_id("target", INVALID_TARGET)?;
    let target = relations::follow(&state, user.id, target).await?;
    Ok(response::created(serde_json::json!({ "target": target })))
}

/// E12 `GET /user/followings`.
pub async fn get_followings(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: QueryMap,
) -> Result<HttpResponse, AppError> {
    let paging = page_request(&query)?;
    Ok(response::ok(
        relations::followings(&state, user.id, paging).await?,
    ))
}

/// E13 `DELETE /user/followings/{target}`.
pub async fn delete_following(
    state: web::Data<AppState>,
    user: CurrentUser,
    target: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    relations::unfollow(&state, user.id, target.into_inner()).await?;
    Ok(response::no_content())
}

/// E14 `GET /user/followers`.
pub async fn get_followers(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: QueryMap,
) -> Result<HttpResponse, AppError> {
    let paging = page_request(&query)?;
    Ok(response::ok(
        relations::followers(&state, user.id, paging).await?,
    ))
}

/// E15 `POST /user/blacklists` with `{target}`.
pub async fn create_blacklist(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: JsonBody,
) -> Result<HttpResponse, AppError> {
    let target = body.require_id("target", INVALID_TARGET)?;
    let target = relations::blacklist(&state, user.id, target).await?;
    Ok(response::created(serde_json::json!({ "target": target })))
}

/// E16 `DELETE /user/blacklists/{target}`.
pub async fn delete_blacklist(
    state: web::Data<AppState>,
    user: CurrentUser,
    target: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    relations::unblacklist(&state, user.id, target.into_inner()).await?;
    Ok(response::no_content())
}
