//! `mis_operation_log`: the audit trail of admin actions.

use diesel::prelude::*;

use crate::models::admin::{AuditEntry, NewAuditEntry};
use crate::schema::mis_operation_log;

pub fn insert(conn: &mut PgConnection, entry: &NewAuditEntry<'_>) -> QueryResult<AuditEntry> {
    diesel::insert_into(mis_operation_log::table)
        .values(entry)
        .returning(AuditEntry::as_returning())
        .get_result(conn)
}

pub fn for_user(conn: &mut PgConnection, user_id: i64) -> QueryResult<Vec<AuditEntry>> {
    mis_operation_log::table
        .filter(mis_operation_log::user_id.eq(user_id))
        .order(mis_operation_log::operation_log_id.desc())
        .select(AuditEntry::as_select())
        .load(conn)
}
