//! Request middleware: identity (who is calling) and the access log with request ids.

pub mod identity;
pub mod request_log;
