//! The exact counters: `news_article_statistic` per article and the author's counters in
//! `user_basic`. Callers run these in the same transaction as the row that changes them;
//! a counter never goes below zero.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer};

/// A counter column of `news_article_statistic`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleCounter {
    Read,
    Like,
    Dislike,
    Collect,
    Comment,
}

impl ArticleCounter {
    fn column(self) -> &'static str {
        match self {
            Self::Read => "read_count",
            Self::Like => "like_count",
            Self::Dislike => "dislike_count",
            Self::Collect => "collect_count",
            Self::Comment => "comment_count",
        }
    }
}

#[derive(QueryableByName)]
struct Value {
    #[diesel(sql_type = BigInt)]
    value: i64,
}

/// Adds `delta` to one counter of an article (creating its statistic row when missing);
/// returns the new value. The row lock it takes serialises concurrent writers.
pub fn add(
    conn: &mut PgConnection,
    article_id: i64,
    counter: ArticleCounter,
    delta: i32,
) -> QueryResult<i64> {
    let col = counter.column();
    // `col` comes from the fixed list above, never from input.
    let sql = format!(
        "INSERT INTO news_article_statistic AS s (article_id, {col}) VALUES ($1, GREATEST($2, 0)) \
         ON CONFLICT (article_id) DO UPDATE SET {col} = GREATEST(s.{col} + $2, 0) \
         RETURNING s.{col}::BIGINT AS value"
    );
    diesel::sql_query(sql)
        .bind::<BigInt, _>(article_id)
        .bind::<Integer, _>(delta)
        .get_result::<Value>(conn)
        .map(|v| v.value)
}

/// Adds `delta` to the likes an author has received.
pub fn add_author_likes(conn: &mut PgConnection, author_id: i64, delta: i32) -> QueryResult<usize> {
    diesel::sql_query(
        "UPDATE user_basic SET like_count = GREATEST(like_count + $2, 0) WHERE user_id = $1",
    )
    .bind::<BigInt, _>(author_id)
    .bind::<Integer, _>(delta)
    .execute(conn)
}

/// Counts one read of an author's article.
pub fn add_author_read(conn: &mut PgConnection, author_id: i64) -> QueryResult<usize> {
    diesel::sql_query("UPDATE user_basic SET read_count = read_count + 1 WHERE user_id = $1")
        .bind::<BigInt, _>(author_id)
        .execute(conn)
}
