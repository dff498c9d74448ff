//! Black-box tests of the HTTP API against real PostgreSQL and Redis.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin;
mod auth;
mod channels;
mod fixtures_users;
mod helpers;
mod photos;
mod platform;
mod relations;
mod tokens;
mod users;
