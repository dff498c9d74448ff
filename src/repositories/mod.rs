//! Data access: diesel (PostgreSQL) and Redis only. Plain functions taking a connection,
//! so that one transaction can span several of them.

pub mod admins;
pub mod audit;
pub mod channels;
pub mod events;
pub mod health;
pub mod rate_limits;
pub mod relations;
pub mod sessions;
pub mod sms_codes;
pub mod users;

/// The async Redis connection every Redis repository takes.
pub type RedisConn = deadpool_redis::Connection;
