//! Users as the app shows them: E05 (self), E06 (anyone, with the caller's relation to
//! them) and E10 (statistics).

use std::sync::Arc;

use serde::Serialize;

use crate::config::StorageSettings;
use crate::db;
use crate::errors::AppError;
use crate::models::relation::Relation;
use crate::models::user::User;
use crate::repositories::{relations, users};
use crate::state::AppState;

/// The contract's UserInfo (E05).
#[derive(Debug, Clone, Serialize)]
pub struct UserInfo {
    pub id: i64,
    pub name: String,
    pub photo: String,
    pub is_media: i32,
    pub intro: String,
    pub certi: String,
    pub art_count: i32,
    pub follow_count: i32,
    pub fans_count: i32,
    pub like_count: i32,
}

impl UserInfo {
    pub fn from_user(user: &User, storage: &StorageSettings) -> Self {
        Self {
            id: user.user_id,
            name: user.user_name.clone(),
            photo: photo_url(storage, user.profile_photo.as_deref()),
            is_media: i32::from(user.is_media),
            intro: user.introduction.clone().unwrap_or_default(),
            certi: user.certificate.clone().unwrap_or_default(),
            art_count: user.article_count,
            follow_count: user.following_count,
            fans_count: user.fans_count,
            like_count: user.like_count,
        }
    }
}

/// Absolute URL of a stored avatar, or of the default avatar when there is none.
pub fn photo_url(storage: &StorageSettings, key: Option<&str>) -> String {
    let key = key
        .filter(|k| !k.is_empty())
        .unwrap_or(&storage.default_photo_key);
    format!("{}{}", storage.public_url, key)
}

/// A user row, through the in-process cache.
pub async fn find_user(state: &AppState, user_id: i64) -> Result<Option<Arc<User>>, AppError> {
    let pool = state.db.clone();
    state
        .user_cache
        .get_or_load(user_id, async move {
            db::run(&pool, move |c| {
                Ok(users::find_by_id(c, user_id)?.map(Arc::new))
            })
            .await
        })
        .await
}

/// Drops a user row from this process's cache; call it after every write to `user_basic`.
pub async fn forget_user(state: &AppState, user_id: i64) {
    state.user_cache.invalidate(&user_id).await;
}

/// The calling user's own info.
pub async fn current_user(state: &AppState, user_id: i64) -> Result<UserInfo, AppError> {
    let user = find_user(state, user_id)
        .await?
        .ok_or(AppError::Unauthorized("User must be authorized."))?;
    Ok(UserInfo::from_user(&user, &state.settings.storage))
}

/// E06: UserInfo plus the caller's relation to that user.
#[derive(Debug, Clone, Serialize)]
pub struct PublicUser {
    #[serde(flatten)]
    pub info: UserInfo,
    pub is_following: bool,
    pub is_blacklist: bool,
}

/// E10: the caller's statistics.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Figure {
    pub fans_count: i32,
    pub read_count: i64,
}

/// E06: another user's public info; an unknown user is the contract's 400.
pub async fn user_info(
    state: &AppState,
    viewer: Option<i64>,
    target: i64,
) -> Result<PublicUser, AppError> {
    let user = find_user(state, target)
        .await?
        .ok_or_else(|| AppError::bad_request("Invalid target user."))?;
    let relation = match viewer {
        Some(v) if v != target => {
            db::run(&state.db, move |c| {
                Ok(relations::relation_of(c, v, target)?)
            })
            .await?
        }
        _ => Relation::None,
    };
    Ok(PublicUser {
        info: UserInfo::from_user(&user, &state.settings.storage),
        is_following: relation == Relation::Following,
        is_blacklist: relation == Relation::Blacklisted,
    })
}

/// E10: fans and total reads of the caller's articles.
pub async fn figure(state: &AppState, user_id: i64) -> Result<Figure, AppError> {
    let user = find_user(state, user_id)
        .await?
        .ok_or(AppError::Unauthorized("User must be authorized."))?;
    Ok(Figure {
        fans_count: user.fans_count,
        read_count: user.read_count,
    })
}
