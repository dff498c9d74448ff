//! Data access: diesel (PostgreSQL) and Redis only. Plain functions taking a connection,
//! so that one transaction can span several of them.

pub mod admins;
pub mod announcements;
pub mod article_counters;
pub mod articles;
pub mod attitudes;
pub mod audit;
pub mod channels;
pub mod collections;
pub mod comments;
pub mod demo;
pub mod events;
pub mod feed;
pub mod health;
pub mod login_audit;
pub mod rate_limits;
pub mod reading_history;
pub mod relations;
pub mod reports;
pub mod search_history;
pub mod search_outbox;
pub mod sessions;
pub mod sms_codes;
pub mod user_tokens;
pub mod users;

/// The async Redis connection every Redis repository takes.
pub type RedisConn = deadpool_redis::Connection;
