//! SMS login codes: generation, rate limits and delivery.

use rand::RngExt;

use crate::errors::AppError;
pub use crate::ports::sms::{LogSmsSender, SmsSender};
use crate::repositories::rate_limits::{self, Window};
use crate::repositories::sms_codes;
use crate::state::AppState;

/// A zero-padded 6-digit code from the thread-local CSPRNG.
pub fn generate_code() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000u32))
}

/// Issues a new code for `mobile`, within the per-mobile and per-IP limits.
pub async fn send_code(state: &AppState, mobile: &str, client_ip: &str) -> Result<(), AppError> {
    let cfg = &state.settings.sms;
    let mut conn = state.redis_conn().await?;
    let windows = [
        Window {
            key: state.keys.sms_limit_mobile(mobile),
            window_secs: cfg.per_mobile_window_secs,
            limit: cfg.per_mobile_limit,
        },
        Window {
            key: state.keys.sms_limit_ip(client_ip),
            window_secs: cfg.per_ip_window_secs,
            limit: cfg.per_ip_limit,
        },
    ];
    if !rate_limits::hit_all(&mut conn, &windows).await? {
        return Err(AppError::TooManyRequests);
    }
    let code = generate_code();
    sms_codes::store(&mut conn, &state.keys, mobile, &code, cfg.code_ttl_secs).await?;
    drop(conn);
    // A failed delivery is logged, not surfaced: the client asks again after the window.
    let sender = state.sms.clone();
    let mobile = mobile.to_owned();
    tokio::spawn(async move {
        if let Err(e) = sender.send_code(&mobile, &code).await {
            log::error!("sending the SMS code to {mobile} failed: {e:#}");
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_six_digits() {
        for _ in 0..1000 {
            let c = super::generate_code();
            assert_eq!(c.len(), 6);
            assert!(c.bytes().all(|b| b.is_ascii_digit()));
        }
    }
}
