//! E25-E29: feeds, the article page, a user's and my articles.

use actix_web::{HttpRequest, HttpResponse, web};

use super::news_params::{actor, query_bool, query_int_required, trace_header, viewer};
use super::params::{Paging, QueryMap, query_positive};
use crate::errors::AppError;
use crate::guards::{CurrentUser, MaybeUser};
use crate::response;
use crate::services::{articles, feed};
use crate::state::AppState;

/// E25 `GET /v1_0/articles?channel_id&page&per_page`.
pub async fn get_articles(
    state: web::Data<AppState>,
    user: MaybeUser,
    req: HttpRequest,
    query: QueryMap,
) -> Result<HttpResponse, AppError> {
    let channel_id = query_int_required(&query, "channel_id")?;
    let paging = Paging::from_query(&query)?;
    let viewer = viewer(user, &req);
    let page = feed::paged(&state, viewer, channel_id, paging.page, paging.per_page).await?;
    Ok(response::ok(page))
}

/// E26 `GET /v1_1/articles?channel_id&timestamp&with_top`.
pub async fn get_timeline(
    state: web::Data<AppState>,
    user: MaybeUser,
    req: HttpRequest,
    query: QueryMap,
) -> Result<HttpResponse, AppError> {
    let channel_id = query_int_required(&query, "channel_id")?;
    let timestamp = query_positive(&query, "timestamp")?;
    let with_top = query_bool(&query, "with_top")?;
    let viewer = viewer(user, &req);
    let page = feed::timeline(&state, viewer, channel_id, timestamp, with_top).await?;
    Ok(response::ok(page))
}

/// E27 `GET /v1_0/articles/{id}` (header `Trace` optional).
pub async fn get_article(
    state: web::Data<AppState>,
    user: MaybeUser,
    req: HttpRequest,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let reader = actor(user.0, &req);
    let detail = articles::detail(&state, reader, path.into_inner(), trace_header(&req)).await?;
    Ok(response::ok(detail))
}

/// E28 `GET /v1_0/users/{id}/articles`.
pub async fn get_user_articles(
    state: web::Data<AppState>,
    user: MaybeUser,
    path: web::Path<i64>,
    query: QueryMap,
) -> Result<HttpResponse, AppError> {
    let paging = Paging::from_query(&query)?;
    let page = articles::by_author(
        &state,
        user.0,
        path.into_inner(),
        paging.page,
        paging.per_page,
    )
    .await?;
    Ok(response::ok(page))
}

/// E29 `GET /v1_0/user/articles`.
pub async fn get_my_articles(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: QueryMap,
) -> Result<HttpResponse, AppError> {
    let paging = Paging::from_query(&query)?;
    let page =
        articles::by_author(&state, Some(user.id), user.id, paging.page, paging.per_page).await?;
    Ok(response::ok(page))
}
