//! E05: the current user.

use actix_web::{HttpResponse, web};

use crate::errors::AppError;
use crate::guards::CurrentUser;
use crate::response;
use crate::services::users;
use crate::state::AppState;

/// E05 `GET /user`.
pub async fn get_current_user(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    Ok(response::ok(users::current_user(&state, user.id).await?))
}
