//! The Redis cache of each user's token record: a set of live token ids.
//!
//! PostgreSQL holds the record (`user_tokens`); this set only answers the common case fast.
//! A cached set always holds [`CACHED_MARKER`] (so "missing" and "empty" differ, and one
//! SMISMEMBER tells both), [`BANNED_MARKER`] while the user is banned, and the live ids. Its
//! version sits beside it; a write carrying an older version than the cached one is dropped
//! (WATCH + MULTI/EXEC), so a slow rebuild can never bring back a revoked token.

use deadpool_redis::redis::{self, RedisResult};

use super::RedisConn;
use crate::cache::Keys;
use crate::models::token::TokenSnapshot;
use crate::models::user::UserStatus;

/// Present in every cached set. No token id can equal it (ours are UUIDs).
pub const CACHED_MARKER: &str = "-cached-";
/// Present while the user is banned.
pub const BANNED_MARKER: &str = "-banned-";

/// What one round trip tells about a token of a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CachedCheck {
    /// The set exists: the two other answers mean something.
    pub cached: bool,
    pub banned: bool,
    pub live: bool,
}

/// Checks the markers and the token's membership in one SMISMEMBER.
pub async fn check(
    conn: &mut RedisConn,
    keys: &Keys,
    user_id: i64,
    jti: &str,
) -> RedisResult<CachedCheck> {
    let found: Vec<bool> = redis::cmd("SMISMEMBER")
        .arg(keys.user_tokens(user_id))
        .arg(CACHED_MARKER)
        .arg(BANNED_MARKER)
        .arg(jti)
        .query_async(conn)
        .await?;
    let at = |i: usize| found.get(i).copied().unwrap_or(false);
    Ok(CachedCheck {
        cached: at(0),
        banned: at(1),
        live: at(2),
    })
}

/// Caches `snap` unless a newer version is cached already. Returns false when it gave up
/// because other writers kept changing the set (the caller then drops the set).
pub async fn store(
    conn: &mut RedisConn,
    keys: &Keys,
    user_id: i64,
    snap: &TokenSnapshot,
    ttl_secs: u64,
) -> RedisResult<bool> {
    let set = keys.user_tokens(user_id);
    let version = keys.user_tokens_version(user_id);
    let mut members: Vec<&str> = vec![CACHED_MARKER];
    if snap.status == UserStatus::Disabled {
        members.push(BANNED_MARKER);
    }
    members.extend(snap.live.iter().map(String::as_str));
    for _ in 0..3 {
        redis::cmd("WATCH")
            .arg(&version)
            .arg(&set)
            .query_async::<()>(conn)
            .await?;
        let (cached_version, exists): (Option<i64>, bool) = redis::pipe()
            .get(&version)
            .exists(&set)
            .query_async(conn)
            .await?;
        let newer_cached = match cached_version {
            Some(v) if v > snap.version => true,
            Some(v) if v == snap.version => exists,
            _ => false,
        };
        if newer_cached {
            redis::cmd("UNWATCH").query_async::<()>(conn).await?;
            return Ok(true);
        }
        // EXEC answers nil when a watched key changed meanwhile: then look again.
        let done: Option<()> = redis::pipe()
            .atomic()
            .del(&set)
            .ignore()
            .sadd(&set, &members)
            .ignore()
            .expire(&set, ttl_secs as i64)
            .ignore()
            .set_ex(&version, snap.version, ttl_secs)
            .ignore()
            .query_async(conn)
            .await?;
        if done.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Drops the cached set of a user: the next check rebuilds it from PostgreSQL.
pub async fn forget(conn: &mut RedisConn, keys: &Keys, user_id: i64) -> RedisResult<()> {
    redis::cmd("DEL")
        .arg(keys.user_tokens(user_id))
        .query_async(conn)
        .await
}
