//! Keeps the index following PostgreSQL. Triggers put the id of every changed article in
//! the `search_outbox` table in the same transaction as the change; the one process that
//! holds the index writer drains it: it reads the current state of those articles,
//! indexes the approved ones, removes the others, commits, then deletes the rows it
//! handled. A crash in between only repeats work (applying an article is idempotent).
//!
//! An empty index (first start, new schema version) is built from scratch in the
//! background, committing as it goes, while the server answers from what is indexed.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::PgConnection;

use crate::db;
use crate::errors::AppError;
use crate::repositories::search_outbox::{self, IndexRow};
use crate::search::{SearchDoc, SearchWriter, analyzer};
use crate::state::AppState;

/// Articles read from PostgreSQL per query during a full build.
const BUILD_BATCH: i64 = 2_000;
/// A background build commits this often, so searches see its progress.
const BUILD_COMMIT_EVERY: u64 = 20_000;
/// How long to wait before trying again for the writer (another process holds it).
const WRITER_RETRY: Duration = Duration::from_secs(2);

pub type SharedWriter = Arc<Mutex<Box<dyn SearchWriter>>>;

/// How a full build treats what the index holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    /// Adds to the index and commits every so often (filling an empty index).
    Progressive,
    /// Replaces the whole index in one commit: searches see the old one until it is done.
    Replace,
}

fn doc(row: IndexRow) -> SearchDoc {
    SearchDoc {
        article_id: row.article_id,
        author_id: row.user_id,
        channel_id: row.channel_id,
        content: analyzer::strip_html(row.content.as_deref().unwrap_or("")),
        title: row.title,
        publish_time: row.create_time,
    }
}

fn locked(
    writer: &SharedWriter,
) -> Result<std::sync::MutexGuard<'_, Box<dyn SearchWriter>>, AppError> {
    writer
        .lock()
        .map_err(|_| AppError::Internal(anyhow::anyhow!("index writer poisoned")))
}

/// Indexes every approved article from one snapshot of the database, then deletes the
/// outbox rows that snapshot sees (the build reflects them; later ones stay queued).
/// `progress(done, total)` is called after each batch. Blocking; returns the count.
pub fn build(
    conn: &mut PgConnection,
    writer: &SharedWriter,
    mode: Build,
    progress: &dyn Fn(u64, u64),
) -> Result<u64, AppError> {
    conn.build_transaction().repeatable_read().run(|c| {
        let total = search_outbox::count_approved(c)? as u64;
        let mut w = locked(writer)?;
        if mode == Build::Replace {
            w.delete_all()?;
        }
        let (mut done, mut last) = (0u64, i64::MIN);
        loop {
            let rows = search_outbox::approved_after(c, last, BUILD_BATCH)?;
            let Some(tail) = rows.last() else { break };
            last = tail.article_id;
            for row in rows {
                w.upsert(doc(row))?;
                done += 1;
                if mode == Build::Progressive && done % BUILD_COMMIT_EVERY == 0 {
                    w.commit()?;
                }
            }
            progress(done, total);
        }
        w.commit()?;
        search_outbox::remove_seen(c)?;
        Ok(done)
    })
}

/// Applies one batch of the outbox; returns how many rows it handled.
async fn drain_once(state: &AppState, writer: &SharedWriter) -> Result<usize, AppError> {
    let batch = state.settings.search.batch_size.max(1);
    let rows = db::run(&state.db, move |c| Ok(search_outbox::pending(c, batch)?)).await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut ids: Vec<i64> = rows.iter().map(|r| r.1).collect();
    ids.sort_unstable();
    ids.dedup();
    let lookup = ids.clone();
    let docs = db::run(&state.db, move |c| Ok(search_outbox::approved(c, &lookup)?)).await?;
    let writer = writer.clone();
    tokio::task::spawn_blocking(move || {
        let mut w = locked(&writer)?;
        for id in &ids {
            w.delete(*id)?;
        }
        for row in docs {
            w.upsert(doc(row))?;
        }
        w.commit()?;
        Ok::<_, AppError>(())
    })
    .await
    .map_err(|e| AppError::internal(anyhow::Error::new(e)))??;
    let handled: Vec<i64> = rows.iter().map(|r| r.0).collect();
    db::run(&state.db, move |c| Ok(search_outbox::remove(c, &handled)?)).await?;
    Ok(rows.len())
}

/// Runs for the life of the process: waits to become this machine's indexer (the writer
/// lock is released when the indexing process exits, so another takes over), fills an
/// empty index, then follows the outbox.
pub async fn run(state: AppState) {
    loop {
        let engine = state.search.clone();
        let writer = match tokio::task::spawn_blocking(move || engine.writer()).await {
            Ok(Ok(Some(w))) => Arc::new(Mutex::new(w)),
            Ok(Ok(None)) => {
                tokio::time::sleep(WRITER_RETRY).await;
                continue;
            }
            Ok(Err(e)) => {
                log::error!("search: cannot open the index writer: {e:#}");
                tokio::time::sleep(WRITER_RETRY * 5).await;
                continue;
            }
            Err(e) => {
                log::error!("search: {e}");
                tokio::time::sleep(WRITER_RETRY).await;
                continue;
            }
        };
        log::info!("search: this process writes the index");
        if state.search.num_docs() == 0 {
            fill(&state, &writer).await;
        }
        follow(&state, &writer).await;
    }
}

/// Builds an empty index from scratch, retrying until it succeeds.
async fn fill(state: &AppState, writer: &SharedWriter) {
    loop {
        let started = Instant::now();
        let w = writer.clone();
        let result = db::run_batch(&state.db, move |c| {
            build(c, &w, Build::Progressive, &|_, _| {})
        })
        .await;
        match result {
            Ok(n) => {
                log::info!(
                    "search: indexed {n} articles in {:.1} s",
                    started.elapsed().as_secs_f64()
                );
                return;
            }
            Err(e) => {
                log::warn!("search: building the index failed, retrying: {e}");
                tokio::time::sleep(WRITER_RETRY).await;
            }
        }
    }
}

/// Follows the outbox forever; errors (a database outage) are logged once per outage.
async fn follow(state: &AppState, writer: &SharedWriter) {
    let poll = Duration::from_millis(state.settings.search.poll_ms.max(10));
    let batch = state.settings.search.batch_size.max(1) as usize;
    let mut failing = false;
    loop {
        match drain_once(state, writer).await {
            Ok(n) => {
                if failing {
                    log::info!("search: indexing resumed");
                    failing = false;
                }
                if n >= batch {
                    continue;
                }
            }
            Err(e) => {
                if !failing {
                    log::warn!("search: indexing changes failed (retrying): {e}");
                    failing = true;
                }
            }
        }
        tokio::time::sleep(poll).await;
    }
}
