//! Extractors that turn the request's [`AuthState`](crate::services::identity::AuthState)
//! into access decisions. Taking `CurrentUser` as a handler argument *is* `login_required`.

pub mod admin_required;
pub mod login_required;

pub use admin_required::CurrentAdmin;
pub use login_required::{CurrentUser, MaybeUser};
