//! HTTP only: extract and validate, call one service, wrap the result in the envelope.

pub mod admin;
pub mod auth;
pub mod params;
pub mod portal;
pub mod routes;
pub mod user;
