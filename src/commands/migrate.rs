//! `toutiao migrate`.

use crate::config::Settings;
use crate::db;

pub async fn migrate(settings: Settings) -> anyhow::Result<()> {
    let applied = tokio::task::spawn_blocking(move || db::prepare(&settings.database)).await??;
    if applied.is_empty() {
        log::info!("database is up to date");
    }
    Ok(())
}
