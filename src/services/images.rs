//! Uploaded images: the four image fields of a user, what counts as an image (sniffed from
//! the bytes, never from a file name or a declared type), and storing them under keys that
//! only the server chooses.

use bytes::Bytes;

use crate::errors::AppError;
use crate::state::AppState;

pub const INVALID_IMAGE: &str = "Invalid image.";

/// A user image field of E08/E09.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageField {
    Photo,
    IdCardFront,
    IdCardBack,
    IdCardHandheld,
}

impl ImageField {
    pub const ALL: [ImageField; 4] = [
        ImageField::Photo,
        ImageField::IdCardFront,
        ImageField::IdCardBack,
        ImageField::IdCardHandheld,
    ];

    /// The parameter / form field name.
    pub fn name(self) -> &'static str {
        match self {
            ImageField::Photo => "photo",
            ImageField::IdCardFront => "id_card_front",
            ImageField::IdCardBack => "id_card_back",
            ImageField::IdCardHandheld => "id_card_handheld",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The contract's 507 text when storing this image fails.
    pub fn upload_failed_text(self) -> &'static str {
        match self {
            ImageField::Photo => "Uploading profile photo image failed.",
            ImageField::IdCardFront => "Uploading id_card_front image failed.",
            ImageField::IdCardBack => "Uploading id_card_back image failed.",
            ImageField::IdCardHandheld => "Uploading id_card_handheld image failed.",
        }
    }

    /// Directory of the generated keys: avatars apart from identity documents.
    fn key_dir(self) -> &'static str {
        match self {
            ImageField::Photo => "photos",
            _ => "idcards",
        }
    }
}

/// True for keys this service generated (unique per upload, so safe to delete once replaced).
pub fn is_generated_key(key: &str) -> bool {
    ["photos/", "idcards/"]
        .iter()
        .any(|dir| key.starts_with(dir))
        && crate::storage::is_safe_key(key)
}

/// The image formats accepted, by sniffed MIME type.
const ACCEPTED: &[&str] = &[
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/bmp",
    "image/webp",
    "image/tiff",
];

/// A sniffed image type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageKind {
    pub mime: &'static str,
    pub extension: &'static str,
}

/// The image type of `bytes`; `None` for anything else. The magic numbers must name an
/// accepted format, and the header must parse as that format with non-zero dimensions (a
/// three-byte `GIF` prefix or a bare PNG signature is not an image).
pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
    let kind = infer::get(bytes)?;
    let mime = ACCEPTED.iter().find(|m| **m == kind.mime_type())?;
    let parsed = match imagesize::image_type(bytes).ok()? {
        imagesize::ImageType::Jpeg => "image/jpeg",
        imagesize::ImageType::Png => "image/png",
        imagesize::ImageType::Gif => "image/gif",
        imagesize::ImageType::Bmp => "image/bmp",
        imagesize::ImageType::Webp => "image/webp",
        imagesize::ImageType::Tiff => "image/tiff",
        _ => return None,
    };
    let size = imagesize::blob_size(bytes).ok()?;
    (parsed == *mime && size.width > 0 && size.height > 0).then(|| ImageKind {
        mime,
        extension: kind.extension(),
    })
}

/// The Content-Type to serve stored bytes with.
pub fn content_type_of(bytes: &[u8]) -> &'static str {
    sniff(bytes).map_or("application/octet-stream", |k| k.mime)
}

/// Checks every image (the first bad one is a 400 naming its field, an oversize one a 413)
/// before anything is stored.
pub fn check_all(
    state: &AppState,
    images: &[(ImageField, Bytes)],
) -> Result<Vec<ImageKind>, AppError> {
    let max = state.settings.storage.max_upload_bytes;
    images
        .iter()
        .map(|(field, bytes)| {
            if bytes.len() > max {
                return Err(too_large(*field, max));
            }
            sniff(bytes).ok_or_else(|| AppError::param(field.name(), INVALID_IMAGE))
        })
        .collect()
}

/// The contract's 413 for an image over `storage.max_upload_bytes`.
pub fn too_large(field: ImageField, max: usize) -> AppError {
    AppError::PayloadTooLarge(format!(
        "The {} file is too large: at most {max} bytes are accepted.",
        field.name()
    ))
}

/// Stores checked images under fresh keys; returns the keys in the same order. On a failure
/// the images stored so far are removed and the field's 507 is returned.
pub async fn store_all(
    state: &AppState,
    images: &[(ImageField, Bytes)],
    kinds: &[ImageKind],
) -> Result<Vec<(ImageField, String)>, AppError> {
    let mut stored: Vec<(ImageField, String)> = Vec::with_capacity(images.len());
    for ((field, bytes), kind) in images.iter().zip(kinds) {
        let key = format!(
            "{}/{}.{}",
            field.key_dir(),
            uuid::Uuid::new_v4().simple(),
            kind.extension
        );
        if let Err(source) = state.storage.put(&key, bytes.clone(), kind.mime).await {
            remove_quietly(state, stored.iter().map(|(_, k)| k.as_str())).await;
            return Err(AppError::Storage {
                text: field.upload_failed_text().to_owned(),
                source,
            });
        }
        stored.push((*field, key));
    }
    Ok(stored)
}

/// Deletes objects that are no longer referenced; failures are only logged.
pub async fn remove_quietly<'a>(state: &AppState, keys: impl IntoIterator<Item = &'a str>) {
    for key in keys {
        if let Err(e) = state.storage.delete(key).await {
            log::warn!("could not delete stored object {key}: {e:#}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = include_bytes!("../../tests/fixtures/avatar.png");
    const JPEG: &[u8] = include_bytes!("../../tests/fixtures/avatar.jpg");

    #[test]
    fn images_are_recognised_by_their_bytes() {
        assert_eq!(sniff(PNG).map(|k| k.mime), Some("image/png"));
        assert_eq!(sniff(JPEG).map(|k| k.extension), Some("jpg"));
        assert_eq!(
            sniff(b"GIF89a\x10\0\x10\0\0\0\0").map(|k| k.mime),
            Some("image/gif")
        );
        assert_eq!(sniff(b"GIF? no, just text"), None);
        assert_eq!(sniff(b"GIF89a\0\0\0\0\0\0\0"), None, "zero-sized");
        assert_eq!(sniff(&PNG[..8]), None, "a bare signature");
        assert_eq!(
            sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF\0"),
            None,
            "no frame header"
        );
        assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        assert_eq!(sniff(b"just some text, named avatar.png"), None);
        assert_eq!(sniff(b"%PDF-1.7"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn field_names_round_trip() {
        for f in ImageField::ALL {
            assert_eq!(ImageField::from_name(f.name()), Some(f));
        }
        assert_eq!(ImageField::from_name("avatar"), None);
    }

    #[test]
    fn only_generated_keys_count_as_generated() {
        assert!(is_generated_key("photos/0123abcd.png"));
        assert!(is_generated_key("idcards/0123abcd.jpg"));
        assert!(!is_generated_key("default/avatar.png"));
        assert!(!is_generated_key("photos/../default/avatar.png"));
    }
}
