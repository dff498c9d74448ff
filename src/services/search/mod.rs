//! E44–E47: full-text search over approved articles, suggestions, and each user's search
//! keywords; `start` runs the indexer and the readers' refresh in the background.

pub mod indexer;

use std::time::Duration;

use crate::db;
use crate::errors::AppError;
use crate::repositories::{articles, search_history};
use crate::search::suggest::normalize;
use crate::services::cards::{self, ArticleCard, Page};
use crate::state::AppState;

/// Keywords kept per user (the original's 4).
pub const HISTORY_KEEP: isize = 4;
/// Suggestions per answer.
pub const SUGGESTIONS: usize = 10;
/// Frequent keywords the completions draw on.
const KEYWORDS_LOADED: isize = 10_000;

/// E44: one page of approved articles matching `q`, best first, as cards with live
/// counters. A logged-in caller's `q` goes to their history on page 1.
pub async fn search(
    state: &AppState,
    caller: Option<i64>,
    q: String,
    page: i64,
    per_page: i64,
) -> Result<Page<ArticleCard>, AppError> {
    let offset = usize::try_from(cards::offset(page, per_page)).unwrap_or(usize::MAX);
    // A search takes well under a millisecond to a few: cheaper inline than a thread hop.
    let hits = state.search.search(&q, offset, per_page as usize)?;
    let ids = hits.ids;
    let results = if ids.is_empty() {
        Vec::new()
    } else {
        // The index can lag PostgreSQL by a moment: cards keep only approved articles.
        db::run(&state.db, move |c| Ok(articles::cards_in_order(c, &ids)?))
            .await?
            .into_iter()
            .map(ArticleCard::from)
            .collect()
    };
    if page == 1 {
        remember(state, caller, &q, hits.total > 0).await;
    }
    Ok(Page {
        total_count: i64::try_from(hits.total).unwrap_or(i64::MAX),
        page,
        per_page,
        results,
    })
}

/// Records a first-page search: in the caller's history, and (when it found something)
/// in the keyword counts completions draw on. Best-effort: the answer is already made.
async fn remember(state: &AppState, caller: Option<i64>, q: &str, found: bool) {
    let keyword = q.trim();
    if keyword.is_empty() || (caller.is_none() && !found) {
        return;
    }
    let result = async {
        let mut conn = state.redis_conn().await?;
        if let Some(user_id) = caller {
            let now = chrono::Utc::now().timestamp_millis();
            search_history::record(&mut conn, &state.keys, user_id, keyword, now, HISTORY_KEEP)
                .await?;
        }
        if found {
            let kept = state.settings.search.keywords_kept.max(1) as isize;
            search_history::count(&mut conn, &state.keys, &normalize(keyword), kept).await?;
        }
        Ok::<(), AppError>(())
    }
    .await;
    if let Err(e) = result {
        log::warn!("recording a search keyword failed: {e}");
    }
}

/// E45: completions of `q`, or spelling corrections when there is none.
pub fn suggest(state: &AppState, q: &str) -> Vec<String> {
    let options = state.search.complete(q, SUGGESTIONS);
    if options.is_empty() {
        state.search.correct(q, SUGGESTIONS)
    } else {
        options
    }
}

/// E46: the caller's newest keywords, newest first.
pub async fn histories(state: &AppState, user_id: i64) -> Result<Vec<String>, AppError> {
    let mut conn = state.redis_conn().await?;
    Ok(search_history::newest(&mut conn, &state.keys, user_id, HISTORY_KEEP).await?)
}

/// E47: forgets the caller's keywords.
pub async fn clear_histories(state: &AppState, user_id: i64) -> Result<(), AppError> {
    let mut conn = state.redis_conn().await?;
    Ok(search_history::clear(&mut conn, &state.keys, user_id).await?)
}

/// Starts the background work of search on the current runtime: the indexer (which
/// becomes active in the one process holding the index writer) and, in every process,
/// the refresh of readers, completions and frequent keywords.
pub fn start(state: &AppState) {
    tokio::spawn(indexer::run(state.clone()));
    tokio::spawn(refresh(state.clone()));
}

async fn refresh(state: AppState) {
    let settings = &state.settings.search;
    let every = Duration::from_millis(settings.refresh_ms.max(10));
    let keywords_every = Duration::from_millis(settings.keywords_refresh_ms.max(10));
    let mut keywords_due = std::time::Instant::now();
    loop {
        if std::time::Instant::now() >= keywords_due {
            match load_keywords(&state).await {
                Ok(k) => state.search.set_keywords(k),
                Err(e) => log::debug!("search: reading frequent keywords failed: {e}"),
            }
            keywords_due = std::time::Instant::now() + keywords_every;
        }
        let engine = state.search.clone();
        match tokio::task::spawn_blocking(move || engine.refresh()).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => log::warn!("search: refreshing suggestions failed: {e}"),
            Err(e) => log::warn!("search: {e}"),
        }
        tokio::time::sleep(every).await;
    }
}

async fn load_keywords(state: &AppState) -> Result<Vec<(String, u64)>, AppError> {
    let mut conn = state.redis_conn().await?;
    let min = state.settings.search.keyword_min_count.max(1);
    Ok(search_history::frequent(&mut conn, &state.keys, min, KEYWORDS_LOADED).await?)
}
