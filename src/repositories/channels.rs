//! `news_channel` and `news_user_channel`.

use diesel::prelude::*;
use diesel::upsert::excluded;

use crate::models::channel::Channel;
use crate::schema::{news_channel, news_user_channel, user_basic};

/// True when `channel_id` is an existing, visible channel (0, the virtual 推荐, is not).
pub fn is_visible(conn: &mut PgConnection, channel_id: i32) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        news_channel::table
            .filter(news_channel::channel_id.eq(channel_id))
            .filter(news_channel::is_visible.eq(true)),
    ))
    .get_result(conn)
}

/// Every visible channel, by channel sequence then id.
pub fn visible(conn: &mut PgConnection) -> QueryResult<Vec<Channel>> {
    news_channel::table
        .filter(news_channel::is_visible.eq(true))
        .order((news_channel::sequence.asc(), news_channel::channel_id.asc()))
        .select((news_channel::channel_id, news_channel::channel_name))
        .load(conn)
}

/// The channels shown to users who have chosen none: default and visible ones, by channel
/// sequence then id.
pub fn defaults(conn: &mut PgConnection) -> QueryResult<Vec<Channel>> {
    news_channel::table
        .filter(news_channel::is_visible.eq(true))
        .filter(news_channel::is_default.eq(true))
        .order((news_channel::sequence.asc(), news_channel::channel_id.asc()))
        .select((news_channel::channel_id, news_channel::channel_name))
        .load(conn)
}

/// Those of `ids` that are visible channels.
pub fn visible_among(conn: &mut PgConnection, ids: &[i32]) -> QueryResult<Vec<i32>> {
    news_channel::table
        .filter(news_channel::channel_id.eq_any(ids))
        .filter(news_channel::is_visible.eq(true))
        .select(news_channel::channel_id)
        .load(conn)
}

/// A user's saved channels (not deleted, still visible), by the user's sequence.
pub fn of_user(conn: &mut PgConnection, user_id: i64) -> QueryResult<Vec<Channel>> {
    news_user_channel::table
        .inner_join(news_channel::table)
        .filter(news_user_channel::user_id.eq(user_id))
        .filter(news_user_channel::is_deleted.eq(false))
        .filter(news_channel::is_visible.eq(true))
        .order((
            news_user_channel::sequence.asc(),
            news_user_channel::channel_id.asc(),
        ))
        .select((news_channel::channel_id, news_channel::channel_name))
        .load(conn)
}

/// True when the user has at least one saved (not deleted, still visible) channel.
pub fn has_saved(conn: &mut PgConnection, user_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        news_user_channel::table
            .inner_join(news_channel::table)
            .filter(news_user_channel::user_id.eq(user_id))
            .filter(news_user_channel::is_deleted.eq(false))
            .filter(news_channel::is_visible.eq(true)),
    ))
    .get_result(conn)
}

/// Locks the user's row until the transaction ends: one channel edit of a user at a time.
pub fn lock_user(conn: &mut PgConnection, user_id: i64) -> QueryResult<()> {
    user_basic::table
        .find(user_id)
        .select(user_basic::user_id)
        .for_update()
        .first::<i64>(conn)
        .optional()
        .map(|_| ())
}

/// Those of `ids` the user has a row for, deleted or not.
pub fn linked_among(conn: &mut PgConnection, user_id: i64, ids: &[i32]) -> QueryResult<Vec<i32>> {
    news_user_channel::table
        .filter(news_user_channel::user_id.eq(user_id))
        .filter(news_user_channel::channel_id.eq_any(ids))
        .select(news_user_channel::channel_id)
        .load(conn)
}

/// One insertable `news_user_channel` row.
type ChannelRow = (
    diesel::dsl::Eq<news_user_channel::user_id, i64>,
    diesel::dsl::Eq<news_user_channel::channel_id, i32>,
    diesel::dsl::Eq<news_user_channel::sequence, i32>,
);

/// The insertable values of (channel id, sequence) pairs of a user.
fn rows(user_id: i64, items: &[(i32, i32)]) -> Vec<ChannelRow> {
    items
        .iter()
        .map(|(channel, seq)| {
            (
                news_user_channel::user_id.eq(user_id),
                news_user_channel::channel_id.eq(*channel),
                news_user_channel::sequence.eq(*seq),
            )
        })
        .collect()
}

/// Inserts new (channel id, sequence) rows; fails with a unique violation on an existing one.
pub fn insert(conn: &mut PgConnection, user_id: i64, items: &[(i32, i32)]) -> QueryResult<usize> {
    diesel::insert_into(news_user_channel::table)
        .values(rows(user_id, items))
        .execute(conn)
}

/// Inserts or revives (channel id, sequence) rows, setting their sequence.
pub fn upsert(conn: &mut PgConnection, user_id: i64, items: &[(i32, i32)]) -> QueryResult<usize> {
    diesel::insert_into(news_user_channel::table)
        .values(rows(user_id, items))
        .on_conflict((news_user_channel::user_id, news_user_channel::channel_id))
        .do_update()
        .set((
            news_user_channel::sequence.eq(excluded(news_user_channel::sequence)),
            news_user_channel::is_deleted.eq(false),
        ))
        .execute(conn)
}

/// Soft-deletes every channel of the user.
pub fn delete_all(conn: &mut PgConnection, user_id: i64) -> QueryResult<usize> {
    diesel::update(
        news_user_channel::table
            .filter(news_user_channel::user_id.eq(user_id))
            .filter(news_user_channel::is_deleted.eq(false)),
    )
    .set(news_user_channel::is_deleted.eq(true))
    .execute(conn)
}

/// Soft-deletes the given channels of the user.
pub fn delete_some(conn: &mut PgConnection, user_id: i64, ids: &[i32]) -> QueryResult<usize> {
    diesel::update(
        news_user_channel::table
            .filter(news_user_channel::user_id.eq(user_id))
            .filter(news_user_channel::channel_id.eq_any(ids))
            .filter(news_user_channel::is_deleted.eq(false)),
    )
    .set(news_user_channel::is_deleted.eq(true))
    .execute(conn)
}
