//! Black-box tests of the HTTP API against real PostgreSQL and Redis.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin;
mod auth;
mod channels;
mod counters_seen;
mod fixtures_news;
mod fixtures_users;
mod helpers;
mod news_articles;
mod news_attitudes;
mod news_collections;
mod news_comment_likings;
mod news_comments;
mod news_feed;
mod news_feed_page;
mod news_misc;
mod photos;
mod platform;
mod realtime;
mod realtime_clients;
mod relations;
mod sio;
mod tokens;
mod users;
