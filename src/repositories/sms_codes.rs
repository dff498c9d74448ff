//! SMS login codes in Redis, each with a count of the wrong tries made against it.

use std::sync::LazyLock;

use deadpool_redis::redis::{self, RedisResult, Script};

use super::RedisConn;
use crate::cache::Keys;

/// Stores (or replaces) the code of `mobile` for `ttl_secs`, with no wrong try counted.
pub async fn store(
    conn: &mut RedisConn,
    keys: &Keys,
    mobile: &str,
    code: &str,
    ttl_secs: u64,
) -> RedisResult<()> {
    redis::pipe()
        .atomic()
        .set_ex(keys.sms_code(mobile), code, ttl_secs)
        .ignore()
        .del(keys.sms_code_tries(mobile))
        .ignore()
        .query_async(conn)
        .await
}

/// How a guess fared against the stored code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guess {
    /// Right: the code is used up.
    Right,
    /// Wrong, and the code survives for more tries.
    Wrong,
    /// No code (never sent, expired, used or burned by wrong tries).
    NoCode,
}

/// Compares and counts in one step: a right guess consumes the code, the `max_wrong`-th
/// wrong one burns it.
static TRY_CODE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        local code = redis.call('GET', KEYS[1])
        if not code then return 0 end
        if code == ARGV[1] then
            redis.call('DEL', KEYS[1], KEYS[2])
            return 1
        end
        local n = redis.call('INCR', KEYS[2])
        if n == 1 then
            redis.call('PEXPIRE', KEYS[2], math.max(redis.call('PTTL', KEYS[1]), 1))
        end
        if n >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1], KEYS[2]) end
        return -1
        ",
    )
});

pub async fn try_code(
    conn: &mut RedisConn,
    keys: &Keys,
    mobile: &str,
    guess: &str,
    max_wrong: u64,
) -> RedisResult<Guess> {
    let outcome: i64 = TRY_CODE
        .key(keys.sms_code(mobile))
        .key(keys.sms_code_tries(mobile))
        .arg(guess)
        .arg(max_wrong.max(1))
        .invoke_async(conn)
        .await?;
    Ok(match outcome {
        1 => Guess::Right,
        0 => Guess::NoCode,
        _ => Guess::Wrong,
    })
}
