//! Per-user session state in Redis: the set of live token ids and the cached account status.
//!
//! The token set is a whitelist: while it exists, only tokens whose `jti` is a member are
//! valid. Revoking everything replaces it with a set holding only [`REVOKED_MARKER`], so the
//! set keeps existing (Redis drops empty sets) and every earlier token stays dead.

use deadpool_redis::redis::{self, RedisResult};

use super::RedisConn;
use crate::cache::Keys;

/// A member no real token id can equal (ours are UUIDs).
pub const REVOKED_MARKER: &str = "-revoked-";

/// Adds token ids to the user's set and extends its life, in one MULTI/EXEC.
pub async fn add_tokens(
    conn: &mut RedisConn,
    keys: &Keys,
    user_id: i64,
    jtis: &[&str],
    ttl_secs: i64,
) -> RedisResult<()> {
    let key = keys.user_tokens(user_id);
    redis::pipe()
        .atomic()
        .sadd(&key, jtis)
        .ignore()
        .expire(&key, ttl_secs)
        .ignore()
        .query_async(conn)
        .await
}

/// What one round trip tells about a token of a user.
#[derive(Debug, Clone, Copy)]
pub struct SessionCheck {
    pub set_exists: bool,
    pub is_member: bool,
    /// Cached status (1 enabled, 0 disabled); None when not cached.
    pub status: Option<i16>,
}

impl SessionCheck {
    pub fn revoked(&self) -> bool {
        self.set_exists && !self.is_member
    }
}

/// Checks token membership and reads the cached status in one pipelined round trip.
pub async fn check(
    conn: &mut RedisConn,
    keys: &Keys,
    user_id: i64,
    jti: &str,
) -> RedisResult<SessionCheck> {
    let key = keys.user_tokens(user_id);
    let (set_exists, is_member, status): (bool, bool, Option<i16>) = redis::pipe()
        .exists(&key)
        .sismember(&key, jti)
        .get(keys.user_status(user_id))
        .query_async(conn)
        .await?;
    Ok(SessionCheck {
        set_exists,
        is_member,
        status,
    })
}

pub async fn cache_status(
    conn: &mut RedisConn,
    keys: &Keys,
    user_id: i64,
    status: i16,
    ttl_secs: u64,
) -> RedisResult<()> {
    redis::cmd("SET")
        .arg(keys.user_status(user_id))
        .arg(status)
        .arg("EX")
        .arg(ttl_secs)
        .query_async(conn)
        .await
}

/// Revokes every outstanding token of the user and caches the given status, atomically.
pub async fn revoke_all(
    conn: &mut RedisConn,
    keys: &Keys,
    user_id: i64,
    set_ttl_secs: i64,
    status: i16,
    status_ttl_secs: u64,
) -> RedisResult<()> {
    let key = keys.user_tokens(user_id);
    redis::pipe()
        .atomic()
        .del(&key)
        .ignore()
        .sadd(&key, REVOKED_MARKER)
        .ignore()
        .expire(&key, set_ttl_secs)
        .ignore()
        .cmd("SET")
        .arg(keys.user_status(user_id))
        .arg(status)
        .arg("EX")
        .arg(status_ttl_secs)
        .ignore()
        .query_async(conn)
        .await
}
