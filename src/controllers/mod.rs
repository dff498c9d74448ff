//! HTTP only: extract and validate, call one service, wrap the result in the envelope.

pub mod admin;
pub mod announcements;
pub mod articles;
pub mod attitudes;
pub mod auth;
pub mod channels;
pub mod collections;
pub mod comments;
pub mod histories;
pub mod imtest;
pub mod media;
pub mod news_params;
pub mod params;
pub mod photo;
pub mod portal;
pub mod profile;
pub mod relations;
pub mod reports;
pub mod route_map;
pub mod routes;
pub mod search;
pub mod user;
