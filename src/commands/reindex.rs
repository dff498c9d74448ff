//! `toutiao reindex`: rebuilds the search index from scratch, with a progress bar.
//! Searches keep the old index until the new one is committed in one go.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::config::Settings;
use crate::db;
use crate::services::search::indexer::{self, Build};
use crate::state::AppState;

pub async fn reindex(settings: Settings) -> anyhow::Result<()> {
    let db_settings = settings.database.clone();
    tokio::task::spawn_blocking(move || db::prepare(&db_settings)).await??;
    let dir = settings.search.dir.clone();
    let state = AppState::build(settings)?;
    let engine = state.search.clone();
    let writer = tokio::task::spawn_blocking(move || engine.writer())
        .await??
        .ok_or_else(|| {
            anyhow::anyhow!(
                "another process (a running server?) writes the index in {dir}: stop it, \
                 or let it be (it keeps the index up to date by itself)"
            )
        })?;
    let writer = Arc::new(Mutex::new(writer));

    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} indexing [{elapsed_precise}] [{wide_bar}] {pos}/{len} articles ({per_sec}, eta {eta})",
        )?
        .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let progress_bar = bar.clone();
    let started = Instant::now();
    let w = writer.clone();
    let count = db::run_batch(&state.db, move |c| {
        indexer::build(c, &w, Build::Replace, &|done, total| {
            progress_bar.set_length(total);
            progress_bar.set_position(done);
        })
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let indexed = started.elapsed();
    bar.set_message("merging");
    let writer = Arc::into_inner(writer)
        .and_then(|m| m.into_inner().ok())
        .ok_or_else(|| anyhow::anyhow!("the index writer is still in use"))?;
    tokio::task::spawn_blocking(move || writer.close()).await??;
    bar.finish();
    let secs = indexed.as_secs_f64().max(1e-9);
    let summary = format!(
        "indexed {count} articles in {secs:.1} s ({:.0} documents/s); merged in {:.1} s; \
         index size {:.1} MiB in {}",
        count as f64 / secs,
        (started.elapsed() - indexed).as_secs_f64(),
        state.search.size_bytes() as f64 / (1 << 20) as f64,
        state.search.location()
    );
    log::info!("{summary}");
    println!("{summary}");
    Ok(())
}
