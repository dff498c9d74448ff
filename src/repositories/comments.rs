//! `news_comment` and `news_comment_liking`: comments, replies, their cursor pages and likes.
//!
//! Order: pinned first, then newest (snowflake ids grow with time). The cursor is a comment
//! id; "after it" means `(is_top, comment_id) < (cursor's is_top, cursor id)`, so a page
//! never shifts when comments are added (new ids sort before every cursor handed out).
//! `status = 1` stays a literal so the partial indexes apply.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Nullable};

use crate::models::article::CommentStatus;
use crate::models::news::{CommentMeta, CommentRow, NewComment};
use crate::schema::{news_comment, news_comment_liking};

/// Which list: the top-level comments of an article, or the replies of a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Article(i64),
    Replies(i64),
}

impl Scope {
    fn condition(self) -> &'static str {
        match self {
            Scope::Article(_) => "c.article_id = $1 AND c.parent_id IS NULL AND c.status = 1",
            Scope::Replies(_) => "c.parent_id = $1 AND c.status = 1",
        }
    }

    fn source(self) -> i64 {
        match self {
            Scope::Article(id) | Scope::Replies(id) => id,
        }
    }
}

/// An approved comment, or None.
pub fn find_approved(conn: &mut PgConnection, id: i64) -> QueryResult<Option<CommentMeta>> {
    news_comment::table
        .find(id)
        .filter(news_comment::status.eq(CommentStatus::Approved.as_db()))
        .select(CommentMeta::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut PgConnection, new: &NewComment) -> QueryResult<usize> {
    diesel::insert_into(news_comment::table)
        .values(new)
        .execute(conn)
}

/// Adds `delta` to a comment's reply counter (never below zero).
pub fn add_replies(conn: &mut PgConnection, comment_id: i64, delta: i32) -> QueryResult<usize> {
    diesel::sql_query(
        "UPDATE news_comment SET reply_count = GREATEST(reply_count + $2, 0) WHERE comment_id = $1",
    )
    .bind::<BigInt, _>(comment_id)
    .bind::<Integer, _>(delta)
    .execute(conn)
}

/// Adds `delta` to a comment's like counter (never below zero).
pub fn add_likes(conn: &mut PgConnection, comment_id: i64, delta: i32) -> QueryResult<usize> {
    diesel::sql_query(
        "UPDATE news_comment SET like_count = GREATEST(like_count + $2, 0) WHERE comment_id = $1",
    )
    .bind::<BigInt, _>(comment_id)
    .bind::<Integer, _>(delta)
    .execute(conn)
}

/// The position of a cursor id: whether that comment is pinned (false when unknown).
pub fn cursor_is_top(conn: &mut PgConnection, id: i64) -> QueryResult<bool> {
    news_comment::table
        .find(id)
        .select(news_comment::is_top)
        .first(conn)
        .optional()
        .map(|t| t.unwrap_or(false))
}

/// Up to `limit` items of `scope` after the cursor `(is_top, id)` (from the start if None).
pub fn page(
    conn: &mut PgConnection,
    scope: Scope,
    after: Option<(bool, i64)>,
    limit: i64,
) -> QueryResult<Vec<CommentRow>> {
    let select = "SELECT c.comment_id, c.user_id, u.user_name, u.profile_photo, c.like_count, \
                  c.reply_count, c.create_time, c.content, c.is_top \
                  FROM news_comment c JOIN user_basic u ON u.user_id = c.user_id WHERE ";
    let order = " ORDER BY c.is_top DESC, c.comment_id DESC LIMIT $2";
    match after {
        None => diesel::sql_query(format!("{select}{}{order}", scope.condition()))
            .bind::<BigInt, _>(scope.source())
            .bind::<BigInt, _>(limit)
            .load(conn),
        Some((top, id)) => diesel::sql_query(format!(
            "{select}{} AND (c.is_top, c.comment_id) < ($3, $4){order}",
            scope.condition()
        ))
        .bind::<BigInt, _>(scope.source())
        .bind::<BigInt, _>(limit)
        .bind::<Bool, _>(top)
        .bind::<BigInt, _>(id)
        .load(conn),
    }
}

#[derive(QueryableByName)]
struct Summary {
    #[diesel(sql_type = BigInt)]
    total: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    end_id: Option<i64>,
}

/// How many items `scope` holds, and the id of its very last one (None when empty).
pub fn summary(conn: &mut PgConnection, scope: Scope) -> QueryResult<(i64, Option<i64>)> {
    let cond = scope.condition();
    let s: Summary = diesel::sql_query(format!(
        "SELECT (SELECT count(*) FROM news_comment c WHERE {cond}) AS total, \
                (SELECT c.comment_id FROM news_comment c WHERE {cond} \
                 ORDER BY c.is_top ASC, c.comment_id ASC LIMIT 1) AS end_id"
    ))
    .bind::<BigInt, _>(scope.source())
    .get_result(conn)?;
    Ok((s.total, s.end_id))
}

/// Likes a comment; true only when this made a change (new, or re-activated).
pub fn like(conn: &mut PgConnection, user_id: i64, comment_id: i64) -> QueryResult<bool> {
    // `FilterDsl` adds `ON CONFLICT ... DO UPDATE ... WHERE`: only a real change counts.
    let upsert = diesel::insert_into(news_comment_liking::table)
        .values((
            news_comment_liking::user_id.eq(user_id),
            news_comment_liking::comment_id.eq(comment_id),
        ))
        .on_conflict((
            news_comment_liking::user_id,
            news_comment_liking::comment_id,
        ))
        .do_update()
        .set(news_comment_liking::is_deleted.eq(false));
    diesel::query_dsl::methods::FilterDsl::filter(upsert, news_comment_liking::is_deleted.eq(true))
        .execute(conn)
        .map(|n| n > 0)
}

/// Cancels a comment like; true only when an active like was removed.
pub fn unlike(conn: &mut PgConnection, user_id: i64, comment_id: i64) -> QueryResult<bool> {
    diesel::update(
        news_comment_liking::table
            .filter(news_comment_liking::user_id.eq(user_id))
            .filter(news_comment_liking::comment_id.eq(comment_id))
            .filter(news_comment_liking::is_deleted.eq(false)),
    )
    .set(news_comment_liking::is_deleted.eq(true))
    .execute(conn)
    .map(|n| n > 0)
}

/// Which of `ids` the user likes.
pub fn liked_among(conn: &mut PgConnection, user_id: i64, ids: &[i64]) -> QueryResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    news_comment_liking::table
        .filter(news_comment_liking::user_id.eq(user_id))
        .filter(news_comment_liking::comment_id.eq_any(ids))
        .filter(news_comment_liking::is_deleted.eq(false))
        .select(news_comment_liking::comment_id)
        .load(conn)
}
