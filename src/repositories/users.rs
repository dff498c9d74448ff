//! `user_basic` and `user_profile`.

use chrono::Utc;
use diesel::prelude::*;

use crate::models::user::{NewUser, User};
use crate::schema::{user_basic, user_profile};

pub fn find_by_id(conn: &mut PgConnection, id: i64) -> QueryResult<Option<User>> {
    user_basic::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_mobile(conn: &mut PgConnection, mobile: &str) -> QueryResult<Option<User>> {
    user_basic::table
        .filter(user_basic::mobile.eq(mobile))
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// Inserts a user and its empty profile row; returns None when the mobile is taken
/// (a concurrent registration won). Run it inside a transaction.
pub fn insert_with_profile(
    conn: &mut PgConnection,
    new: &NewUser<'_>,
) -> QueryResult<Option<User>> {
    let inserted = diesel::insert_into(user_basic::table)
        .values(new)
        .on_conflict_do_nothing()
        .returning(User::as_returning())
        .get_result(conn)
        .optional()?;
    if let Some(user) = &inserted {
        diesel::insert_into(user_profile::table)
            .values(user_profile::user_id.eq(user.user_id))
            .execute(conn)?;
    }
    Ok(inserted)
}

pub fn touch_last_login(conn: &mut PgConnection, id: i64) -> QueryResult<usize> {
    diesel::update(user_basic::table.find(id))
        .set(user_basic::last_login.eq(Utc::now()))
        .execute(conn)
}

pub fn status_of(conn: &mut PgConnection, id: i64) -> QueryResult<Option<i16>> {
    user_basic::table
        .find(id)
        .select(user_basic::status)
        .first(conn)
        .optional()
}

/// Sets the status; returns the number of rows changed (0 = no such user).
pub fn set_status(conn: &mut PgConnection, id: i64, status: i16) -> QueryResult<usize> {
    diesel::update(user_basic::table.find(id))
        .set(user_basic::status.eq(status))
        .execute(conn)
}

/// Filters of the admin user list.
#[derive(Debug, Default, Clone)]
pub struct UserFilter {
    pub mobile: Option<String>,
    pub status: Option<i16>,
}

/// One page of users (newest first) and the total matching the filter.
pub fn list(
    conn: &mut PgConnection,
    filter: &UserFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<(i64, Vec<User>)> {
    let filtered = || {
        let mut q = user_basic::table.into_boxed();
        if let Some(m) = &filter.mobile {
            q = q.filter(user_basic::mobile.eq(m.clone()));
        }
        if let Some(s) = filter.status {
            q = q.filter(user_basic::status.eq(s));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let rows = filtered()
        .order(user_basic::create_time.desc())
        .then_order_by(user_basic::user_id.desc())
        .offset(offset)
        .limit(limit)
        .select(User::as_select())
        .load(conn)?;
    Ok((total, rows))
}
