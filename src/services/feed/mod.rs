//! Feeds: E25 (page-based) and E26 (timestamp-based) over a [`FeedSource`].
//!
//! The source decides *which* articles a viewer sees next and hands back ids, per-item
//! trace strings and the next timestamp; this module validates the channel, puts the
//! channel's pinned articles in front of the first page and turns ids into FeedArticles.
//! [`crate::ports::feed_postgres::PgFeed`] is the source until a recommender service
//! implements the trait.

use std::collections::HashMap;

use serde::Serialize;

use crate::db;
use crate::errors::AppError;
pub use crate::ports::feed::{
    FeedItem, FeedPage, FeedPosition, FeedRequest, FeedSource, Trace, Viewer,
};
use crate::repositories::feed::{self as feed_repo, FeedFilter};
use crate::repositories::{articles, channels, relations};
use crate::services::cards::ArticleCard;
use crate::state::AppState;

/// Items per page of the timestamp feed (fixed by the contract).
pub const TIMELINE_SIZE: usize = 10;

pub const INVALID_CHANNEL: &str = "Invalid channel id.";

/// FeedArticle: an ArticleCard plus its trace strings.
#[derive(Debug, Clone, Serialize)]
pub struct FeedArticle {
    #[serde(flatten)]
    pub card: ArticleCard,
    pub trace: Trace,
}

/// E26 `data`.
#[derive(Debug, Serialize)]
pub struct Timeline {
    pub pre_timestamp: i64,
    pub results: Vec<FeedArticle>,
}

/// E25 `data`.
#[derive(Debug, Serialize)]
pub struct PagedFeed {
    pub page: i64,
    pub per_page: i64,
    pub results: Vec<FeedArticle>,
}

/// E26: up to 10 articles published before `timestamp`, pinned ones first on the first
/// page when `with_top`.
pub async fn timeline(
    state: &AppState,
    viewer: Viewer,
    channel_id: i64,
    timestamp: i64,
    with_top: bool,
) -> Result<Timeline, AppError> {
    let channel_id = check_channel(state, channel_id).await?;
    let req = FeedRequest {
        viewer,
        channel_id,
        position: FeedPosition::Before(timestamp),
        count: TIMELINE_SIZE,
        exclude_pinned: with_top && channel_id != 0,
    };
    let page = state.feed.recommend(&req).await?;
    let pre_timestamp = page.pre_timestamp;
    let results = hydrate(state, &req, page, with_top).await?;
    Ok(Timeline {
        pre_timestamp,
        results,
    })
}

/// E25: page `page` of `per_page` articles, the channel's pinned ones first on page 1.
pub async fn paged(
    state: &AppState,
    viewer: Viewer,
    channel_id: i64,
    page: i64,
    per_page: i64,
) -> Result<PagedFeed, AppError> {
    let ch = check_channel(state, channel_id).await?;
    let req = FeedRequest {
        viewer,
        channel_id: ch,
        position: FeedPosition::Page(page),
        count: usize::try_from(per_page).unwrap_or(TIMELINE_SIZE),
        exclude_pinned: ch != 0,
    };
    let feed_page = state.feed.recommend(&req).await?;
    let results = hydrate(state, &req, feed_page, true).await?;
    Ok(PagedFeed {
        page,
        per_page,
        results,
    })
}

/// 0 or an existing visible channel, else the contract's 400.
async fn check_channel(state: &AppState, channel_id: i64) -> Result<i32, AppError> {
    let invalid = || AppError::param("channel_id", INVALID_CHANNEL);
    let ch = i32::try_from(channel_id).map_err(|_| invalid())?;
    if ch == 0 {
        return Ok(0);
    }
    if ch < 0 || !db::run(&state.db, move |c| Ok(channels::is_visible(c, ch)?)).await? {
        return Err(invalid());
    }
    Ok(ch)
}

/// Pinned articles (first page only, when asked) then the page's items, as FeedArticles.
async fn hydrate(
    state: &AppState,
    req: &FeedRequest,
    page: FeedPage,
    with_top: bool,
) -> Result<Vec<FeedArticle>, AppError> {
    let want_pinned = with_top && page.head && req.channel_id != 0;
    let viewer = req.viewer.clone();
    let channel_id = req.channel_id;
    let mut ids: Vec<i64> = page.items.iter().map(|i| i.article_id).collect();
    let (pinned, rows) = db::run(&state.db, move |c| {
        let pinned = if want_pinned {
            let filter = FeedFilter {
                channel_id: Some(channel_id),
                exclude_top: false,
                viewer: viewer.user_id(),
                blacklisted: match viewer.user_id() {
                    Some(uid) => relations::blacklisted_ids(c, uid)?,
                    None => Vec::new(),
                },
            };
            feed_repo::pinned(c, &filter)?
        } else {
            Vec::new()
        };
        ids.extend(&pinned);
        Ok((pinned, articles::cards_by_ids(c, &ids)?))
    })
    .await?;
    let mut by_id: HashMap<i64, ArticleCard> = rows
        .into_iter()
        .map(|r| (r.article_id, ArticleCard::from(r)))
        .collect();
    let mut out = Vec::with_capacity(pinned.len() + page.items.len());
    for id in pinned {
        if let Some(card) = by_id.remove(&id) {
            let trace = Trace::new(&req.viewer, id, card.ch_id, "top");
            out.push(FeedArticle { card, trace });
        }
    }
    for item in page.items {
        if let Some(card) = by_id.remove(&item.article_id) {
            out.push(FeedArticle {
                card,
                trace: item.trace,
            });
        }
    }
    Ok(out)
}
