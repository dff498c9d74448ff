//! `news_attitude`: one row per (user, article) holding like (1), dislike (0) or none (NULL).

use diesel::prelude::*;

use crate::models::article::Attitude;
use crate::schema::news_attitude;

/// Makes sure the (user, article) row exists (as "none"), so it can be locked.
pub fn ensure_row(conn: &mut PgConnection, user_id: i64, article_id: i64) -> QueryResult<usize> {
    diesel::insert_into(news_attitude::table)
        .values((
            news_attitude::user_id.eq(user_id),
            news_attitude::article_id.eq(article_id),
            news_attitude::attitude.eq(None::<i16>),
        ))
        .on_conflict((news_attitude::user_id, news_attitude::article_id))
        .do_nothing()
        .execute(conn)
}

/// Locks the row and reads the current attitude; Ok(None) when there is no row or no
/// attitude. Concurrent changes by the same user then run one after the other.
pub fn lock(
    conn: &mut PgConnection,
    user_id: i64,
    article_id: i64,
) -> QueryResult<Option<Attitude>> {
    news_attitude::table
        .filter(news_attitude::user_id.eq(user_id))
        .filter(news_attitude::article_id.eq(article_id))
        .select(news_attitude::attitude)
        .for_update()
        .first::<Option<i16>>(conn)
        .optional()
        .map(|v| Attitude::from_db(v.flatten()))
}

/// Sets (or clears, with None) the attitude of an existing row.
pub fn set(
    conn: &mut PgConnection,
    user_id: i64,
    article_id: i64,
    attitude: Option<Attitude>,
) -> QueryResult<usize> {
    diesel::update(
        news_attitude::table
            .filter(news_attitude::user_id.eq(user_id))
            .filter(news_attitude::article_id.eq(article_id)),
    )
    .set(news_attitude::attitude.eq(attitude.map(Attitude::as_db)))
    .execute(conn)
}

/// The user's attitude towards one article.
pub fn of(conn: &mut PgConnection, user_id: i64, article_id: i64) -> QueryResult<Option<Attitude>> {
    news_attitude::table
        .filter(news_attitude::user_id.eq(user_id))
        .filter(news_attitude::article_id.eq(article_id))
        .select(news_attitude::attitude)
        .first::<Option<i16>>(conn)
        .optional()
        .map(|v| Attitude::from_db(v.flatten()))
}

/// Which of `ids` the user likes.
pub fn liked_among(conn: &mut PgConnection, user_id: i64, ids: &[i64]) -> QueryResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    news_attitude::table
        .filter(news_attitude::user_id.eq(user_id))
        .filter(news_attitude::article_id.eq_any(ids))
        .filter(news_attitude::attitude.eq(Attitude::Like.as_db()))
        .select(news_attitude::article_id)
        .load(conn)
}
