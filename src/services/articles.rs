//! Articles: the detail page (E27, which counts a read) and a user's articles (E28, E29).

use serde::Serialize;

use crate::db;
use crate::errors::AppError;
use crate::models::article::Attitude;
use crate::repositories::article_counters::{self, ArticleCounter};
use crate::repositories::{articles, attitudes, collections, relations, users};
use crate::services::behavior::{self, Event};
use crate::services::cards::{self, LikedCard, Page};
use crate::services::histories;
use crate::services::pubdate::pubdate;
use crate::services::users::{forget_user, photo_url};
use crate::state::AppState;

pub const ARTICLE_NOT_FOUND: &str = "The article does not exist.";
const INVALID_REQUEST: &str = "Invalid request.";

/// E27 `data`.
#[derive(Debug, Serialize)]
pub struct ArticleDetail {
    pub art_id: i64,
    pub title: String,
    pub pubdate: String,
    pub aut_id: i64,
    pub aut_name: String,
    pub aut_photo: String,
    pub content: String,
    pub is_followed: bool,
    /// -1 none, 0 disliked, 1 liked.
    pub attitude: i32,
    pub is_collected: bool,
    /// Related articles (sic, the contract's name); none without a recommender.
    pub recomments: Vec<serde_json::Value>,
    pub ch_id: i32,
    pub comm_count: i32,
    pub like_count: i32,
    pub collect_count: i32,
    pub read_count: i64,
}

/// The API's attitude number.
pub fn attitude_code(a: Option<Attitude>) -> i32 {
    match a {
        None => -1,
        Some(Attitude::Dislike) => 0,
        Some(Attitude::Like) => 1,
    }
}

/// E27: an approved article. Counts the read (article and author) in one transaction,
/// records it in a logged-in reader's history and logs the click trace when given.
pub async fn detail(
    state: &AppState,
    reader: behavior::Actor,
    article_id: i64,
    trace: Option<String>,
) -> Result<ArticleDetail, AppError> {
    let viewer = reader.user_id;
    let (row, read_count, (followed, attitude, collected)) = db::transaction(&state.db, move |c| {
        let row = articles::detail(c, article_id)?
            .ok_or_else(|| AppError::NotFound(ARTICLE_NOT_FOUND.to_owned()))?;
        let flags = match viewer {
            Some(uid) => (
                relations::is_following(c, uid, row.user_id)?,
                attitudes::of(c, uid, article_id)?,
                collections::is_collected(c, uid, article_id)?,
            ),
            None => (false, None, false),
        };
        // The counters last: their row locks (hot for a popular article) are then held
        // only until the commit right after, which need not wait for the disk.
        article_counters::commit_without_flush(c)?;
        let reads = article_counters::add(c, article_id, ArticleCounter::Read, 1)?;
        article_counters::add_author_read(c, row.user_id)?;
        Ok((row, reads, flags))
    })
    .await?;
    // The author's total reads changed.
    forget_user(state, row.user_id).await;
    if let Some(uid) = viewer {
        histories::record_read(state, uid, article_id).await;
    }
    if let Some(trace) = trace {
        behavior::record(
            Event::Click,
            &reader,
            article_id,
            row.channel_id,
            &trace,
            None,
        );
    }
    Ok(ArticleDetail {
        art_id: row.article_id,
        title: row.title,
        pubdate: pubdate(row.create_time),
        aut_id: row.user_id,
        aut_name: row.user_name,
        aut_photo: photo_url(&state.settings.storage, row.profile_photo.as_deref()),
        content: row.content,
        is_followed: followed,
        attitude: attitude_code(attitude),
        is_collected: collected,
        recomments: Vec::new(),
        ch_id: row.channel_id,
        comm_count: row.comment_count,
        like_count: row.like_count,
        collect_count: row.collect_count,
        read_count,
    })
}

/// E28/E29: one page of an author's approved articles, newest first, with `is_liking`
/// for `viewer`. An unknown author is the contract's 400.
pub async fn by_author(
    state: &AppState,
    viewer: Option<i64>,
    author_id: i64,
    page: i64,
    per_page: i64,
) -> Result<Page<LikedCard>, AppError> {
    let offset = cards::offset(page, per_page);
    let (total, results) = db::run(&state.db, move |c| {
        if !users::exists(c, author_id)? {
            return Err(AppError::bad_request(INVALID_REQUEST));
        }
        let (total, rows) = articles::author_page(c, author_id, offset, per_page)?;
        Ok((total, cards::with_likes(c, viewer, rows)?))
    })
    .await?;
    Ok(Page {
        total_count: total,
        page,
        per_page,
        results,
    })
}
