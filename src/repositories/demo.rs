//! Bulk writes of the demo seeder: multi-row INSERTs in batches that stay under
//! PostgreSQL's 65,535 bind parameters per statement.

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool};

use crate::models::news::{
    NewArticle, NewAttitude, NewComment, NewCommentLiking, NewContent, NewDemoUser, NewStatistic,
};
use crate::schema::{
    global_announcement, news_article_basic, news_article_content, news_article_statistic,
    news_attitude, news_channel, news_comment, news_comment_liking, user_basic,
};

/// Rows per statement for a row of `columns` bind parameters.
fn batch(columns: usize) -> usize {
    60_000 / columns
}

/// Visible channels, in their display order.
pub fn visible_channels(conn: &mut PgConnection) -> QueryResult<Vec<i32>> {
    news_channel::table
        .filter(news_channel::is_visible.eq(true))
        .order((news_channel::sequence.asc(), news_channel::channel_id.asc()))
        .select(news_channel::channel_id)
        .load(conn)
}

/// The highest mobile number starting with `prefix`.
pub fn max_mobile_with_prefix(
    conn: &mut PgConnection,
    prefix: &str,
) -> QueryResult<Option<String>> {
    user_basic::table
        .filter(user_basic::mobile.like(format!("{prefix}%")))
        .select(diesel::dsl::max(user_basic::mobile))
        .first(conn)
}

/// True when any article exists.
pub fn any_article(conn: &mut PgConnection) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        news_article_basic::table.select(news_article_basic::article_id),
    ))
    .get_result(conn)
}

/// Inside a transaction: commit without waiting for the WAL flush (demo data only).
pub fn relax_commit(conn: &mut PgConnection) -> QueryResult<usize> {
    diesel::sql_query("SET LOCAL synchronous_commit = off").execute(conn)
}

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

/// Takes (waiting) or releases the session-level advisory lock `key`.
pub fn advisory_lock(conn: &mut PgConnection, key: i64, take: bool) -> QueryResult<bool> {
    let sql = if take {
        "SELECT pg_advisory_lock($1) IS NOT NULL AS locked"
    } else {
        "SELECT pg_advisory_unlock($1) AS locked"
    };
    diesel::sql_query(sql)
        .bind::<BigInt, _>(key)
        .get_result::<Locked>(conn)
        .map(|l| l.locked)
}

pub fn insert_users(conn: &mut PgConnection, rows: &[NewDemoUser]) -> QueryResult<()> {
    for part in rows.chunks(batch(9)) {
        diesel::insert_into(user_basic::table)
            .values(part)
            .execute(conn)?;
        let ids: Vec<i64> = part.iter().map(|u| u.user_id).collect();
        diesel::sql_query("INSERT INTO user_profile (user_id) SELECT unnest($1::BIGINT[])")
            .bind::<Array<BigInt>, _>(&ids)
            .execute(conn)?;
    }
    Ok(())
}

pub fn insert_articles(conn: &mut PgConnection, rows: &[NewArticle]) -> QueryResult<()> {
    for part in rows.chunks(batch(9)) {
        diesel::insert_into(news_article_basic::table)
            .values(part)
            .execute(conn)?;
    }
    Ok(())
}

pub fn insert_contents(conn: &mut PgConnection, rows: &[NewContent]) -> QueryResult<()> {
    for part in rows.chunks(batch(2)) {
        diesel::insert_into(news_article_content::table)
            .values(part)
            .execute(conn)?;
    }
    Ok(())
}

pub fn insert_statistics(conn: &mut PgConnection, rows: &[NewStatistic]) -> QueryResult<()> {
    for part in rows.chunks(batch(5)) {
        diesel::insert_into(news_article_statistic::table)
            .values(part)
            .execute(conn)?;
    }
    Ok(())
}

pub fn insert_attitudes(conn: &mut PgConnection, rows: &[NewAttitude]) -> QueryResult<()> {
    for part in rows.chunks(batch(3)) {
        diesel::insert_into(news_attitude::table)
            .values(part)
            .execute(conn)?;
    }
    Ok(())
}

pub fn insert_comments(conn: &mut PgConnection, rows: &[NewComment]) -> QueryResult<()> {
    for part in rows.chunks(batch(9)) {
        diesel::insert_into(news_comment::table)
            .values(part)
            .execute(conn)?;
    }
    Ok(())
}

pub fn insert_comment_likings(
    conn: &mut PgConnection,
    rows: &[NewCommentLiking],
) -> QueryResult<()> {
    for part in rows.chunks(batch(2)) {
        diesel::insert_into(news_comment_liking::table)
            .values(part)
            .execute(conn)?;
    }
    Ok(())
}

/// Publishes an announcement.
pub fn insert_announcement(
    conn: &mut PgConnection,
    title: &str,
    content: &str,
    published: chrono::DateTime<chrono::Utc>,
) -> QueryResult<usize> {
    diesel::insert_into(global_announcement::table)
        .values((
            global_announcement::title.eq(title),
            global_announcement::content.eq(content),
            global_announcement::status.eq(1i16),
            global_announcement::publish_time.eq(published),
        ))
        .execute(conn)
}

/// Refreshes the planner statistics of the tables a seed fills: after a bulk load the
/// planner would otherwise plan for empty tables (and autovacuum may be off or late).
pub fn analyze(conn: &mut PgConnection) -> QueryResult<usize> {
    diesel::sql_query(
        "ANALYZE user_basic, user_profile, news_article_basic, news_article_content, \
         news_article_statistic, news_attitude, news_comment, news_comment_liking, \
         global_announcement",
    )
    .execute(conn)
}
