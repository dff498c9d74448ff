//! Reads `Authorization: Bearer <jwt>` and stores an [`AuthState`] in the request. It never
//! rejects a request: the guards in `crate::guards` decide what a state means for a route.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{AUTHORIZATION, HeaderMap};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, web};

use crate::errors::AppError;
use crate::services::identity::{self, AuthState};
use crate::state::AppState;

/// Why a token could not be checked: kept for the guard that answers 503, so the response
/// (and the log) carry the real cause.
pub struct IdentityError(pub AppError);

pub async fn identity(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let auth = match bearer_token(req.headers()) {
        None => AuthState::Anonymous,
        Some(token) => match req.app_data::<web::Data<AppState>>() {
            Some(state) => match identity::resolve(state, token).await {
                Ok(auth) => auth,
                Err(e) => {
                    req.extensions_mut().insert(IdentityError(e));
                    AuthState::Unverifiable
                }
            },
            None => AuthState::Unverifiable,
        },
    };
    req.extensions_mut().insert(auth);
    next.call(req).await
}

/// The token of an `Authorization: Bearer <jwt>` header (exact scheme, one space).
/// Any other scheme, `Anony <device>` included, is an anonymous caller.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
}
