//! E44 search, E45 suggestions, E46/E47 my search keywords.

use actix_web::{HttpResponse, web};
use serde_json::json;

use super::params::{MISSING_IN_QUERY, Paging, QueryMap};
use crate::errors::AppError;
use crate::guards::{CurrentUser, MaybeUser};
use crate::response;
use crate::services::search;
use crate::state::AppState;

/// `q`: 1 to 50 characters, no line break (the original's `^.{1,50}$`).
fn keyword(query: &QueryMap) -> Result<String, AppError> {
    let q = query
        .get("q")
        .ok_or_else(|| AppError::param("q", MISSING_IN_QUERY))?;
    let chars = q.chars().count();
    if (1..=50).contains(&chars) && !q.contains('\n') {
        Ok(q.clone())
    } else {
        Err(AppError::param(
            "q",
            "Value does not match pattern: \"^.{1,50}$\"",
        ))
    }
}

/// E44 `GET /v1_0/search?q&page&per_page` (login optional).
pub async fn get_search(
    state: web::Data<AppState>,
    user: MaybeUser,
    query: QueryMap,
) -> Result<HttpResponse, AppError> {
    let q = keyword(&query)?;
    let paging = Paging::from_query(&query)?;
    let page = search::search(&state, user.0, q, paging.page, paging.per_page).await?;
    Ok(response::ok(page))
}

/// E45 `GET /v1_0/suggestion?q` (no auth).
pub async fn get_suggestion(
    state: web::Data<AppState>,
    query: QueryMap,
) -> Result<HttpResponse, AppError> {
    let q = keyword(&query)?;
    Ok(response::ok(
        json!({ "options": search::suggest(&state, &q) }),
    ))
}

/// E46 `GET /v1_0/search/histories`.
pub async fn get_search_histories(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let keywords = search::histories(&state, user.id).await?;
    Ok(response::ok(json!({ "keywords": keywords })))
}

/// E47 `DELETE /v1_0/search/histories`.
pub async fn delete_search_histories(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    search::clear_histories(&state, user.id).await?;
    Ok(response::no_content())
}
