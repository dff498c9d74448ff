//! Database rows and the domain types built from them.

pub mod admin;
pub mod article;
pub mod channel;
pub mod news;
pub mod relation;
pub mod token;
pub mod user;
