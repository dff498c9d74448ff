//! Typed settings: `config/default.toml`, then `config/local.toml` if present, then
//! `TOUTIAO_<SECTION>__<KEY>` environment variables.

use std::path::Path;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// The secret used when none is configured in dev mode. Never valid in production.
const DEV_JWT_SECRET: &str = "toutiao-dev-only-secret-do-not-deploy";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Dev,
    Production,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub mode: Mode,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub redis: RedisSettings,
    pub jwt: JwtSettings,
    pub sms: SmsSettings,
    pub snowflake: SnowflakeSettings,
    pub storage: StorageSettings,
    pub cache: CacheSettings,
    pub admin: AdminSettings,
    pub log: LogSettings,
    pub search: SearchSettings,
    pub realtime: RealtimeSettings,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    pub host: String,
    pub port: u16,
    pub workers: usize,
    pub trust_forwarded_for: bool,
    pub json_limit: usize,
    /// Open connections per process; more wait in the listen backlog.
    pub max_connections: usize,
    /// A request body must arrive within this long of the request head (408 after).
    pub body_timeout_ms: u64,
    /// On shutdown, in-flight requests get this long to finish.
    pub shutdown_timeout_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    /// Holds the password when there is one, so it is kept secret.
    pub url: SecretString,
    pub pool_size: u32,
    /// Wait for a pooled connection (503 after); also caps the reconnect back-off at half.
    pub pool_timeout_ms: u64,
    /// Connect timeout of a new connection (libpq's minimum is 2 s).
    pub connect_timeout_secs: u64,
    /// Statement timeout, and (plus the pool wait) the bound on every call.
    pub query_timeout_ms: u64,
    pub create_if_missing: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RedisSettings {
    pub url: SecretString,
    pub pool_size: usize,
    /// Pool wait, connect and response timeout of every Redis call.
    pub timeout_ms: u64,
    pub prefix: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct JwtSettings {
    pub secret: SecretString,
    pub access_ttl_secs: i64,
    pub refresh_ttl_secs: i64,
    pub admin_ttl_secs: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SmsSettings {
    pub code_ttl_secs: u64,
    pub per_mobile_window_secs: u64,
    pub per_mobile_limit: u64,
    pub per_ip_window_secs: u64,
    pub per_ip_limit: u64,
    pub universal_code: String,
    /// The wrong tries a sent code takes: the last of them burns it.
    pub code_max_attempts: u64,
    /// Failed logins per mobile per window before logins for it answer 429.
    pub login_failures_per_mobile: u64,
    pub login_failures_per_mobile_window_secs: u64,
    /// Failed logins per client IP per window before logins from it answer 429.
    pub login_failures_per_ip: u64,
    pub login_failures_per_ip_window_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SnowflakeSettings {
    pub epoch_ms: i64,
    pub datacenter_id: u8,
    pub worker_id: u8,
}

#[derive(Debug, Clone, Deserialize)]
pub struct StorageSettings {
    /// "local" (a directory served by this server) or "s3".
    pub backend: String,
    /// Directory of the local backend.
    pub local_root: String,
    /// URL prefix clients use to fetch stored objects; ends with '/'.
    pub public_url: String,
    /// Path under which this server serves the local backend ("" = not served).
    pub serve_path: String,
    pub max_upload_bytes: usize,
    /// Object key shown for users without an avatar.
    pub default_photo_key: String,
    pub s3: S3Settings,
}

#[derive(Debug, Clone, Deserialize)]
pub struct S3Settings {
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key: String,
    pub secret_key: SecretString,
    pub allow_http: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CacheSettings {
    pub user_ttl_ms: u64,
    pub user_capacity: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AdminSettings {
    /// Failed logins per admin account per lockout window before it is locked.
    pub failures_per_account: u64,
    /// Failed admin logins per client IP per lockout window before it is locked out.
    pub failures_per_ip: u64,
    pub lockout_secs: u64,
    /// Password hashes computed at once (each takes 19 MiB); 0 = one per CPU core.
    pub hash_concurrency: usize,
    /// How long a login waits for a hashing slot before answering 503.
    pub hash_wait_ms: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SearchSettings {
    /// Index directory (the schema version is a subdirectory of it).
    pub dir: String,
    /// How often the indexer looks for article changes.
    pub poll_ms: u64,
    /// Changed articles applied per index commit.
    pub batch_size: i64,
    /// Indexing threads; 0 = one per CPU core, at most 4.
    pub writer_threads: usize,
    /// Memory budget of the writer, shared by its threads (at least 15 MiB each).
    pub writer_heap_mb: usize,
    /// How often readers look for new commits and completions are brought up to date.
    pub refresh_ms: u64,
    /// Completions are rebuilt from the index at most this often.
    pub suggest_rebuild_ms: u64,
    /// How often the frequent search keywords are read back from Redis.
    pub keywords_refresh_ms: u64,
    /// A keyword is offered as a completion once searched (with results) this many times.
    pub keyword_min_count: u64,
    /// Distinct keywords counted in Redis (the least searched are dropped beyond it).
    pub keywords_kept: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LogSettings {
    /// log4rs configuration; a relative path is relative to the configuration directory.
    pub config_file: String,
}

/// Socket.IO (issue 10): notifications and the chat assistant.
#[derive(Debug, Clone, Deserialize)]
pub struct RealtimeSettings {
    /// Serve Socket.IO on the API's listener when running everything in one process.
    pub enabled: bool,
    /// "redis" (rooms shared by every IM process) or "local" (one process).
    pub adapter: String,
    /// RESP3 URL of the adapter's Redis; empty = `redis.url` with `protocol=resp3`.
    pub adapter_url: SecretString,
    pub ping_interval_ms: u64,
    pub ping_timeout_ms: u64,
    /// Largest HTTP long-polling body, in bytes (also the WebSocket message limit).
    pub max_payload: u64,
    /// Packets queued per socket; a client that lets more pile up loses the newest.
    pub max_buffer_size: usize,
    /// Comma-separated origins allowed on the socket endpoint; empty = any (echoed).
    pub allowed_origins: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read configuration: {0}")]
    Load(#[from] config::ConfigError),
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

impl Settings {
    /// Loads settings from `dir` (normally `config/`) and the environment.
    pub fn load(dir: &Path) -> Result<Self, SettingsError> {
        let settings: Settings = config::Config::builder()
            .add_source(config::File::from(dir.join("default.toml")))
            .add_source(config::File::from(dir.join("local.toml")).required(false))
            .add_source(
                config::Environment::with_prefix("TOUTIAO")
                    .prefix_separator("_")
                    .separator("__")
                    .try_parsing(true),
            )
            .build()?
            .try_deserialize()?;
        let mut settings = settings.validated()?;
        let log_file = Path::new(&settings.log.config_file);
        if log_file.is_relative() {
            settings.log.config_file = dir.join(log_file).display().to_string();
        }
        Ok(settings)
    }

    /// Applies the rules that types cannot express; fills the dev JWT secret.
    pub fn validated(mut self) -> Result<Self, SettingsError> {
        if self.jwt.secret.expose_secret().is_empty() {
            match self.mode {
                Mode::Production => {
                    return Err(SettingsError::Invalid(
                        "jwt.secret is required in production mode (set TOUTIAO_JWT__SECRET)"
                            .into(),
                    ));
                }
                Mode::Dev => self.jwt.secret = SecretString::from(DEV_JWT_SECRET),
            }
        } else if self.mode == Mode::Production && self.jwt.secret.expose_secret().len() < 32 {
            return Err(SettingsError::Invalid(
                "jwt.secret must be at least 32 bytes in production mode".into(),
            ));
        }
        if self.snowflake.datacenter_id > 31 || self.snowflake.worker_id > 31 {
            return Err(SettingsError::Invalid(
                "snowflake.datacenter_id and snowflake.worker_id must be within 0..=31".into(),
            ));
        }
        if self.jwt.access_ttl_secs <= 0
            || self.jwt.refresh_ttl_secs <= 0
            || self.jwt.admin_ttl_secs <= 0
        {
            return Err(SettingsError::Invalid(
                "jwt lifetimes must be positive".into(),
            ));
        }
        if !self.storage.public_url.ends_with('/') {
            self.storage.public_url.push('/');
        }
        Ok(self)
    }

    /// True when the JWT secret is the built-in development one.
    pub fn uses_dev_secret(&self) -> bool {
        self.jwt.secret.expose_secret() == DEV_JWT_SECRET
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn base() -> Settings {
        Settings::load(Path::new("config")).unwrap()
    }

    #[test]
    fn production_without_a_jwt_secret_refuses_to_start() {
        let mut s = base();
        s.mode = Mode::Production;
        s.jwt.secret = SecretString::from("");
        assert!(matches!(s.validated(), Err(SettingsError::Invalid(_))));
    }

    #[test]
    fn production_refuses_a_short_secret_and_accepts_a_long_one() {
        let mut s = base();
        s.mode = Mode::Production;
        s.jwt.secret = SecretString::from("short");
        assert!(s.clone().validated().is_err());
        s.jwt.secret = SecretString::from("x".repeat(32));
        let ok = s.validated().unwrap();
        assert!(!ok.uses_dev_secret());
    }

    #[test]
    fn dev_mode_falls_back_to_the_dev_secret() {
        let mut s = base();
        s.mode = Mode::Dev;
        s.jwt.secret = SecretString::from("");
        assert!(s.validated().unwrap().uses_dev_secret());
    }

    #[test]
    fn debug_output_redacts_secrets() {
        let mut s = base();
        s.jwt.secret = SecretString::from("top-secret-value");
        s.database.url = SecretString::from("postgres://u:hunter2@db/x");
        let shown = format!("{s:?}");
        assert!(!shown.contains("top-secret-value"));
        assert!(!shown.contains("hunter2"));
    }

    #[test]
    fn out_of_range_snowflake_nodes_are_refused() {
        let mut s = base();
        s.snowflake.worker_id = 32;
        assert!(s.validated().is_err());
    }

    #[test]
    fn the_config_dir_also_locates_log4rs_yaml() {
        let dir = std::env::temp_dir().join(format!("toutiao_cfg_{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy("config/default.toml", dir.join("default.toml")).unwrap();
        let s = Settings::load(&dir).unwrap();
        assert_eq!(
            Path::new(&s.log.config_file),
            dir.join("log4rs.yaml"),
            "a relative log config is read beside default.toml"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
