//! Request middleware: identity (who is calling) and the access log with request ids.

pub mod body_deadline;
pub mod identity;
pub mod request_log;
