//! E11-E16: following and blacklisting. One `user_relation` row per ordered pair is a small
//! state machine (none / following / blacklisted); every change locks that row and moves the
//! two users' counters by the exact transition, in the same transaction, so the counters
//! equal the rows under any concurrency.

use std::collections::HashSet;

use serde::Serialize;

use crate::db;
use crate::errors::AppError;
use crate::models::relation::Relation;
use crate::repositories::relations::{self, CardRow};
use crate::repositories::users;
use crate::services::events::{self, Actor};
use crate::services::users::{forget_user, photo_url};
use crate::state::AppState;

const INVALID_TARGET: &str = "Invalid target user id.";

/// The contract's UserCard.
#[derive(Debug, Clone, Serialize)]
pub struct UserCard {
    pub id: i64,
    pub name: String,
    pub photo: String,
    pub fans_count: i32,
    pub mutual_follow: bool,
}

/// Which page of a list: `page` ≥ 1, `per_page` already within the contract's bounds.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub page: i64,
    pub per_page: i64,
}

impl PageRequest {
    fn offset(self) -> i64 {
        (self.page - 1).saturating_mul(self.per_page)
    }
}

/// A page of a follow list (§1.8 style 1).
#[derive(Debug, Serialize)]
pub struct CardPage {
    pub total_count: i64,
    pub page: i64,
    pub per_page: i64,
    pub results: Vec<UserCard>,
}

fn invalid_target() -> AppError {
    AppError::param("target", INVALID_TARGET)
}

/// E11: follows `target` (a blacklist entry turns into a follow). Idempotent; the target is
/// notified when the follow is new.
pub async fn follow(state: &AppState, user_id: i64, target: i64) -> Result<i64, AppError> {
    if target == user_id {
        return Err(AppError::bad_request("User cannot follow self."));
    }
    let me = db::transaction(&state.db, move |c| {
        if !users::exists(c, target)? {
            return Err(invalid_target());
        }
        let old = relations::lock_or_create(c, user_id, target)?;
        if old == Relation::Following {
            return Ok(None);
        }
        relations::set(c, user_id, target, Relation::Following)?;
        users::add_follow_edge(c, user_id, target, 1)?;
        Ok(users::find_by_id(c, user_id)?)
    })
    .await?;
    // Only a real change notifies: a repeated follow would spam the target ([F] notified on
    // every call).
    if let Some(me) = me {
        forget_pair(state, user_id, target).await;
        let actor = Actor {
            user_id,
            user_name: me.user_name,
            user_photo: photo_url(&state.settings.storage, me.profile_photo.as_deref()),
        };
        events::notify(state, events::FOLLOWING_NOTIFY, target, &actor, None).await;
    }
    Ok(target)
}

/// Both users' counters changed: drop their cached rows.
async fn forget_pair(state: &AppState, user_id: i64, target: i64) {
    forget_user(state, user_id).await;
    forget_user(state, target).await;
}

/// E13: stops following `target`; anything else (no row, blacklisted) is left as is.
pub async fn unfollow(state: &AppState, user_id: i64, target: i64) -> Result<(), AppError> {
    let changed = db::transaction(&state.db, move |c| {
        if relations::lock_existing(c, user_id, target)? != Some(Relation::Following) {
            return Ok(false);
        }
        relations::set(c, user_id, target, Relation::None)?;
        users::add_follow_edge(c, user_id, target, -1)?;
        Ok(true)
    })
    .await?;
    if changed {
        forget_pair(state, user_id, target).await;
    }
    Ok(())
}

/// E15: blacklists `target`, removing the caller's follow of it. Idempotent.
pub async fn blacklist(state: &AppState, user_id: i64, target: i64) -> Result<i64, AppError> {
    if target == user_id {
        return Err(AppError::bad_request("User cannot blacklist self."));
    }
    let unfollowed = db::transaction(&state.db, move |c| {
        if !users::exists(c, target)? {
            return Err(invalid_target());
        }
        let old = relations::lock_or_create(c, user_id, target)?;
        if old != Relation::Blacklisted {
            relations::set(c, user_id, target, Relation::Blacklisted)?;
        }
        let unfollowed = old == Relation::Following;
        if unfollowed {
            users::add_follow_edge(c, user_id, target, -1)?;
        }
        Ok(unfollowed)
    })
    .await?;
    if unfollowed {
        forget_pair(state, user_id, target).await;
    }
    Ok(target)
}

/// E16: removes `target` from the blacklist (a follow is not restored). Idempotent.
pub async fn unblacklist(state: &AppState, user_id: i64, target: i64) -> Result<(), AppError> {
    db::transaction(&state.db, move |c| {
        if relations::lock_existing(c, user_id, target)? == Some(Relation::Blacklisted) {
            relations::set(c, user_id, target, Relation::None)?;
        }
        Ok(())
    })
    .await
}

/// E12: whom the caller follows; `mutual_follow` = they follow the caller back.
pub async fn followings(
    state: &AppState,
    user_id: i64,
    paging: PageRequest,
) -> Result<CardPage, AppError> {
    let (total, rows, mutual) = db::run(&state.db, move |c| {
        let (total, rows) =
            relations::followings_page(c, user_id, paging.offset(), paging.per_page)?;
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let mutual = relations::who_follow(c, &ids, user_id)?;
        Ok((total, rows, mutual))
    })
    .await?;
    Ok(page(state, paging, total, rows, &mutual))
}

/// E14: who follows the caller; `mutual_follow` = the caller follows them back.
pub async fn followers(
    state: &AppState,
    user_id: i64,
    paging: PageRequest,
) -> Result<CardPage, AppError> {
    let (total, rows, mutual) = db::run(&state.db, move |c| {
        let (total, rows) =
            relations::followers_page(c, user_id, paging.offset(), paging.per_page)?;
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let mutual = relations::followed_by(c, user_id, &ids)?;
        Ok((total, rows, mutual))
    })
    .await?;
    Ok(page(state, paging, total, rows, &mutual))
}

fn page(
    state: &AppState,
    paging: PageRequest,
    total: i64,
    rows: Vec<CardRow>,
    mutual: &[i64],
) -> CardPage {
    let mutual: HashSet<i64> = mutual.iter().copied().collect();
    CardPage {
        total_count: total,
        page: paging.page,
        per_page: paging.per_page,
        results: rows
            .into_iter()
            .map(|(id, name, photo, fans_count)| UserCard {
                id,
                name,
                photo: photo_url(&state.settings.storage, photo.as_deref()),
                fans_count,
                mutual_follow: mutual.contains(&id),
            })
            .collect(),
    }
}
