//! Serves stored objects of the local storage backend under `storage.serve_path`, so the
//! URLs handed to clients work without another web server.

use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue, X_CONTENT_TYPE_OPTIONS};
use actix_web::{HttpResponse, web};

use crate::errors::AppError;
use crate::services::media;
use crate::state::AppState;

/// `GET {serve_path}/{key}`.
pub async fn get_media(
    state: web::Data<AppState>,
    key: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let object = media::get_object(&state, &key)
        .await?
        .ok_or_else(AppError::not_found)?;
    let cache = if object.immutable {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    };
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, HeaderValue::from_static(object.content_type)))
        .insert_header((X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .insert_header((CACHE_CONTROL, HeaderValue::from_static(cache)))
        .body(object.bytes))
}
