//! Every Redis key, in one place, under the configured prefix, so that two deployments
//! (or two tests) can share one Redis server without seeing each other's keys.

#[derive(Debug, Clone)]
pub struct Keys {
    prefix: String,
}

impl Keys {
    pub fn new(prefix: impl Into<String>) -> Self {
        Self {
            prefix: prefix.into(),
        }
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The SMS login code of a mobile (string, TTL = code lifetime).
    pub fn sms_code(&self, mobile: &str) -> String {
        format!("{}app:code:{mobile}", self.prefix)
    }

    /// Fixed-window counter of SMS requests for one mobile.
    pub fn sms_limit_mobile(&self, mobile: &str) -> String {
        format!("{}limit:sms:mobile:{mobile}", self.prefix)
    }

    /// Fixed-window counter of SMS requests from one client IP.
    pub fn sms_limit_ip(&self, ip: &str) -> String {
        format!("{}limit:sms:ip:{ip}", self.prefix)
    }

    /// The cached set of a user's live token ids (`jti`) and markers; absent = not cached
    /// (PostgreSQL decides), never "nothing revoked".
    pub fn user_tokens(&self, user_id: i64) -> String {
        format!("{}user:{user_id}:token", self.prefix)
    }

    /// The token-record version the cached set of a user was built from.
    pub fn user_tokens_version(&self, user_id: i64) -> String {
        format!("{}user:{user_id}:token:ver", self.prefix)
    }

    /// Pub/sub channel of revocations: `{"user_id", "jtis"}` (`jtis` null = every token).
    pub fn session_events_channel(&self) -> String {
        format!("{}events:sessions", self.prefix)
    }

    /// Wrong tries left against the current SMS code of a mobile.
    pub fn sms_code_tries(&self, mobile: &str) -> String {
        format!("{}app:code:{mobile}:tries", self.prefix)
    }

    /// Fixed-window counter of failed logins for one mobile.
    pub fn login_failures_mobile(&self, mobile: &str) -> String {
        format!("{}limit:login:mobile:{mobile}", self.prefix)
    }

    /// Fixed-window counter of failed logins from one client IP.
    pub fn login_failures_ip(&self, ip: &str) -> String {
        format!("{}limit:login:ip:{ip}", self.prefix)
    }

    /// Fixed-window counter of failed admin logins for one account.
    pub fn admin_failures_account(&self, account: &str) -> String {
        format!("{}limit:admin:account:{account}", self.prefix)
    }

    /// Fixed-window counter of failed admin logins from one client IP.
    pub fn admin_failures_ip(&self, ip: &str) -> String {
        format!("{}limit:admin:ip:{ip}", self.prefix)
    }

    /// Pub/sub channel carrying realtime notifications to the Socket.IO server.
    pub fn events_channel(&self) -> String {
        format!("{}events:notify", self.prefix)
    }

    /// Channel prefix of the Socket.IO Redis adapter (rooms shared by IM processes).
    pub fn socketio_adapter(&self) -> String {
        format!("{}socket.io", self.prefix)
    }

    /// A user's reading history (zset article id -> read time, newest kept).
    pub fn reading_history(&self, user_id: i64) -> String {
        format!("{}user:{user_id}:his:reading", self.prefix)
    }

    /// A user's search keywords (zset keyword -> time ms, the newest few kept).
    pub fn search_history(&self, user_id: i64) -> String {
        format!("{}user:{user_id}:his:search", self.prefix)
    }

    /// How often each keyword was searched with results (zset keyword -> count).
    pub fn search_keywords(&self) -> String {
        format!("{}search:keywords", self.prefix)
    }

    /// Pattern matching every key of this prefix (for test clean-up).
    pub fn all_pattern(&self) -> String {
        format!("{}*", self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::Keys;

    #[test]
    fn every_key_starts_with_the_prefix() {
        let k = Keys::new("t:1:");
        for key in [
            k.sms_code("13800000000"),
            k.sms_limit_mobile("13800000000"),
            k.sms_limit_ip("127.0.0.1"),
            k.user_tokens(5),
            k.user_tokens_version(5),
            k.session_events_channel(),
            k.sms_code_tries("13800000000"),
            k.login_failures_mobile("13800000000"),
            k.login_failures_ip("127.0.0.1"),
            k.admin_failures_account("root"),
            k.admin_failures_ip("127.0.0.1"),
            k.events_channel(),
            k.reading_history(5),
            k.search_history(5),
            k.search_keywords(),
            k.socketio_adapter(),
        ] {
            assert!(key.starts_with("t:1:"), "{key}");
        }
        assert_eq!(k.user_tokens(42), "t:1:user:42:token");
    }
}
