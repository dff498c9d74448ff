//! HTTP only: extract and validate, call one service, wrap the result in the envelope.

pub mod admin;
pub mod auth;
pub mod channels;
pub mod media;
pub mod params;
pub mod photo;
pub mod portal;
pub mod profile;
pub mod relations;
pub mod routes;
pub mod user;
