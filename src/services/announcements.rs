//! System announcements (E48, E49): published ones only, newest first.

use serde::Serialize;

use crate::db;
use crate::errors::AppError;
use crate::repositories::announcements;
use crate::services::cards::{self, Page};
use crate::services::pubdate::pubdate;
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct AnnouncementItem {
    pub id: i64,
    pub title: String,
    pub pubdate: String,
}

#[derive(Debug, Serialize)]
pub struct Announcement {
    pub id: i64,
    pub title: String,
    pub content: String,
    pub pubdate: String,
}

/// E48.
pub async fn list(
    state: &AppState,
    page: i64,
    per_page: i64,
) -> Result<Page<AnnouncementItem>, AppError> {
    let offset = cards::offset(page, per_page);
    let (total, rows) = db::run(&state.db, move |c| {
        Ok(announcements::page(c, offset, per_page)?)
    })
    .await?;
    Ok(Page {
        total_count: total,
        page,
        per_page,
        results: rows
            .into_iter()
            .map(|r| AnnouncementItem {
                id: r.announcement_id,
                pubdate: pubdate(r.published_at()),
                title: r.title,
            })
            .collect(),
    })
}

/// E49: unknown or unpublished is the contract's 400.
pub async fn get(state: &AppState, id: i64) -> Result<Announcement, AppError> {
    let row = db::run(&state.db, move |c| {
        Ok(announcements::find_published(c, id)?)
    })
    .await?
    .ok_or_else(|| AppError::bad_request("Invalid announcement."))?;
    Ok(Announcement {
        id: row.announcement_id,
        pubdate: pubdate(row.published_at()),
        title: row.title,
        content: row.content,
    })
}
