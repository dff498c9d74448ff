//! `user_token` and `user_basic.token_version`: the durable record of which tokens live.
//!
//! Every change to a user's tokens moves `token_version` in the same transaction; the
//! `UPDATE` also takes the user row's lock, so a login and a ban of one user never
//! interleave (the ban sees, and revokes, every token the login committed).

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::models::token::{NewToken, TokenSnapshot};
use crate::models::user::UserStatus;
use crate::schema::{user_basic, user_token};

/// Moves the version while the user is enabled; None when disabled or unknown.
pub fn bump_if_enabled(conn: &mut PgConnection, user_id: i64) -> QueryResult<Option<i64>> {
    diesel::update(
        user_basic::table
            .find(user_id)
            .filter(user_basic::status.eq(UserStatus::Enabled.as_db())),
    )
    .set(user_basic::token_version.eq(user_basic::token_version + 1))
    .returning(user_basic::token_version)
    .get_result(conn)
    .optional()
}

/// Sets the status and moves the version; None when the user is unknown.
pub fn set_status(
    conn: &mut PgConnection,
    user_id: i64,
    status: UserStatus,
) -> QueryResult<Option<i64>> {
    diesel::update(user_basic::table.find(user_id))
        .set((
            user_basic::status.eq(status.as_db()),
            user_basic::token_version.eq(user_basic::token_version + 1),
        ))
        .returning(user_basic::token_version)
        .get_result(conn)
        .optional()
}

/// Moves the version whatever the status; None when the user is unknown.
pub fn bump(conn: &mut PgConnection, user_id: i64) -> QueryResult<Option<i64>> {
    diesel::update(user_basic::table.find(user_id))
        .set(user_basic::token_version.eq(user_basic::token_version + 1))
        .returning(user_basic::token_version)
        .get_result(conn)
        .optional()
}

pub fn insert(conn: &mut PgConnection, tokens: &[NewToken]) -> QueryResult<usize> {
    diesel::insert_into(user_token::table)
        .values(tokens)
        .execute(conn)
}

/// Drops rows of tokens that expired a while ago: nothing can present them any more.
pub fn delete_expired(
    conn: &mut PgConnection,
    user_id: i64,
    before: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::delete(
        user_token::table
            .filter(user_token::user_id.eq(user_id))
            .filter(user_token::expires_at.lt(before)),
    )
    .execute(conn)
}

/// The user's status, version and live tokens; None when the user is unknown.
pub fn snapshot(conn: &mut PgConnection, user_id: i64) -> QueryResult<Option<TokenSnapshot>> {
    let Some((status, version)) = user_basic::table
        .find(user_id)
        .select((user_basic::status, user_basic::token_version))
        .first::<(i16, i64)>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let live = user_token::table
        .filter(user_token::user_id.eq(user_id))
        .filter(user_token::revoked_at.is_null())
        .filter(user_token::expires_at.gt(Utc::now()))
        .select(user_token::jti)
        .load(conn)?;
    Ok(Some(TokenSnapshot {
        status: UserStatus::from_db(status),
        version,
        live,
    }))
}

/// The session of a live token of `user_id`; None when it is revoked, expired or unknown.
pub fn live_session(
    conn: &mut PgConnection,
    user_id: i64,
    jti: &str,
) -> QueryResult<Option<String>> {
    user_token::table
        .find(jti)
        .filter(user_token::user_id.eq(user_id))
        .filter(user_token::revoked_at.is_null())
        .filter(user_token::expires_at.gt(Utc::now()))
        .select(user_token::session_id)
        .first(conn)
        .optional()
}

/// Revokes every live token of the user; returns their ids.
pub fn revoke_all(conn: &mut PgConnection, user_id: i64) -> QueryResult<Vec<String>> {
    diesel::update(
        user_token::table
            .filter(user_token::user_id.eq(user_id))
            .filter(user_token::revoked_at.is_null()),
    )
    .set(user_token::revoked_at.eq(Utc::now()))
    .returning(user_token::jti)
    .get_results(conn)
}

/// Revokes the live tokens of one session of the user; returns their ids.
pub fn revoke_session(
    conn: &mut PgConnection,
    user_id: i64,
    session_id: &str,
) -> QueryResult<Vec<String>> {
    diesel::update(
        user_token::table
            .filter(user_token::session_id.eq(session_id))
            .filter(user_token::user_id.eq(user_id))
            .filter(user_token::revoked_at.is_null()),
    )
    .set(user_token::revoked_at.eq(Utc::now()))
    .returning(user_token::jti)
    .get_results(conn)
}
