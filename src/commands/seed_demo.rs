//! `toutiao seed-demo [--users N] [--articles N]`, with a progress bar.

use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::config::{Mode, Settings};
use crate::db;
use crate::services::demo::{self, SeedOptions};
use crate::state::AppState;

pub async fn seed_demo(settings: Settings, users: usize, articles: usize) -> anyhow::Result<()> {
    anyhow::ensure!(
        settings.mode == Mode::Dev,
        "seed-demo writes fake users and articles: it runs in dev mode only \
         (set mode = \"dev\" or TOUTIAO_MODE=dev for a demo database)"
    );
    let db_settings = settings.database.clone();
    tokio::task::spawn_blocking(move || db::prepare(&db_settings)).await??;
    let state = AppState::build(settings)?;

    let bar = ProgressBar::new(articles as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} seeding [{elapsed_precise}] [{wide_bar}] {pos}/{len} articles ({per_sec}, eta {eta})",
        )?
        .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let progress_bar = bar.clone();
    let progress: demo::Progress = Arc::new(move |done| progress_bar.set_position(done));
    let report = demo::seed(&state, SeedOptions { users, articles }, progress)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.finish();
    let summary = format!(
        "seeded {} users, {} articles ({} pinned), {} comments, {} replies, {} likes, \
         {} comment likes, {} announcements in {:.1} s",
        report.users,
        report.articles,
        report.pinned,
        report.comments,
        report.replies,
        report.likes,
        report.comment_likes,
        report.announcements,
        report.elapsed_ms as f64 / 1000.0
    );
    log::info!("{summary}");
    println!("{summary}");
    Ok(())
}
