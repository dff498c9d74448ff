//! Administrators and the audit log of their actions.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use crate::schema::{mis_administrator, mis_operation_log};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mis_administrator)]
pub struct Admin {
    pub administrator_id: i64,
    pub account: String,
    pub password: String,
    pub name: String,
    pub status: i16,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = mis_administrator)]
pub struct NewAdmin<'a> {
    pub account: &'a str,
    pub password: &'a str,
    pub name: &'a str,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = mis_operation_log)]
pub struct NewAuditEntry<'a> {
    pub administrator_id: i64,
    pub user_id: Option<i64>,
    pub operation: &'a str,
    pub description: &'a str,
    pub ip: Option<&'a str>,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = mis_operation_log)]
pub struct AuditEntry {
    pub operation_log_id: i64,
    pub administrator_id: i64,
    pub user_id: Option<i64>,
    pub operation: String,
    pub description: String,
    pub ip: Option<String>,
    pub create_time: DateTime<Utc>,
}
