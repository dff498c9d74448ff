//! E17-E24: the channel list and each user's own channels. The virtual channel 0 (推荐) is
//! prepended to user lists and never stored.

use std::collections::HashSet;

use crate::db;
use crate::errors::AppError;
use crate::models::channel::Channel;
use crate::repositories::channels;
use crate::state::AppState;

const INVALID_CHANNELS: &str = "Invalid channels param.";
const CONFLICT: &str = "Some conflict user channels occurred.";

/// How a batch write treats the user's existing channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchMode {
    /// E18: only new channels; any existing row (even deleted) is a conflict.
    Add,
    /// E19: the list replaces everything.
    Reset,
    /// E20: insert new ones, update the sequence of existing ones.
    Upsert,
}

/// E24: every visible channel.
pub async fn all_channels(state: &AppState) -> Result<Vec<Channel>, AppError> {
    db::run(&state.db, |c| Ok(channels::visible(c)?)).await
}

/// E17: 推荐 followed by the user's channels, or by the defaults for anonymous callers and
/// for users who have saved none.
pub async fn user_channels(
    state: &AppState,
    user_id: Option<i64>,
) -> Result<Vec<Channel>, AppError> {
    let list = db::run(&state.db, move |c| {
        let saved = match user_id {
            Some(id) => channels::of_user(c, id)?,
            None => Vec::new(),
        };
        if saved.is_empty() {
            Ok(channels::defaults(c)?)
        } else {
            Ok(saved)
        }
    })
    .await?;
    let mut out = Vec::with_capacity(list.len() + 1);
    out.push(Channel::recommended());
    out.extend(list);
    Ok(out)
}

/// E18-E20: writes (channel id, sequence) pairs, already checked for shape, duplicates and
/// negative sequences. Every id must be a visible channel.
pub async fn write_channels(
    state: &AppState,
    user_id: i64,
    items: Vec<(i32, i32)>,
    mode: BatchMode,
) -> Result<(), AppError> {
    db::transaction(&state.db, move |c| {
        let ids: Vec<i32> = items.iter().map(|(id, _)| *id).collect();
        let visible: HashSet<i32> = channels::visible_among(c, &ids)?.into_iter().collect();
        if ids.iter().any(|id| !visible.contains(id)) {
            return Err(AppError::bad_request(INVALID_CHANNELS));
        }
        // POST (the original's "first save") and PUT state a whole list of their own;
        // PATCH edits the list the user is being shown.
        if mode == BatchMode::Upsert {
            start_from_shown_list(c, user_id)?;
        }
        match mode {
            BatchMode::Add => {
                if !channels::linked_among(c, user_id, &ids)?.is_empty() {
                    return Err(AppError::conflict(CONFLICT));
                }
                channels::insert(c, user_id, &items).map_err(conflict)?;
            }
            BatchMode::Reset => {
                channels::delete_all(c, user_id)?;
                channels::upsert(c, user_id, &items)?;
            }
            BatchMode::Upsert => {
                channels::upsert(c, user_id, &items)?;
            }
        }
        Ok(())
    })
    .await
}

/// E21: removes channels from the user's list; ids that are not in it are ignored.
pub async fn delete_channels(
    state: &AppState,
    user_id: i64,
    ids: Vec<i64>,
) -> Result<(), AppError> {
    let ids: Vec<i32> = ids
        .into_iter()
        .filter_map(|id| i32::try_from(id).ok())
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    db::transaction(&state.db, move |c| {
        start_from_shown_list(c, user_id)?;
        channels::delete_some(c, user_id, &ids)?;
        Ok(())
    })
    .await
}

/// E22: puts one channel at `seq`, adding it when missing.
pub async fn set_channel(
    state: &AppState,
    user_id: i64,
    channel_id: i64,
    seq: i32,
) -> Result<i32, AppError> {
    let invalid = || AppError::bad_request("Invalid channel id.");
    let channel_id = i32::try_from(channel_id).map_err(|_| invalid())?;
    db::transaction(&state.db, move |c| {
        if !channels::is_visible(c, channel_id)? {
            return Err(invalid());
        }
        start_from_shown_list(c, user_id)?;
        channels::upsert(c, user_id, &[(channel_id, seq)])?;
        Ok(channel_id)
    })
    .await
}

/// E23: removes one channel from the user's list. Idempotent.
pub async fn delete_channel(
    state: &AppState,
    user_id: i64,
    channel_id: i64,
) -> Result<(), AppError> {
    delete_channels(state, user_id, vec![channel_id]).await
}

/// A user who has saved no channels is shown the defaults, so an edit (add one, remove
/// one, move one) applies to that list: the defaults are saved first, in the order shown.
/// The user's row lock serialises concurrent first edits.
fn start_from_shown_list(c: &mut diesel::PgConnection, user_id: i64) -> Result<(), AppError> {
    channels::lock_user(c, user_id)?;
    if channels::has_saved(c, user_id)? {
        return Ok(());
    }
    let shown: Vec<(i32, i32)> = channels::defaults(c)?
        .into_iter()
        .zip(1..)
        .map(|(ch, seq)| (ch.id, seq))
        .collect();
    if !shown.is_empty() {
        channels::upsert(c, user_id, &shown)?;
    }
    Ok(())
}

/// A concurrent add of the same channel loses on the unique key: the contract's 409.
fn conflict(err: diesel::result::Error) -> AppError {
    match err {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => AppError::conflict(CONFLICT),
        other => other.into(),
    }
}
