//! `toutiao admin create --username NAME`.

use anyhow::Context;

use crate::config::Settings;
use crate::db;
use crate::services::admin;
use crate::state::AppState;

pub async fn create(settings: Settings, username: String) -> anyhow::Result<()> {
    let password = match std::env::var("TOUTIAO_ADMIN_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => rpassword::prompt_password(format!("Password for admin {username}: "))
            .context("reading the password")?,
    };
    let db_settings = settings.database.clone();
    tokio::task::spawn_blocking(move || db::prepare(&db_settings)).await??;
    let state = AppState::build(settings)?;
    let id = admin::create_admin(&state, username.clone(), password)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    log::info!("admin {username} is ready (id {id})");
    println!("admin {username} is ready (id {id})");
    Ok(())
}
