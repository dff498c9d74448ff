//! `news_article_basic` (+ content, statistic and author) as the readers need it: one
//! approved article, cards in one query (no N+1), an author's articles, the read counter.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::models::article::ArticleStatus;
use crate::models::news::{ArticleMeta, CardRow, DetailRow};
use crate::schema::{news_article_basic, news_article_statistic, user_basic};

/// The columns of a [`CardRow`]; `a` = article, `u` = author, `s` = statistic.
/// `a.status = 2` stays a literal in the queries so the partial indexes apply.
macro_rules! card_columns {
    () => {
        "a.article_id, a.title, a.user_id, u.user_name, a.channel_id, a.cover, a.is_top, \
         a.create_time, COALESCE(s.comment_count, 0) AS comment_count, \
         COALESCE(s.like_count, 0) AS like_count, COALESCE(s.collect_count, 0) AS collect_count"
    };
}
pub(crate) use card_columns;

/// The joins a [`CardRow`] needs after `news_article_basic a`.
macro_rules! card_joins {
    () => {
        " JOIN user_basic u ON u.user_id = a.user_id \
          LEFT JOIN news_article_statistic s ON s.article_id = a.article_id "
    };
}
pub(crate) use card_joins;

/// An approved article (the only public state), or None.
pub fn find_approved(conn: &mut PgConnection, id: i64) -> QueryResult<Option<ArticleMeta>> {
    news_article_basic::table
        .find(id)
        .filter(news_article_basic::status.eq(ArticleStatus::Approved.as_db()))
        .select(ArticleMeta::as_select())
        .first(conn)
        .optional()
}

/// Cards of the approved articles among `ids`, in no particular order. Built with the DSL
/// (no literal) so that the prepared statement is cached: the hot path of every feed.
pub fn cards_by_ids(conn: &mut PgConnection, ids: &[i64]) -> QueryResult<Vec<CardRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    type Row = (
        i64,
        String,
        i64,
        String,
        i32,
        serde_json::Value,
        bool,
        DateTime<Utc>,
        Option<i32>,
        Option<i32>,
        Option<i32>,
    );
    let rows: Vec<Row> = news_article_basic::table
        .inner_join(user_basic::table)
        .left_join(news_article_statistic::table)
        .filter(news_article_basic::article_id.eq_any(ids))
        .filter(news_article_basic::status.eq(ArticleStatus::Approved.as_db()))
        .select((
            news_article_basic::article_id,
            news_article_basic::title,
            news_article_basic::user_id,
            user_basic::user_name,
            news_article_basic::channel_id,
            news_article_basic::cover,
            news_article_basic::is_top,
            news_article_basic::create_time,
            news_article_statistic::comment_count.nullable(),
            news_article_statistic::like_count.nullable(),
            news_article_statistic::collect_count.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| CardRow {
            article_id: r.0,
            title: r.1,
            user_id: r.2,
            user_name: r.3,
            channel_id: r.4,
            cover: r.5,
            is_top: r.6,
            create_time: r.7,
            comment_count: r.8.unwrap_or(0),
            like_count: r.9.unwrap_or(0),
            collect_count: r.10.unwrap_or(0),
        })
        .collect())
}

/// Cards of `ids` in the order given; ids without an approved article are left out.
pub fn cards_in_order(conn: &mut PgConnection, ids: &[i64]) -> QueryResult<Vec<CardRow>> {
    let mut rows = cards_by_ids(conn, ids)?;
    let mut ordered = Vec::with_capacity(rows.len());
    for id in ids {
        if let Some(i) = rows.iter().position(|r| r.article_id == *id) {
            ordered.push(rows.swap_remove(i));
        }
    }
    Ok(ordered)
}

/// One page of an author's approved articles, newest first, and how many there are.
pub fn author_page(
    conn: &mut PgConnection,
    author_id: i64,
    offset: i64,
    limit: i64,
) -> QueryResult<(i64, Vec<CardRow>)> {
    let total = news_article_basic::table
        .filter(news_article_basic::user_id.eq(author_id))
        .filter(news_article_basic::status.eq(ArticleStatus::Approved.as_db()))
        .count()
        .get_result(conn)?;
    let rows = diesel::sql_query(concat!(
        "SELECT ",
        card_columns!(),
        " FROM news_article_basic a",
        card_joins!(),
        "WHERE a.user_id = $1 AND a.status = 2 \
         ORDER BY a.create_time DESC, a.article_id DESC OFFSET $2 LIMIT $3"
    ))
    .bind::<BigInt, _>(author_id)
    .bind::<BigInt, _>(offset)
    .bind::<BigInt, _>(limit)
    .load(conn)?;
    Ok((total, rows))
}

/// An approved article with body, author and counters (typed, so prepared once).
pub fn detail(conn: &mut PgConnection, id: i64) -> QueryResult<Option<DetailRow>> {
    use crate::schema::news_article_content as content;
    use crate::schema::news_article_statistic as stat;
    type Row = (
        (i64, String, i64, String, Option<String>, i32, DateTime<Utc>),
        Option<String>,
        Option<(i32, i32, i32, i64)>,
    );
    let row: Option<Row> = news_article_basic::table
        .inner_join(user_basic::table)
        .left_join(content::table)
        .left_join(stat::table)
        .filter(news_article_basic::article_id.eq(id))
        .filter(news_article_basic::status.eq(ArticleStatus::Approved.as_db()))
        .select((
            (
                news_article_basic::article_id,
                news_article_basic::title,
                news_article_basic::user_id,
                user_basic::user_name,
                user_basic::profile_photo,
                news_article_basic::channel_id,
                news_article_basic::create_time,
            ),
            content::content.nullable(),
            (
                stat::comment_count,
                stat::like_count,
                stat::collect_count,
                stat::read_count,
            )
                .nullable(),
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(a, content, counts)| {
        let (comment_count, like_count, collect_count, read_count) = counts.unwrap_or_default();
        DetailRow {
            article_id: a.0,
            title: a.1,
            user_id: a.2,
            user_name: a.3,
            profile_photo: a.4,
            channel_id: a.5,
            create_time: a.6,
            content: content.unwrap_or_default(),
            comment_count,
            like_count,
            collect_count,
            read_count,
        }
    }))
}

/// The author of an article, whatever its status.
pub fn author_of(conn: &mut PgConnection, article_id: i64) -> QueryResult<Option<i64>> {
    news_article_basic::table
        .find(article_id)
        .select(news_article_basic::user_id)
        .first(conn)
        .optional()
}
