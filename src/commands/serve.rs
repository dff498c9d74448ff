//! `toutiao` / `toutiao serve`: prepare the database, then serve the API.

use std::net::TcpListener;

use anyhow::Context;

use crate::app;
use crate::config::{Mode, Settings};
use crate::db;
use crate::services::demo;
use crate::state::AppState;

pub async fn serve(settings: Settings) -> anyhow::Result<()> {
    if settings.uses_dev_secret() {
        log::warn!(
            "**************** DEV MODE: using the built-in JWT secret. Tokens are forgeable by \
             anyone who reads the source. Set TOUTIAO_JWT__SECRET and mode = \"production\" \
             for any real deployment. ****************"
        );
    }
    let db_settings = settings.database.clone();
    tokio::task::spawn_blocking(move || db::prepare(&db_settings)).await??;

    let addr = format!("{}:{}", settings.server.host, settings.server.port);
    let listener = TcpListener::bind(&addr).with_context(|| format!("binding {addr}"))?;
    let mode = settings.mode;
    let state = AppState::build(settings)?;
    // The default avatar must resolve wherever objects are served from (S3 included).
    if let Err(e) = state.storage.ensure_default_photo().await {
        log::warn!("could not store the default avatar: {e:#}");
    }
    if mode == Mode::Dev {
        // A newcomer's `cargo run` shows a working feed; production never seeds.
        match demo::seed_if_empty(&state, demo::DEV_SET).await {
            Ok(Some(r)) => log::info!(
                "dev mode: seeded a demo set ({} users, {} articles, {} comments)",
                r.users,
                r.articles,
                r.comments + r.replies
            ),
            Ok(None) => {}
            Err(e) => log::warn!("dev mode: seeding the demo set failed: {e}"),
        }
    }
    // After seeding, so that a first start indexes the demo set in one build.
    crate::services::search::start(&state);
    log::info!(
        "toutiao {} serving on http://{addr} ({} mode)",
        env!("CARGO_PKG_VERSION"),
        if mode == Mode::Dev {
            "dev"
        } else {
            "production"
        }
    );
    app::run(listener, state)?.await?;
    log::info!("server stopped");
    Ok(())
}
