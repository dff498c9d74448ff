//! Ports: the traits `AppState` holds (and their built-in implementations), below the
//! state and the services so that neither imports the other back.

pub mod feed;
pub mod feed_postgres;
pub mod sms;
