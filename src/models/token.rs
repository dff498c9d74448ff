//! The durable record of user tokens (`user_token`) and what the token cache holds.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::models::user::UserStatus;
use crate::schema::user_token;

/// `user_token.kind`.
pub const KIND_ACCESS: i16 = 1;
pub const KIND_REFRESH: i16 = 2;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = user_token)]
pub struct NewToken {
    pub jti: String,
    pub user_id: i64,
    pub kind: i16,
    pub session_id: String,
    pub expires_at: DateTime<Utc>,
}

/// What PostgreSQL says about a user's tokens at one `version`: the account status and the
/// ids of the tokens neither revoked nor expired. The Redis token set caches exactly this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSnapshot {
    pub status: UserStatus,
    pub version: i64,
    pub live: Vec<String>,
}

impl TokenSnapshot {
    pub fn is_live(&self, jti: &str) -> bool {
        self.live.iter().any(|j| j == jti)
    }
}
