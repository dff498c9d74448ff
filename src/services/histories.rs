//! Reading history (E42, written by E27) and reading durations (E43, a tracking event).

use crate::db;
use crate::errors::AppError;
use crate::repositories::{articles, reading_history};
use crate::services::behavior::{self, Event};
use crate::services::cards::{self, LikedCard, Page};
use crate::state::AppState;

/// How many distinct articles a reading history keeps (the newest).
pub const HISTORY_KEEP: isize = 100;

/// Puts an article on top of a user's reading history. Best-effort: the read itself has
/// already been counted, and a history write failure must not fail the article page.
pub async fn record_read(state: &AppState, user_id: i64, article_id: i64) {
    let result = async {
        let mut conn = state.redis_conn().await?;
        let now = chrono::Utc::now().timestamp_millis();
        reading_history::record(
            &mut conn,
            &state.keys,
            user_id,
            article_id,
            now,
            HISTORY_KEEP,
        )
        .await?;
        Ok::<(), AppError>(())
    }
    .await;
    if let Err(e) = result {
        log::warn!("recording a read of article {article_id} by user {user_id} failed: {e}");
    }
}

/// E42: one page of the history, most recently read first, each article once.
pub async fn list(
    state: &AppState,
    user_id: i64,
    page: i64,
    per_page: i64,
) -> Result<Page<LikedCard>, AppError> {
    let offset = cards::offset(page, per_page);
    let mut conn = state.redis_conn().await?;
    let (total, ids) = if offset >= HISTORY_KEEP as i64 {
        // Past the longest possible history (and clear of any index overflow).
        let total = reading_history::count(&mut conn, &state.keys, user_id).await?;
        (total, Vec::new())
    } else {
        reading_history::page(
            &mut conn,
            &state.keys,
            user_id,
            offset as isize,
            per_page as isize,
        )
        .await?
    };
    drop(conn);
    let results = if ids.is_empty() {
        Vec::new()
    } else {
        db::run(&state.db, move |c| {
            let rows = articles::cards_in_order(c, &ids)?;
            Ok(cards::with_likes(c, Some(user_id), rows)?)
        })
        .await?
    };
    Ok(Page {
        total_count: total,
        page,
        per_page,
        results,
    })
}

/// E43: logs how long an article was read. `duration` is in seconds.
pub async fn report_duration(
    state: &AppState,
    reader: behavior::Actor,
    article_id: i64,
    duration: i64,
    trace: String,
) -> Result<(), AppError> {
    let article = db::run(&state.db, move |c| {
        Ok(articles::find_approved(c, article_id)?)
    })
    .await?
    .ok_or_else(|| AppError::param("art_id", "Invalid target article id."))?;
    behavior::record(
        Event::Read,
        &reader,
        article_id,
        article.channel_id,
        &trace,
        Some(duration.saturating_mul(1000)),
    );
    Ok(())
}
