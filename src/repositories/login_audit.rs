//! `mis_login_audit`: admin login attempts that were judged.

use diesel::prelude::*;

use crate::schema::mis_login_audit;

pub fn insert(
    conn: &mut PgConnection,
    account: &str,
    ip: Option<&str>,
    outcome: &str,
) -> QueryResult<usize> {
    diesel::insert_into(mis_login_audit::table)
        .values((
            mis_login_audit::account.eq(account),
            mis_login_audit::ip.eq(ip),
            mis_login_audit::outcome.eq(outcome),
        ))
        .execute(conn)
}
