//! The exact counters: `news_article_statistic` per article and the author's counters in
//! `user_basic`. Callers run these in the same transaction as the row that changes them;
//! a counter never goes below zero.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer};

use crate::schema::{news_article_statistic as stat, user_basic};

diesel::define_sql_function! {
    #[sql_name = "GREATEST"]
    fn greatest_int(a: Integer, b: Integer) -> Integer;
}

diesel::define_sql_function! {
    #[sql_name = "GREATEST"]
    fn greatest_big(a: BigInt, b: BigInt) -> BigInt;
}

/// A counter column of `news_article_statistic`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleCounter {
    Read,
    Like,
    Dislike,
    Collect,
    Comment,
}

/// Upserts the statistic row, adding `$delta` to one INTEGER counter; returns the new value.
macro_rules! bump {
    ($conn:expr, $id:expr, $col:ident, $delta:expr) => {
        diesel::insert_into(stat::table)
            .values((stat::article_id.eq($id), stat::$col.eq($delta.max(0))))
            .on_conflict(stat::article_id)
            .do_update()
            .set(stat::$col.eq(greatest_int(stat::$col + $delta, 0)))
            .returning(stat::$col)
            .get_result::<i32>($conn)
            .map(i64::from)
    };
}

/// Adds `delta` to one counter of an article (creating its statistic row when missing);
/// returns the new value. The row lock it takes serialises concurrent writers. Typed
/// statements (no SQL text) so that diesel prepares each once per connection.
pub fn add(
    conn: &mut PgConnection,
    article_id: i64,
    counter: ArticleCounter,
    delta: i32,
) -> QueryResult<i64> {
    match counter {
        ArticleCounter::Read => {
            let delta = i64::from(delta);
            diesel::insert_into(stat::table)
                .values((
                    stat::article_id.eq(article_id),
                    stat::read_count.eq(delta.max(0)),
                ))
                .on_conflict(stat::article_id)
                .do_update()
                .set(stat::read_count.eq(greatest_big(stat::read_count + delta, 0)))
                .returning(stat::read_count)
                .get_result(conn)
        }
        ArticleCounter::Like => bump!(conn, article_id, like_count, delta),
        ArticleCounter::Dislike => bump!(conn, article_id, dislike_count, delta),
        ArticleCounter::Collect => bump!(conn, article_id, collect_count, delta),
        ArticleCounter::Comment => bump!(conn, article_id, comment_count, delta),
    }
}

/// Adds `delta` to the likes an author has received.
pub fn add_author_likes(conn: &mut PgConnection, author_id: i64, delta: i32) -> QueryResult<usize> {
    diesel::update(user_basic::table.find(author_id))
        .set(user_basic::like_count.eq(greatest_int(user_basic::like_count + delta, 0)))
        .execute(conn)
}

/// Counts one read of an author's article.
pub fn add_author_read(conn: &mut PgConnection, author_id: i64) -> QueryResult<usize> {
    diesel::update(user_basic::table.find(author_id))
        .set(user_basic::read_count.eq(user_basic::read_count + 1))
        .execute(conn)
}

/// Lets the current transaction commit without waiting for its WAL flush. For read counting
/// only: a crash may lose the last fraction of a second of reads, and in exchange a popular
/// article's counter row is not held locked for a disk flush per view.
pub fn commit_without_flush(conn: &mut PgConnection) -> QueryResult<()> {
    diesel::sql_query("SET LOCAL synchronous_commit = off")
        .execute(conn)
        .map(|_| ())
}
