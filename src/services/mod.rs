//! The rules of the product. Services never speak HTTP: they take plain values and return
//! domain values or an [`AppError`](crate::errors::AppError).

pub mod admin;
pub mod auth;
pub mod channels;
pub mod events;
pub mod health;
pub mod identity;
pub mod images;
pub mod media;
pub mod passwords;
pub mod profile;
pub mod relations;
pub mod sms;
pub mod tokens;
pub mod users;
