//! E07-E09: the current user's editable profile, its partial update and image uploads.

use bytes::Bytes;
use chrono::NaiveDate;
use serde::Serialize;

use crate::db;
use crate::errors::AppError;
use crate::models::user::{ImageKeys, ProfileChanges, UserChanges};
use crate::repositories::users;
use crate::services::images::{self, ImageField};
use crate::services::users::{self as users_service, photo_url};
use crate::state::AppState;

const NAME_TAKEN: &str = "User name has existed.";

/// E07: what the profile page edits.
#[derive(Debug, Serialize)]
pub struct ProfileInfo {
    pub id: i64,
    pub name: String,
    pub photo: String,
    pub mobile: String,
    pub gender: i16,
    /// `YYYY-MM-DD`, or `""` when unset.
    pub birthday: String,
}

/// E08 input: validated values; `None` = not sent. Images are raw bytes, checked here.
#[derive(Debug, Default)]
pub struct ProfilePatch {
    pub name: Option<String>,
    pub gender: Option<i16>,
    pub birthday: Option<NaiveDate>,
    pub intro: Option<String>,
    pub real_name: Option<String>,
    pub id_number: Option<String>,
    pub images: Vec<(ImageField, Bytes)>,
}

/// E08/E09 output: `id` plus exactly the fields that were changed (images as URLs).
#[derive(Debug, Default, Serialize)]
pub struct ProfileUpdated {
    pub id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<i16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthday: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub real_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_card_front: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_card_back: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_card_handheld: Option<String>,
}

/// E07: the caller's profile.
pub async fn get_profile(state: &AppState, user_id: i64) -> Result<ProfileInfo, AppError> {
    let (user, profile) = db::run(&state.db, move |c| {
        Ok((
            users::find_by_id(c, user_id)?,
            users::find_profile(c, user_id)?,
        ))
    })
    .await?;
    let user = user.ok_or(AppError::Unauthorized("User must be authorized."))?;
    Ok(ProfileInfo {
        id: user.user_id,
        name: user.user_name,
        photo: photo_url(&state.settings.storage, user.profile_photo.as_deref()),
        mobile: user.mobile,
        gender: profile.as_ref().map_or(0, |p| p.gender),
        birthday: profile
            .and_then(|p| p.birthday)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
    })
}

/// E08: applies every provided value. Images are checked, then stored, then the rows are
/// updated in one transaction; replaced images are deleted after the commit.
pub async fn update_profile(
    state: &AppState,
    user_id: i64,
    patch: ProfilePatch,
) -> Result<ProfileUpdated, AppError> {
    let kinds = images::check_all(state, &patch.images)?;
    if let Some(name) = patch.name.clone() {
        // Checked before storing anything; the unique index still decides races below.
        let taken = db::run(&state.db, move |c| {
            Ok(users::name_taken(c, &name, user_id)?)
        })
        .await?;
        if taken {
            return Err(AppError::conflict(NAME_TAKEN));
        }
    }
    let stored = images::store_all(state, &patch.images, &kinds).await?;

    let mut user_changes = UserChanges {
        user_name: patch.name.clone(),
        introduction: patch.intro.clone(),
        profile_photo: None,
    };
    let mut profile_changes = ProfileChanges {
        gender: patch.gender,
        birthday: patch.birthday,
        real_name: patch.real_name.clone(),
        id_number: patch.id_number.clone(),
        ..ProfileChanges::default()
    };
    set_image_keys(&mut user_changes, &mut profile_changes, &stored);
    save(state, user_id, user_changes, profile_changes, &stored).await?;

    let mut out = ProfileUpdated {
        id: user_id,
        name: patch.name,
        gender: patch.gender,
        birthday: patch.birthday.map(|d| d.format("%Y-%m-%d").to_string()),
        intro: patch.intro,
        real_name: patch.real_name,
        id_number: patch.id_number,
        ..ProfileUpdated::default()
    };
    set_image_urls(state, &mut out, &stored);
    Ok(out)
}

/// E09: stores uploaded images (already read within the size limit) and points the user at
/// them.
pub async fn update_photos(
    state: &AppState,
    user_id: i64,
    files: Vec<(ImageField, Bytes)>,
) -> Result<ProfileUpdated, AppError> {
    let kinds = images::check_all(state, &files)?;
    let stored = images::store_all(state, &files, &kinds).await?;
    let mut user_changes = UserChanges::default();
    let mut profile_changes = ProfileChanges::default();
    set_image_keys(&mut user_changes, &mut profile_changes, &stored);
    save(state, user_id, user_changes, profile_changes, &stored).await?;
    let mut out = ProfileUpdated {
        id: user_id,
        ..ProfileUpdated::default()
    };
    set_image_urls(state, &mut out, &stored);
    Ok(out)
}

fn set_image_keys(
    user: &mut UserChanges,
    profile: &mut ProfileChanges,
    stored: &[(ImageField, String)],
) {
    for (field, key) in stored {
        let slot = match field {
            ImageField::Photo => &mut user.profile_photo,
            ImageField::IdCardFront => &mut profile.id_card_front,
            ImageField::IdCardBack => &mut profile.id_card_back,
            ImageField::IdCardHandheld => &mut profile.id_card_handheld,
        };
        *slot = Some(key.clone());
    }
}

fn set_image_urls(state: &AppState, out: &mut ProfileUpdated, stored: &[(ImageField, String)]) {
    for (field, key) in stored {
        let url = Some(photo_url(&state.settings.storage, Some(key)));
        match field {
            ImageField::Photo => out.photo = url,
            ImageField::IdCardFront => out.id_card_front = url,
            ImageField::IdCardBack => out.id_card_back = url,
            ImageField::IdCardHandheld => out.id_card_handheld = url,
        }
    }
}

/// Writes both rows in one transaction. On failure the freshly stored images are removed;
/// on success the images they replaced are.
async fn save(
    state: &AppState,
    user_id: i64,
    user_changes: UserChanges,
    profile_changes: ProfileChanges,
    stored: &[(ImageField, String)],
) -> Result<(), AppError> {
    let result = db::transaction(&state.db, move |c| {
        users::ensure_profile(c, user_id)?;
        let old = users::lock_image_keys(c, user_id)?
            .ok_or(AppError::Unauthorized("User must be authorized."))?;
        users::update_user(c, user_id, &user_changes).map_err(name_conflict)?;
        users::update_profile(c, user_id, &profile_changes)?;
        Ok(old)
    })
    .await;
    match result {
        Ok(old) => {
            users_service::forget_user(state, user_id).await;
            let replaced = replaced_keys(&old, stored);
            images::remove_quietly(state, replaced.iter().map(String::as_str)).await;
            Ok(())
        }
        Err(e) => {
            images::remove_quietly(state, stored.iter().map(|(_, k)| k.as_str())).await;
            Err(e)
        }
    }
}

/// Old keys of the fields that got a new image, when they were ours to delete.
fn replaced_keys(old: &ImageKeys, stored: &[(ImageField, String)]) -> Vec<String> {
    stored
        .iter()
        .filter_map(|(field, _)| match field {
            ImageField::Photo => old.photo.clone(),
            ImageField::IdCardFront => old.id_card_front.clone(),
            ImageField::IdCardBack => old.id_card_back.clone(),
            ImageField::IdCardHandheld => old.id_card_handheld.clone(),
        })
        .filter(|k| images::is_generated_key(k))
        .collect()
}

/// A concurrent rename to the same name loses on the unique index: the contract's 409.
fn name_conflict(err: diesel::result::Error) -> AppError {
    match err {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => AppError::conflict(NAME_TAKEN),
        other => other.into(),
    }
}
