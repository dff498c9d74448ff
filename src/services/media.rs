//! Serving stored objects back (the local storage backend): the bytes and a Content-Type
//! sniffed from them.

use bytes::Bytes;

use crate::errors::AppError;
use crate::services::images;
use crate::state::AppState;
use crate::storage::is_safe_key;

/// A stored object as served.
#[derive(Debug)]
pub struct MediaObject {
    pub bytes: Bytes,
    pub content_type: &'static str,
    /// Generated keys never change content; the default avatar might.
    pub immutable: bool,
}

/// The object under `key`, or `None` (also for keys this server never generates).
pub async fn get_object(state: &AppState, key: &str) -> Result<Option<MediaObject>, AppError> {
    if !is_safe_key(key) {
        return Ok(None);
    }
    let bytes = state.storage.get(key).await.map_err(AppError::Internal)?;
    Ok(bytes.map(|bytes| MediaObject {
        content_type: images::content_type_of(&bytes),
        immutable: images::is_generated_key(key),
        bytes,
    }))
}
