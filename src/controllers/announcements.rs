//! E48, E49: system announcements.

use actix_web::{HttpResponse, web};

use super::params::{Paging, QueryMap};
use crate::errors::AppError;
use crate::response;
use crate::services::announcements;
use crate::state::AppState;

/// E48 `GET /v1_0/announcements`.
pub async fn get_announcements(
    state: web::Data<AppState>,
    query: QueryMap,
) -> Result<HttpResponse, AppError> {
    let paging = Paging::from_query(&query)?;
    let page = announcements::list(&state, paging.page, paging.per_page).await?;
    Ok(response::ok(page))
}

/// E49 `GET /v1_0/announcements/{target}`.
pub async fn get_announcement(
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    Ok(response::ok(
        announcements::get(&state, path.into_inner()).await?,
    ))
}
