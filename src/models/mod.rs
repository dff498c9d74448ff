//! Database rows and the domain types built from them.

pub mod admin;
pub mod user;
