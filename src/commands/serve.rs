//! `toutiao` / `toutiao serve [--only api|im]`: prepare the database, then serve the API
//! and Socket.IO on one listener, or one of them alone.

use std::net::TcpListener;

use anyhow::Context;

use crate::app;
use crate::cli::Role;
use crate::config::{Mode, Settings};
use crate::db;
use crate::realtime::{self, standalone};
use crate::services::demo;
use crate::state::AppState;

pub async fn serve(settings: Settings, only: Option<Role>) -> anyhow::Result<()> {
    if settings.uses_dev_secret() {
        log::warn!(
            "**************** DEV MODE: using the built-in JWT secret. Tokens are forgeable by \
             anyone who reads the source. Set TOUTIAO_JWT__SECRET and mode = \"production\" \
             for any real deployment. ****************"
        );
    }
    if only == Some(Role::Im) {
        return serve_im(settings).await;
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
    let realtime = match only {
        None if state.settings.realtime.enabled => Some(realtime::start(&state).await?),
        _ => None,
    };
    app::run_with(listener, state, realtime)?.await?;
    log::info!("server stopped");
    Ok(())
}

/// `--only im`: Socket.IO alone, on a multi-threaded runtime of its own (the one `main`
/// runs on has a single thread). The schema is the API's business: no migrations here.
async fn serve_im(settings: Settings) -> anyhow::Result<()> {
    let addr = format!("{}:{}", settings.server.host, settings.server.port);
    let listener = TcpListener::bind(&addr).with_context(|| format!("binding {addr}"))?;
    listener.set_nonblocking(true)?;
    let threads = match settings.server.workers {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let state = AppState::build(settings)?;
    let server = std::thread::spawn(move || -> anyhow::Result<()> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()?;
        rt.block_on(async move {
            let gateway = realtime::start(&state).await?;
            let listener = tokio::net::TcpListener::from_std(listener)?;
            log::info!(
                "toutiao {} serving Socket.IO only on http://{addr}",
                env!("CARGO_PKG_VERSION")
            );
            tokio::select! {
                r = standalone::serve(listener, gateway) => r?,
                _ = tokio::signal::ctrl_c() => log::info!("server stopped"),
            }
            Ok(())
        })
    });
    tokio::task::spawn_blocking(move || server.join())
        .await?
        .map_err(|_| anyhow::anyhow!("the Socket.IO server panicked"))?
}
