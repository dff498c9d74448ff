//! `user_basic` and `user_profile`.

use chrono::Utc;
use diesel::prelude::*;

use crate::models::user::{
    ImageKeys, NewUser, Profile, ProfileChanges, User, UserChanges, UserFilter,
};
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

/// True when a user with this id exists.
pub fn exists(conn: &mut PgConnection, id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(user_basic::table.find(id))).get_result(conn)
}

/// True when another user than `except` is named `name`.
pub fn name_taken(conn: &mut PgConnection, name: &str, except: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        user_basic::table
            .filter(user_basic::user_name.eq(name))
            .filter(user_basic::user_id.ne(except)),
    ))
    .get_result(conn)
}

/// The profile row of a user (created with the user, so normally present).
pub fn find_profile(conn: &mut PgConnection, id: i64) -> QueryResult<Option<Profile>> {
    user_profile::table
        .find(id)
        .select(Profile::as_select())
        .first(conn)
        .optional()
}

/// Makes sure the user has a profile row (users inserted by other means may lack one).
pub fn ensure_profile(conn: &mut PgConnection, id: i64) -> QueryResult<usize> {
    diesel::insert_into(user_profile::table)
        .values(user_profile::user_id.eq(id))
        .on_conflict_do_nothing()
        .execute(conn)
}

/// Locks the user and profile rows and returns the image keys stored there. Run it inside a
/// transaction, after [`ensure_profile`].
pub fn lock_image_keys(conn: &mut PgConnection, id: i64) -> QueryResult<Option<ImageKeys>> {
    user_basic::table
        .inner_join(user_profile::table)
        .filter(user_basic::user_id.eq(id))
        .select((
            user_basic::profile_photo,
            user_profile::id_card_front,
            user_profile::id_card_back,
            user_profile::id_card_handheld,
        ))
        .for_update()
        .first::<ImageKeys>(conn)
        .optional()
}

/// Applies a partial update of `user_basic` (no-op when empty).
pub fn update_user(conn: &mut PgConnection, id: i64, changes: &UserChanges) -> QueryResult<usize> {
    if changes.is_empty() {
        return Ok(0);
    }
    diesel::update(user_basic::table.find(id))
        .set(changes)
        .execute(conn)
}

/// Applies a partial update of `user_profile` (no-op when empty).
pub fn update_profile(
    conn: &mut PgConnection,
    id: i64,
    changes: &ProfileChanges,
) -> QueryResult<usize> {
    if changes.is_empty() {
        return Ok(0);
    }
    diesel::update(user_profile::table.find(id))
        .set(changes)
        .execute(conn)
}

/// Moves the follow counters of one follow edge by `delta` (+1 or -1): the follower's
/// `following_count` and the followee's `fans_count`. Rows are updated in ascending id order
/// so that two opposite follows cannot deadlock; a decrement never goes below zero.
pub fn add_follow_edge(
    conn: &mut PgConnection,
    follower: i64,
    followee: i64,
    delta: i32,
) -> QueryResult<()> {
    let update_follower = |c: &mut PgConnection| {
        let q = diesel::update(user_basic::table.find(follower));
        if delta < 0 {
            q.filter(user_basic::following_count.ge(-delta))
                .set(user_basic::following_count.eq(user_basic::following_count + delta))
                .execute(c)
        } else {
            q.set(user_basic::following_count.eq(user_basic::following_count + delta))
                .execute(c)
        }
    };
    let update_followee = |c: &mut PgConnection| {
        let q = diesel::update(user_basic::table.find(followee));
        if delta < 0 {
            q.filter(user_basic::fans_count.ge(-delta))
                .set(user_basic::fans_count.eq(user_basic::fans_count + delta))
                .execute(c)
        } else {
            q.set(user_basic::fans_count.eq(user_basic::fans_count + delta))
                .execute(c)
        }
    };
    if follower < followee {
        update_follower(conn)?;
        update_followee(conn)?;
    } else {
        update_followee(conn)?;
        update_follower(conn)?;
    }
    Ok(())
}
