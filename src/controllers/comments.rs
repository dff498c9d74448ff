//! E38-E41: comments, replies and comment likes.

use actix_web::{HttpResponse, web};

use super::news_params::query_positive_opt;
use super::params::{
    JsonBody, MISSING_IN_QUERY, QueryMap, as_id, as_text, in_range, query_int, query_positive,
    shown,
};
use crate::errors::AppError;
use crate::guards::{CurrentUser, MaybeUser};
use crate::response;
use crate::services::comments::{self, CommentSource};
use crate::state::AppState;

/// Longest comment (characters), as the column allows.
const MAX_CONTENT: usize = 2000;

/// E38 `GET /v1_0/comments?type&source&offset&limit`.
pub async fn get_comments(
    state: web::Data<AppState>,
    user: MaybeUser,
    query: QueryMap,
) -> Result<HttpResponse, AppError> {
    let kind = query
        .get("type")
        .ok_or_else(|| AppError::param("type", MISSING_IN_QUERY))?;
    let source = query_positive(&query, "source")?;
    let source = match kind.as_str() {
        "a" => CommentSource::Article(source),
        "c" => CommentSource::Comment(source),
        _ => return Err(AppError::param("type", "Invalid type param.")),
    };
    let offset = query_positive_opt(&query, "offset")?;
    let limit = match query_int(&query, "limit")? {
        Some(n) => in_range("limit", n, 10, 50)?,
        None => 10,
    };
    let page = comments::list(&state, user.0, source, offset, limit).await?;
    Ok(response::ok(page))
}

/// E39 `POST /v1_0/comments` with `{target, content, art_id?}`.
pub async fn create_comment(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: JsonBody,
) -> Result<HttpResponse, AppError> {
    let raw = body.require("target")?;
    let target = as_id(raw).ok_or_else(|| {
        AppError::param(
            "target",
            format!(
                "Invalid target: {}. target must be a positive integer",
                shown(raw)
            ),
        )
    })?;
    let content = as_text(body.require("content")?)
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| AppError::bad_request("Empty content."))?;
    if content.chars().count() > MAX_CONTENT {
        return Err(AppError::param(
            "content",
            format!("Content must be at most {MAX_CONTENT} characters."),
        ));
    }
    let art_id = match body.get("art_id") {
        None => None,
        Some(v) => {
            Some(as_id(v).ok_or_else(|| AppError::param("art_id", "Invalid target article id."))?)
        }
    };
    let created = comments::create(&state, user.id, target, content, art_id).await?;
    Ok(response::created(created))
}

/// E40 `POST /v1_0/comment/likings` with `{target}`.
pub async fn create_comment_liking(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: JsonBody,
) -> Result<HttpResponse, AppError> {
    let target = body.require_id("target", "Invalid target comment id.")?;
    comments::like(&state, user.id, target).await?;
    Ok(response::created(serde_json::json!({ "target": target })))
}

/// E41 `DELETE /v1_0/comment/likings/{target}`.
pub async fn delete_comment_liking(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    comments::unlike(&state, user.id, path.into_inner()).await?;
    Ok(response::no_content())
}
