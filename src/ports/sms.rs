//! The SMS port: how a login code reaches a phone.

use async_trait::async_trait;

/// Delivers a login code to a phone.
#[async_trait]
pub trait SmsSender: Send + Sync {
    async fn send_code(&self, mobile: &str, code: &str) -> anyhow::Result<()>;
}

/// Writes the code to the log: how a developer logs in locally.
pub struct LogSmsSender;

#[async_trait]
impl SmsSender for LogSmsSender {
    async fn send_code(&self, mobile: &str, code: &str) -> anyhow::Result<()> {
        log::info!(target: "toutiao::sms", "SMS login code for {mobile}: {code}");
        Ok(())
    }
}
