//! E50 `GET /app/imtest/{event}`: a sample Socket.IO notification to the caller (dev mode
//! only; the route does not exist in production).

use actix_web::{HttpResponse, web};

use crate::errors::AppError;
use crate::guards::CurrentUser;
use crate::services::events;
use crate::state::AppState;

/// E50: `event` is `f`, `l` or `c`; 200 `{"message": "OK"}` once it is published.
pub async fn get_imtest(
    state: web::Data<AppState>,
    user: CurrentUser,
    event: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    match events::send_sample(&state, user.id, &event).await {
        Some(()) => Ok(HttpResponse::Ok().json(serde_json::json!({ "message": "OK" }))),
        None => Err(AppError::not_found()),
    }
}
