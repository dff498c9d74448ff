//! E05-E07, E10: the current user, another user's public info, the editable profile and the
//! statistics.

use actix_web::{HttpResponse, web};

use crate::errors::AppError;
use crate::guards::{CurrentUser, MaybeUser};
use crate::response;
use crate::services::{profile, users};
use crate::state::AppState;

/// E05 `GET /user`.
pub async fn get_current_user(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    Ok(response::ok(users::current_user(&state, user.id).await?))
}

/// E06 `GET /users/{target}`: login optional; a caller also gets its relation flags.
pub async fn get_user(
    state: web::Data<AppState>,
    viewer: MaybeUser,
    target: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    Ok(response::ok(
        users::user_info(&state, viewer.0, target.into_inner()).await?,
    ))
}

/// E07 `GET /user/profile`.
pub async fn get_user_profile(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    Ok(response::ok(profile::get_profile(&state, user.id).await?))
}

/// E10 `GET /user/figure`.
pub async fn get_user_figure(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    Ok(response::ok(users::figure(&state, user.id).await?))
}
