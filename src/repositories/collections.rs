//! `news_collection`: a user's collected articles (soft-deleted rows are re-activated).

use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::articles::{card_columns, card_joins};
use crate::models::news::CardRow;
use crate::schema::news_collection;

/// Collects; true only when this made a change (new, or re-activated). A concurrent
/// collect of the same pair waits on the row and then sees it active, so it reports false.
pub fn add(conn: &mut PgConnection, user_id: i64, article_id: i64) -> QueryResult<bool> {
    // `FilterDsl` adds `ON CONFLICT ... DO UPDATE ... WHERE`: only a real change counts.
    let upsert = diesel::insert_into(news_collection::table)
        .values((
            news_collection::user_id.eq(user_id),
            news_collection::article_id.eq(article_id),
        ))
        .on_conflict((news_collection::user_id, news_collection::article_id))
        .do_update()
        .set(news_collection::is_deleted.eq(false));
    diesel::query_dsl::methods::FilterDsl::filter(upsert, news_collection::is_deleted.eq(true))
        .execute(conn)
        .map(|n| n > 0)
}

/// Uncollects; true only when an active collection was removed.
pub fn remove(conn: &mut PgConnection, user_id: i64, article_id: i64) -> QueryResult<bool> {
    diesel::update(
        news_collection::table
            .filter(news_collection::user_id.eq(user_id))
            .filter(news_collection::article_id.eq(article_id))
            .filter(news_collection::is_deleted.eq(false)),
    )
    .set(news_collection::is_deleted.eq(true))
    .execute(conn)
    .map(|n| n > 0)
}

/// True when the user has collected the article.
pub fn is_collected(conn: &mut PgConnection, user_id: i64, article_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        news_collection::table
            .filter(news_collection::user_id.eq(user_id))
            .filter(news_collection::article_id.eq(article_id))
            .filter(news_collection::is_deleted.eq(false)),
    ))
    .get_result(conn)
}

#[derive(QueryableByName)]
struct Total {
    #[diesel(sql_type = BigInt)]
    total: i64,
}

/// One page of the user's collected (approved) articles, most recently collected first,
/// and how many there are.
pub fn page(
    conn: &mut PgConnection,
    user_id: i64,
    offset: i64,
    limit: i64,
) -> QueryResult<(i64, Vec<CardRow>)> {
    let total = diesel::sql_query(
        "SELECT count(*) AS total FROM news_collection col \
         JOIN news_article_basic a ON a.article_id = col.article_id \
         WHERE col.user_id = $1 AND NOT col.is_deleted AND a.status = 2",
    )
    .bind::<BigInt, _>(user_id)
    .get_result::<Total>(conn)?
    .total;
    let rows = diesel::sql_query(concat!(
        "SELECT ",
        card_columns!(),
        " FROM news_collection col JOIN news_article_basic a ON a.article_id = col.article_id",
        card_joins!(),
        "WHERE col.user_id = $1 AND NOT col.is_deleted AND a.status = 2 \
         ORDER BY col.update_time DESC, col.collection_id DESC OFFSET $2 LIMIT $3"
    ))
    .bind::<BigInt, _>(user_id)
    .bind::<BigInt, _>(offset)
    .bind::<BigInt, _>(limit)
    .load(conn)?;
    Ok((total, rows))
}
