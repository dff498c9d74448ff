//! `mis_administrator`.

use chrono::Utc;
use diesel::prelude::*;

use crate::models::admin::{Admin, NewAdmin};
use crate::schema::mis_administrator;

pub fn find_by_account(conn: &mut PgConnection, account: &str) -> QueryResult<Option<Admin>> {
    mis_administrator::table
        .filter(mis_administrator::account.eq(account))
        .select(Admin::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_id(conn: &mut PgConnection, id: i64) -> QueryResult<Option<Admin>> {
    mis_administrator::table
        .find(id)
        .select(Admin::as_select())
        .first(conn)
        .optional()
}

/// Inserts an admin, or replaces the password of an existing account.
pub fn upsert(conn: &mut PgConnection, new: &NewAdmin<'_>) -> QueryResult<Admin> {
    diesel::insert_into(mis_administrator::table)
        .values(new)
        .on_conflict(mis_administrator::account)
        .do_update()
        .set((
            mis_administrator::password.eq(new.password),
            mis_administrator::status.eq(1),
        ))
        .returning(Admin::as_returning())
        .get_result(conn)
}

pub fn record_login(conn: &mut PgConnection, id: i64) -> QueryResult<usize> {
    diesel::update(mis_administrator::table.find(id))
        .set((
            mis_administrator::last_login.eq(Utc::now()),
            mis_administrator::access_count.eq(mis_administrator::access_count + 1),
        ))
        .execute(conn)
}
