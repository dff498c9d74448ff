//! E09 `PATCH /user/photo`: multipart upload of the avatar and ID-card photos. Each file is
//! read under `storage.max_upload_bytes` while it streams in, so nothing larger is ever
//! buffered; the image checks and storage are the service's.

use actix_multipart::{Field, Multipart, MultipartError};
use actix_web::{HttpResponse, web};
use bytes::{Bytes, BytesMut};
use futures_util::TryStreamExt;

use crate::errors::{AppError, BAD_REQUEST_TEXT};
use crate::guards::CurrentUser;
use crate::middleware::body_deadline;
use crate::response;
use crate::services::images::{self, ImageField};
use crate::services::profile;
use crate::state::AppState;

/// Room for the multipart framing and small form fields around the files.
const FRAMING_ALLOWANCE: usize = 64 * 1024;

/// E09 `PATCH /user/photo`.
pub async fn update_user_photo(
    state: web::Data<AppState>,
    user: CurrentUser,
    form: Multipart,
) -> Result<HttpResponse, AppError> {
    let files = read_files(form, state.settings.storage.max_upload_bytes).await?;
    Ok(response::ok(
        profile::update_photos(&state, user.id, files).await?,
    ))
}

/// Collects the known file fields (the last one wins when a field repeats) and ignores the
/// rest. A body that is not multipart carries no file: every field is optional.
async fn read_files(mut form: Multipart, max: usize) -> Result<Vec<(ImageField, Bytes)>, AppError> {
    // Past `max` the rest of the request is still read (and dropped) up to this bound, so the
    // client gets its 413 instead of a reset connection; beyond it we stop reading.
    let drain_limit = max
        .saturating_mul(ImageField::ALL.len() + 1)
        .saturating_add(FRAMING_ALLOWANCE);
    let mut files: Vec<(ImageField, Bytes)> = Vec::new();
    let mut total = 0usize;
    let mut too_large: Option<ImageField> = None;
    loop {
        let field = match form.try_next().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if not_multipart(&e) => break,
            Err(e) => return Err(multipart_error(e)),
        };
        let kind = field.name().and_then(ImageField::from_name);
        let keep = kind.is_some() && too_large.is_none();
        let (bytes, size) = read_field(field, keep, max, &mut total, drain_limit).await?;
        match (kind, bytes) {
            (Some(kind), _) if size > max => {
                too_large.get_or_insert(kind);
            }
            (Some(kind), Some(bytes)) => {
                files.retain(|(k, _)| *k != kind);
                files.push((kind, bytes));
            }
            _ => {}
        }
        if total > drain_limit {
            break;
        }
    }
    match too_large {
        Some(field) => Err(images::too_large(field, max)),
        None => Ok(files),
    }
}

/// Reads one field: kept in memory only while `keep` and within `max`. Returns the bytes
/// (when kept) and the field's full size as far as it was read.
async fn read_field(
    mut field: Field,
    keep: bool,
    max: usize,
    total: &mut usize,
    drain_limit: usize,
) -> Result<(Option<Bytes>, usize), AppError> {
    let mut buf = BytesMut::new();
    let mut size = 0usize;
    while let Some(chunk) = field.try_next().await.map_err(multipart_error)? {
        size = size.saturating_add(chunk.len());
        *total = total.saturating_add(chunk.len());
        if keep && size <= max {
            buf.extend_from_slice(&chunk);
        }
        if *total > drain_limit {
            break;
        }
    }
    let kept = (keep && size <= max).then(|| buf.freeze());
    Ok((kept, size))
}

fn not_multipart(err: &MultipartError) -> bool {
    matches!(
        err,
        MultipartError::ContentTypeMissing
            | MultipartError::ContentTypeParse
            | MultipartError::ContentTypeIncompatible
    )
}

fn multipart_error(err: MultipartError) -> AppError {
    match err {
        MultipartError::Payload(e) => body_deadline::payload_error(&e),
        _ => AppError::bad_request(BAD_REQUEST_TEXT),
    }
}
