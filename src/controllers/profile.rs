//! E08 `PATCH /user/profile`: validates each provided field with the contract's message.
//! The body may carry base64 images, so it is read under its own limit (sized from
//! `storage.max_upload_bytes`) rather than `server.json_limit`.

use std::sync::LazyLock;

use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use bytes::Bytes;
use chrono::NaiveDate;
use regex::Regex;
use serde_json::Value;

use super::params::{JsonBody, as_int, as_text, pattern};
use crate::config::Settings;
use crate::errors::AppError;
use crate::guards::CurrentUser;
use crate::response;
use crate::services::images::{INVALID_IMAGE, ImageField};
use crate::services::profile::{self, ProfilePatch};
use crate::state::AppState;

const NAME_PATTERN: &str = r"^.{1,7}$";
const INTRO_PATTERN: &str = r"^.{0,60}$";
static NAME: LazyLock<Regex> = LazyLock::new(|| pattern(NAME_PATTERN));
static INTRO: LazyLock<Regex> = LazyLock::new(|| pattern(INTRO_PATTERN));
static DATE: LazyLock<Regex> = LazyLock::new(|| pattern(r"^\d{4}-\d{2}-\d{2}$"));
/// PRC resident id: 18 characters (area, birth date 18xx-3xxx, sequence, check digit) or the
/// legacy 15-digit form (two-digit year).
static ID_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"^(?:[1-9]\d{5}(?:18|19|[23]\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]|[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})$",
    )
});

/// E08 `PATCH /user/profile`.
pub async fn update_user_profile(
    state: web::Data<AppState>,
    user: CurrentUser,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let bytes = payload
        .to_bytes_limited(body_limit(&state.settings))
        .await
        .map_err(|_| AppError::PayloadTooLarge("Request body is too large.".into()))?
        .map_err(|_| AppError::bad_request(crate::errors::BAD_REQUEST_TEXT))?;
    let body = JsonBody::from_bytes(&req, &bytes)?;
    let patch = parse_patch(&body)?;
    Ok(response::ok(
        profile::update_profile(&state, user.id, patch).await?,
    ))
}

/// The JSON limit plus room for the four images in base64 (4 bytes per 3).
fn body_limit(settings: &Settings) -> usize {
    let image = settings
        .storage
        .max_upload_bytes
        .div_ceil(3)
        .saturating_mul(4);
    settings
        .server
        .json_limit
        .saturating_add(image.saturating_mul(ImageField::ALL.len()))
}

fn parse_patch(body: &JsonBody) -> Result<ProfilePatch, AppError> {
    let mut patch = ProfilePatch::default();
    if let Some(v) = body.get("name") {
        patch.name = Some(matching(v, "name", &NAME, NAME_PATTERN)?);
    }
    if let Some(v) = body.get("photo") {
        let field = ImageField::Photo;
        patch.images.push((field, decode_image(v, field)?));
    }
    if let Some(v) = body.get("gender") {
        patch.gender = match as_int(v) {
            Some(g @ (0 | 1)) => Some(g as i16),
            _ => return Err(AppError::param("gender", "Invalid gender.")),
        };
    }
    if let Some(v) = body.get("birthday") {
        patch.birthday = birthday(v)?;
    }
    if let Some(v) = body.get("intro") {
        patch.intro = Some(matching(v, "intro", &INTRO, INTRO_PATTERN)?);
    }
    if let Some(v) = body.get("real_name") {
        patch.real_name = Some(matching(v, "real_name", &NAME, NAME_PATTERN)?);
    }
    if let Some(v) = body.get("id_number") {
        patch.id_number = match as_text(v) {
            Some(s) if ID_NUMBER.is_match(&s) => Some(s.to_uppercase()),
            _ => return Err(AppError::param("id_number", "Invalid id number.")),
        };
    }
    for field in [
        ImageField::IdCardFront,
        ImageField::IdCardBack,
        ImageField::IdCardHandheld,
    ] {
        if let Some(v) = body.get(field.name()) {
            patch.images.push((field, decode_image(v, field)?));
        }
    }
    Ok(patch)
}

/// Text matching `re`, else flask's regex message.
fn matching(v: &Value, name: &str, re: &Regex, source: &str) -> Result<String, AppError> {
    match as_text(v) {
        Some(s) if re.is_match(&s) => Ok(s),
        _ => Err(AppError::param(
            name,
            format!("Value does not match pattern: \"{source}\""),
        )),
    }
}

/// `YYYY-MM-DD`, a real date between 1900-01-01 and today; `""` means not sent.
fn birthday(v: &Value) -> Result<Option<NaiveDate>, AppError> {
    let invalid = || AppError::param("birthday", "Invalid date param.");
    let text = match v {
        Value::String(s) => s.trim(),
        _ => return Err(invalid()),
    };
    if text.is_empty() {
        return Ok(None);
    }
    if !DATE.is_match(text) {
        return Err(invalid());
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| invalid())?;
    let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).ok_or_else(invalid)?;
    let today = chrono::Utc::now().date_naive();
    if date < earliest || date > today {
        return Err(invalid());
    }
    Ok(Some(date))
}

/// Plain base64 (whitespace tolerated, padding optional) of an image file.
fn decode_image(v: &Value, field: ImageField) -> Result<Bytes, AppError> {
    let invalid = || AppError::param(field.name(), INVALID_IMAGE);
    let Value::String(text) = v else {
        return Err(invalid());
    };
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    STANDARD
        .decode(&compact)
        .or_else(|_| STANDARD_NO_PAD.decode(&compact))
        .map(Bytes::from)
        .map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_follow_the_prc_format() {
        for ok in [
            "11010519491231002X",
            "110105194912310021",
            "440524188001010014",
            "110105491231002",
        ] {
            assert!(ID_NUMBER.is_match(ok), "{ok}");
        }
        for bad in [
            "01010519491231002X",
            "11010517491231002X",
            "110105194913310021",
            "110105194912320021",
            "11010519491231002",
            "11010519491231002Y",
            "1101051949123100211",
        ] {
            assert!(!ID_NUMBER.is_match(bad), "{bad}");
        }
    }

    #[test]
    fn names_are_one_to_seven_characters_of_any_script() {
        assert!(NAME.is_match("黑马头条"));
        assert!(NAME.is_match("abcdefg"));
        assert!(!NAME.is_match("abcdefgh"));
        assert!(!NAME.is_match(""));
        assert!(!NAME.is_match("a\nb"));
    }
}
