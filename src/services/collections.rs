//! Collections (E30-E32): collecting is idempotent and `collect_count` moves only on a
//! real change, in the same transaction.

use crate::db;
use crate::errors::AppError;
use crate::repositories::article_counters::{self, ArticleCounter};
use crate::repositories::{articles, collections};
use crate::services::behavior::{self, Event};
use crate::services::cards::{self, LikedCard, Page};
use crate::state::AppState;

pub const INVALID_ARTICLE: &str = "Invalid target article id.";

/// E30: collects an approved article; logs the collect trace when given.
pub async fn collect(
    state: &AppState,
    user_id: i64,
    article_id: i64,
    trace: Option<String>,
) -> Result<(), AppError> {
    let channel_id = db::transaction(&state.db, move |c| {
        let article = articles::find_approved(c, article_id)?
            .ok_or_else(|| AppError::param("target", INVALID_ARTICLE))?;
        if collections::add(c, user_id, article_id)? {
            article_counters::add(c, article_id, ArticleCounter::Collect, 1)?;
        }
        Ok(article.channel_id)
    })
    .await?;
    if let Some(trace) = trace {
        let actor = behavior::Actor {
            user_id: Some(user_id),
            device_id: None,
        };
        behavior::record(Event::Collect, &actor, article_id, channel_id, &trace, None);
    }
    Ok(())
}

/// E32: removes a collection (idempotent).
pub async fn uncollect(state: &AppState, user_id: i64, article_id: i64) -> Result<(), AppError> {
    db::transaction(&state.db, move |c| {
        if collections::remove(c, user_id, article_id)? {
            article_counters::add(c, article_id, ArticleCounter::Collect, -1)?;
        }
        Ok(())
    })
    .await
}

/// E31: one page of the user's collected articles, most recently collected first.
pub async fn list(
    state: &AppState,
    user_id: i64,
    page: i64,
    per_page: i64,
) -> Result<Page<LikedCard>, AppError> {
    let offset = cards::offset(page, per_page);
    let (total, results) = db::run(&state.db, move |c| {
        let (total, rows) = collections::page(c, user_id, offset, per_page)?;
        Ok((total, cards::with_likes(c, Some(user_id), rows)?))
    })
    .await?;
    Ok(Page {
        total_count: total,
        page,
        per_page,
        results,
    })
}
