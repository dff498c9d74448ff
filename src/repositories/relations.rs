//! `user_relation`: follows and blacklists.

use diesel::prelude::*;

use crate::models::relation::Relation;
use crate::schema::user_relation;

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
