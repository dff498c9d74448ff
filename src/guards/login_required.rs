//! `CurrentUser` (login required) and `MaybeUser` (login optional, bad tokens still refused).

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};

use crate::errors::{AppError, Dependency};
use crate::middleware::identity::IdentityError;
use crate::services::identity::AuthState;

const MUST_AUTHORIZE: &str = "User must be authorized.";
const TOKEN_ERRORS: &str = "Token has some errors.";

/// A logged-in user with a valid access token.
#[derive(Debug, Clone, Copy)]
pub struct CurrentUser {
    pub id: i64,
}

/// The caller on a guest-allowed route: `None` for anonymous callers. A token that is
/// present but bad is still an error, so that the client refreshes it.
#[derive(Debug, Clone, Copy)]
pub struct MaybeUser(pub Option<i64>);

fn auth_state(req: &HttpRequest) -> AuthState {
    req.extensions()
        .get::<AuthState>()
        .copied()
        .unwrap_or(AuthState::Anonymous)
}

/// Why the token could not be checked (the middleware kept the cause for this answer).
pub fn unverifiable(req: &HttpRequest) -> AppError {
    match req.extensions_mut().remove::<IdentityError>() {
        Some(IdentityError(e)) => e,
        None => AppError::unavailable(
            Dependency::Redis,
            anyhow::anyhow!("the token could not be verified"),
        ),
    }
}

/// The contract's 403 cases, shared by both guards.
fn forbidden(state: AuthState) -> Option<AppError> {
    match state {
        AuthState::RefreshUsedAsAccess => Some(AppError::forbidden("Do not use refresh token.")),
        AuthState::Revoked | AuthState::Admin(_) => Some(AppError::forbidden("Invalid token")),
        AuthState::Banned => Some(AppError::forbidden("User denied.")),
        _ => None,
    }
}

impl CurrentUser {
    pub fn from_state(state: AuthState) -> Result<Self, AppError> {
        match state {
            AuthState::User(id) => Ok(CurrentUser { id }),
            AuthState::Anonymous | AuthState::Invalid | AuthState::Expired => {
                Err(AppError::Unauthorized(MUST_AUTHORIZE))
            }
            other => Err(forbidden(other).unwrap_or(AppError::Unauthorized(MUST_AUTHORIZE))),
        }
    }
}

impl MaybeUser {
    pub fn from_state(state: AuthState) -> Result<Self, AppError> {
        match state {
            AuthState::User(id) => Ok(MaybeUser(Some(id))),
            AuthState::Anonymous => Ok(MaybeUser(None)),
            AuthState::Invalid | AuthState::Expired => Err(AppError::Unauthorized(TOKEN_ERRORS)),
            other => Err(forbidden(other).unwrap_or(AppError::Unauthorized(TOKEN_ERRORS))),
        }
    }
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(match auth_state(req) {
            AuthState::Unverifiable => Err(unverifiable(req)),
            state => Self::from_state(state),
        })
    }
}

impl FromRequest for MaybeUser {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(match auth_state(req) {
            AuthState::Unverifiable => Err(unverifiable(req)),
            state => Self::from_state(state),
        })
    }
}
