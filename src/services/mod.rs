//! The rules of the product. Services never speak HTTP: they take plain values and return
//! domain values or an [`AppError`](crate::errors::AppError).

pub mod admin;
pub mod announcements;
pub mod articles;
pub mod attitudes;
pub mod auth;
pub mod behavior;
pub mod cards;
pub mod channels;
pub mod chatbot;
pub mod collections;
pub mod comments;
pub mod demo;
pub mod events;
pub mod feed;
pub mod health;
pub mod histories;
pub mod identity;
pub mod images;
pub mod media;
pub mod passwords;
pub mod profile;
pub mod pubdate;
pub mod relations;
pub mod reports;
pub mod search;
pub mod sessions;
pub mod sms;
pub mod tokens;
pub mod users;
