//! What the search indexer reads from PostgreSQL: the outbox of changed articles (filled
//! by triggers, see the `search_outbox` migration) and approved articles with their bodies.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::models::article::ArticleStatus;
use crate::schema::{news_article_basic, news_article_content, search_outbox};

/// An approved article with its body, as the index needs it.
#[derive(Debug, Clone, Queryable)]
pub struct IndexRow {
    pub article_id: i64,
    pub user_id: i64,
    pub channel_id: i32,
    pub title: String,
    pub create_time: DateTime<Utc>,
    pub content: Option<String>,
}

type IndexColumns = (
    news_article_basic::article_id,
    news_article_basic::user_id,
    news_article_basic::channel_id,
    news_article_basic::title,
    news_article_basic::create_time,
    diesel::helper_types::Nullable<news_article_content::content>,
);

fn index_columns() -> IndexColumns {
    (
        news_article_basic::article_id,
        news_article_basic::user_id,
        news_article_basic::channel_id,
        news_article_basic::title,
        news_article_basic::create_time,
        news_article_content::content.nullable(),
    )
}

/// The oldest `limit` outbox rows: (row id, article id).
pub fn pending(conn: &mut PgConnection, limit: i64) -> QueryResult<Vec<(i64, i64)>> {
    search_outbox::table
        .select((search_outbox::id, search_outbox::article_id))
        .order(search_outbox::id)
        .limit(limit)
        .load(conn)
}

/// Deletes the outbox rows `ids` (once their articles are indexed).
pub fn remove(conn: &mut PgConnection, ids: &[i64]) -> QueryResult<usize> {
    diesel::delete(search_outbox::table.filter(search_outbox::id.eq_any(ids))).execute(conn)
}

/// Deletes every outbox row the transaction sees: in a REPEATABLE READ transaction that
/// read the articles, exactly the changes that reading already reflects.
pub fn remove_seen(conn: &mut PgConnection) -> QueryResult<usize> {
    diesel::delete(search_outbox::table).execute(conn)
}

/// The approved articles among `ids`.
pub fn approved(conn: &mut PgConnection, ids: &[i64]) -> QueryResult<Vec<IndexRow>> {
    news_article_basic::table
        .left_join(news_article_content::table)
        .filter(news_article_basic::article_id.eq_any(ids))
        .filter(news_article_basic::status.eq(ArticleStatus::Approved.as_db()))
        .select(index_columns())
        .load(conn)
}

/// The next `limit` approved articles after `after` in id order (keyset paging).
pub fn approved_after(
    conn: &mut PgConnection,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<IndexRow>> {
    news_article_basic::table
        .left_join(news_article_content::table)
        .filter(news_article_basic::article_id.gt(after))
        .filter(news_article_basic::status.eq(ArticleStatus::Approved.as_db()))
        .order(news_article_basic::article_id)
        .limit(limit)
        .select(index_columns())
        .load(conn)
}

/// How many articles are approved.
pub fn count_approved(conn: &mut PgConnection) -> QueryResult<i64> {
    news_article_basic::table
        .filter(news_article_basic::status.eq(ArticleStatus::Approved.as_db()))
        .count()
        .get_result(conn)
}
