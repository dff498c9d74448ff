//! The PostgreSQL feed: approved articles of a channel (or of all channels), newest first,
//! keyed by `(create_time, article_id)`, minus what a viewer disliked or whose author the
//! viewer blacklisted. Every value is a bound parameter, so the statements are prepared
//! once and planned once (the indexes carry status and attitude as key columns).

use chrono::{DateTime, Utc};
use diesel::dsl::{exists, not};
use diesel::pg::Pg;
use diesel::prelude::*;

use crate::models::article::{ArticleStatus, Attitude};
use crate::schema::{news_article_basic as a, news_attitude};

/// Which articles a feed may show.
#[derive(Debug, Clone, Default)]
pub struct FeedFilter {
    /// None = every channel (推荐).
    pub channel_id: Option<i32>,
    /// Leave pinned articles out (they are served separately).
    pub exclude_top: bool,
    /// The logged-in viewer, whose disliked articles are left out.
    pub viewer: Option<i64>,
    /// Authors the viewer blacklisted.
    pub blacklisted: Vec<i64>,
}

fn base(f: &FeedFilter) -> a::BoxedQuery<'_, Pg> {
    let mut q = a::table
        .filter(a::status.eq(ArticleStatus::Approved.as_db()))
        .into_boxed();
    if let Some(ch) = f.channel_id {
        q = q.filter(a::channel_id.eq(ch));
    }
    if f.exclude_top {
        q = q.filter(a::is_top.eq(false));
    }
    if !f.blacklisted.is_empty() {
        q = q.filter(a::user_id.ne_all(&f.blacklisted));
    }
    if let Some(uid) = f.viewer {
        q = q.filter(not(exists(
            news_attitude::table
                .filter(news_attitude::user_id.eq(uid))
                .filter(news_attitude::article_id.eq(a::article_id))
                .filter(news_attitude::attitude.eq(Attitude::Dislike.as_db())),
        )));
    }
    q
}

/// Up to `limit` articles created strictly before `before`, newest first.
pub fn before(
    conn: &mut PgConnection,
    f: &FeedFilter,
    before: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<(i64, DateTime<Utc>)>> {
    base(f)
        .filter(a::create_time.lt(before))
        .order((a::create_time.desc(), a::article_id.desc()))
        .limit(limit)
        .select((a::article_id, a::create_time))
        .load(conn)
}

/// Every article created in `[from, to)`, newest first (one millisecond's worth).
pub fn within(
    conn: &mut PgConnection,
    f: &FeedFilter,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> QueryResult<Vec<(i64, DateTime<Utc>)>> {
    base(f)
        .filter(a::create_time.ge(from))
        .filter(a::create_time.lt(to))
        .order((a::create_time.desc(), a::article_id.desc()))
        .select((a::article_id, a::create_time))
        .load(conn)
}

/// True when some article was created at or after `since`.
pub fn any_since(
    conn: &mut PgConnection,
    f: &FeedFilter,
    since: DateTime<Utc>,
) -> QueryResult<bool> {
    diesel::select(exists(
        base(f)
            .filter(a::create_time.ge(since))
            .select(a::article_id),
    ))
    .get_result(conn)
}

/// One page by offset, newest first.
pub fn page(
    conn: &mut PgConnection,
    f: &FeedFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<(i64, DateTime<Utc>)>> {
    base(f)
        .order((a::create_time.desc(), a::article_id.desc()))
        .offset(offset)
        .limit(limit)
        .select((a::article_id, a::create_time))
        .load(conn)
}

/// The pinned articles `f` allows, newest first (`f.exclude_top` is ignored).
pub fn pinned(conn: &mut PgConnection, f: &FeedFilter) -> QueryResult<Vec<i64>> {
    let f = FeedFilter {
        exclude_top: false,
        ..f.clone()
    };
    base(&f)
        .filter(a::is_top.eq(true))
        .order((a::create_time.desc(), a::article_id.desc()))
        .select(a::article_id)
        .load(conn)
}
