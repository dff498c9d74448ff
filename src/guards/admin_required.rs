//! `CurrentAdmin`: an enabled administrator with a valid admin token. User tokens are refused.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use crate::errors::AppError;
use crate::services::admin;
use crate::services::identity::AuthState;
use crate::state::AppState;

#[derive(Debug, Clone, Copy)]
pub struct CurrentAdmin {
    pub id: i64,
}

impl FromRequest for CurrentAdmin {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let auth = req
            .extensions()
            .get::<AuthState>()
            .copied()
            .unwrap_or(AuthState::Anonymous);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let id = match auth {
                AuthState::Admin(id) => id,
                AuthState::Anonymous | AuthState::Invalid | AuthState::Expired => {
                    return Err(AppError::Unauthorized("Admin must be authorized."));
                }
                _ => return Err(AppError::forbidden("Admin token required.")),
            };
            let state = state.ok_or_else(|| AppError::internal(anyhow::anyhow!("no AppState")))?;
            if !admin::is_active(&state, id).await? {
                return Err(AppError::forbidden("Admin denied."));
            }
            Ok(CurrentAdmin { id })
        })
    }
}
