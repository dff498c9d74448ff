//! The PostgreSQL feed: newest approved articles first, minus what the viewer disliked and
//! the authors the viewer blacklisted.
//!
//! Paging by time never repeats or skips an article. A page never splits the articles of
//! one millisecond: it ends before such a group (the next page starts with it), or, when
//! the whole page would be one millisecond, holds that millisecond's articles entirely.
//! So every article of a page is at or after `pre_timestamp` and every later page's
//! articles are strictly before it; articles published meanwhile are newer than any
//! timestamp handed out and cannot shift the pages that follow.

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use diesel::PgConnection;

use super::feed::{FeedItem, FeedPage, FeedPosition, FeedRequest, FeedSource, Trace};
use crate::db::{self, DbPool};
use crate::errors::AppError;
use crate::repositories::feed::{self, FeedFilter};
use crate::repositories::relations;

const ALGORITHM: &str = "pg-latest";

pub struct PgFeed {
    db: DbPool,
}

impl PgFeed {
    pub fn new(db: DbPool) -> Self {
        Self { db }
    }
}

#[async_trait]
impl FeedSource for PgFeed {
    async fn recommend(&self, req: &FeedRequest) -> Result<FeedPage, AppError> {
        let req = req.clone();
        db::run(&self.db, move |c| plan(c, &req)).await
    }
}

fn plan(c: &mut PgConnection, req: &FeedRequest) -> Result<FeedPage, AppError> {
    let filter = FeedFilter {
        channel_id: (req.channel_id != 0).then_some(req.channel_id),
        exclude_top: req.exclude_pinned,
        viewer: req.viewer.user_id(),
        blacklisted: match req.viewer.user_id() {
            Some(uid) => relations::blacklisted_ids(c, uid)?,
            None => Vec::new(),
        },
    };
    let count = req.count.max(1);
    let (rows, pre_timestamp, head) = match req.position {
        FeedPosition::Before(ts) => {
            let before = at_ms(ts);
            let limit = i64::try_from(count + 1).unwrap_or(i64::MAX);
            let fetched = feed::before(c, &filter, before, limit)?;
            let ms: Vec<i64> = fetched.iter().map(|(_, t)| t.timestamp_millis()).collect();
            let rows = match cut(&ms, count) {
                Cut::Take(n) => fetched.into_iter().take(n).collect(),
                Cut::WholeMillisecond(m) => {
                    feed::within(c, &filter, at_ms(m), at_ms(m) + TimeDelta::milliseconds(1))?
                }
            };
            let pre = rows.last().map_or(ts, |(_, t)| t.timestamp_millis());
            let head = !feed::any_since(c, &filter, before)?;
            (rows, pre, head)
        }
        FeedPosition::Page(page) => {
            let per_page = i64::try_from(count).unwrap_or(i64::MAX);
            let offset = (page.max(1) - 1).saturating_mul(per_page);
            let rows = feed::page(c, &filter, offset, per_page)?;
            let pre = rows.last().map_or_else(
                || Utc::now().timestamp_millis(),
                |(_, t)| t.timestamp_millis(),
            );
            (rows, pre, page <= 1)
        }
    };
    let items = rows
        .into_iter()
        .map(|(id, _)| FeedItem {
            article_id: id,
            trace: Trace::new(&req.viewer, id, req.channel_id, ALGORITHM),
        })
        .collect();
    Ok(FeedPage {
        items,
        pre_timestamp,
        head,
    })
}

/// A client timestamp as a time; beyond chrono's range means "later than everything".
fn at_ms(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

#[derive(Debug, PartialEq, Eq)]
enum Cut {
    /// Serve the first n rows fetched.
    Take(usize),
    /// Every fetched row is in this millisecond: serve all of its articles.
    WholeMillisecond(i64),
}

/// Where a page of `count` ends, given the millisecond of up to `count + 1` rows fetched.
fn cut(ms: &[i64], count: usize) -> Cut {
    if ms.len() <= count {
        return Cut::Take(ms.len());
    }
    let boundary = ms[count - 1];
    if ms[count] != boundary {
        return Cut::Take(count);
    }
    match ms.iter().position(|m| *m == boundary) {
        Some(0) | None => Cut::WholeMillisecond(boundary),
        Some(first) => Cut::Take(first),
    }
}

#[cfg(test)]
mod tests {
    use super::{Cut, cut};

    #[test]
    fn a_short_fetch_is_served_whole() {
        assert_eq!(cut(&[], 10), Cut::Take(0));
        assert_eq!(cut(&[5, 5, 4], 10), Cut::Take(3));
    }

    #[test]
    fn a_page_ending_between_milliseconds_is_served_as_is() {
        assert_eq!(cut(&[9, 8, 7, 6], 3), Cut::Take(3));
    }

    #[test]
    fn a_millisecond_split_by_the_page_end_goes_to_the_next_page() {
        assert_eq!(cut(&[9, 8, 7, 7], 3), Cut::Take(2));
        assert_eq!(cut(&[9, 7, 7, 7], 3), Cut::Take(1));
    }

    #[test]
    fn a_page_that_is_one_millisecond_takes_all_of_it() {
        assert_eq!(cut(&[7, 7, 7, 7], 3), Cut::WholeMillisecond(7));
    }
}
