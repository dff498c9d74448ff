//! Black-box tests of the HTTP API against real PostgreSQL and Redis.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin;
mod auth;
mod helpers;
mod platform;
mod tokens;
