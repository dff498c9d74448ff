//! `user_relation`: follows and blacklists.

use diesel::prelude::*;

use crate::models::relation::Relation;
use crate::schema::{user_basic, user_relation};

/// The relation of `user_id` towards `target_id` (None when there is no row).
pub fn relation_of(conn: &mut PgConnection, user_id: i64, target_id: i64) -> QueryResult<Relation> {
    user_relation::table
        .filter(user_relation::user_id.eq(user_id))
        .filter(user_relation::target_user_id.eq(target_id))
        .select(user_relation::relation)
        .first::<i16>(conn)
        .optional()
        .map(|r| r.map_or(Relation::None, Relation::from_db))
}

/// True when `user_id` follows `target_id`.
pub fn is_following(conn: &mut PgConnection, user_id: i64, target_id: i64) -> QueryResult<bool> {
    relation_of(conn, user_id, target_id).map(|r| r == Relation::Following)
}

/// Ids of the users `user_id` has blacklisted.
pub fn blacklisted_ids(conn: &mut PgConnection, user_id: i64) -> QueryResult<Vec<i64>> {
    user_relation::table
        .filter(user_relation::user_id.eq(user_id))
        .filter(user_relation::relation.eq(Relation::Blacklisted.as_db()))
        .select(user_relation::target_user_id)
        .load(conn)
}

/// Locks the row of `user_id` -> `target_id`, creating it (relation none) when missing, and
/// returns the relation it holds. Run it inside a transaction: the lock serialises every
/// change of this pair, so the caller can move counters by the exact transition.
pub fn lock_or_create(
    conn: &mut PgConnection,
    user_id: i64,
    target_id: i64,
) -> QueryResult<Relation> {
    diesel::insert_into(user_relation::table)
        .values((
            user_relation::user_id.eq(user_id),
            user_relation::target_user_id.eq(target_id),
            user_relation::relation.eq(Relation::None.as_db()),
        ))
        .on_conflict((user_relation::user_id, user_relation::target_user_id))
        .do_nothing()
        .execute(conn)?;
    lock_existing(conn, user_id, target_id).map(|r| r.unwrap_or(Relation::None))
}

/// Locks the row of `user_id` -> `target_id` if there is one and returns its relation.
pub fn lock_existing(
    conn: &mut PgConnection,
    user_id: i64,
    target_id: i64,
) -> QueryResult<Option<Relation>> {
    user_relation::table
        .filter(user_relation::user_id.eq(user_id))
        .filter(user_relation::target_user_id.eq(target_id))
        .select(user_relation::relation)
        .for_update()
        .first::<i16>(conn)
        .optional()
        .map(|r| r.map(Relation::from_db))
}

/// Sets the relation of an existing row.
pub fn set(
    conn: &mut PgConnection,
    user_id: i64,
    target_id: i64,
    relation: Relation,
) -> QueryResult<usize> {
    diesel::update(
        user_relation::table
            .filter(user_relation::user_id.eq(user_id))
            .filter(user_relation::target_user_id.eq(target_id)),
    )
    .set(user_relation::relation.eq(relation.as_db()))
    .execute(conn)
}

/// One user of a follow list: id, name, avatar key, fans count.
pub type CardRow = (i64, String, Option<String>, i32);

/// A page of the users `user_id` follows (most recent follow first) and their total.
pub fn followings_page(
    conn: &mut PgConnection,
    user_id: i64,
    offset: i64,
    limit: i64,
) -> QueryResult<(i64, Vec<CardRow>)> {
    let following = Relation::Following.as_db();
    let total = user_relation::table
        .filter(user_relation::user_id.eq(user_id))
        .filter(user_relation::relation.eq(following))
        .count()
        .get_result(conn)?;
    let rows = user_relation::table
        .inner_join(user_basic::table.on(user_basic::user_id.eq(user_relation::target_user_id)))
        .filter(user_relation::user_id.eq(user_id))
        .filter(user_relation::relation.eq(following))
        .order((
            user_relation::update_time.desc(),
            user_relation::relation_id.desc(),
        ))
        .offset(offset)
        .limit(limit)
        .select((
            user_basic::user_id,
            user_basic::user_name,
            user_basic::profile_photo,
            user_basic::fans_count,
        ))
        .load(conn)?;
    Ok((total, rows))
}

/// A page of the users following `user_id` (most recent first) and their total.
pub fn followers_page(
    conn: &mut PgConnection,
    user_id: i64,
    offset: i64,
    limit: i64,
) -> QueryResult<(i64, Vec<CardRow>)> {
    let following = Relation::Following.as_db();
    let total = user_relation::table
        .filter(user_relation::target_user_id.eq(user_id))
        .filter(user_relation::relation.eq(following))
        .count()
        .get_result(conn)?;
    let rows = user_relation::table
        .inner_join(user_basic::table.on(user_basic::user_id.eq(user_relation::user_id)))
        .filter(user_relation::target_user_id.eq(user_id))
        .filter(user_relation::relation.eq(following))
        .order((
            user_relation::update_time.desc(),
            user_relation::relation_id.desc(),
        ))
        .offset(offset)
        .limit(limit)
        .select((
            user_basic::user_id,
            user_basic::user_name,
            user_basic::profile_photo,
            user_basic::fans_count,
        ))
        .load(conn)?;
    Ok((total, rows))
}

/// Those of `user_ids` who follow `target_id`.
pub fn who_follow(
    conn: &mut PgConnection,
    user_ids: &[i64],
    target_id: i64,
) -> QueryResult<Vec<i64>> {
    user_relation::table
        .filter(user_relation::user_id.eq_any(user_ids))
        .filter(user_relation::target_user_id.eq(target_id))
        .filter(user_relation::relation.eq(Relation::Following.as_db()))
        .select(user_relation::user_id)
        .load(conn)
}

/// Those of `target_ids` whom `user_id` follows.
pub fn followed_by(
    conn: &mut PgConnection,
    user_id: i64,
    target_ids: &[i64],
) -> QueryResult<Vec<i64>> {
    user_relation::table
        .filter(user_relation::user_id.eq(user_id))
        .filter(user_relation::target_user_id.eq_any(target_ids))
        .filter(user_relation::relation.eq(Relation::Following.as_db()))
        .select(user_relation::target_user_id)
        .load(conn)
}
