//! toutiao-rs: the backend of a Toutiao-style news app.
//!
//! Layers: `controllers` (HTTP) -> `services` (rules) -> `repositories` (SQL / Redis).
//! `app` wires routes and middleware; `state` holds what requests share.

pub mod app;
pub mod cache;
pub mod cli;
pub mod commands;
pub mod config;
pub mod controllers;
pub mod db;
pub mod errors;
pub mod guards;
pub mod logging;
pub mod middleware;
pub mod models;
pub mod outage;
pub mod ports;
pub mod realtime;
pub mod repositories;
pub mod response;
pub mod schema;
pub mod search;
pub mod services;
pub mod snowflake;
pub mod state;
pub mod storage;
