//! Demo data: users, approved articles with covers and bodies, comments, replies and likes,
//! written in large batches with every counter already exact (article statistics, comment
//! like/reply counts, authors' article/like/read counts).
//!
//! The plan (who wrote what, when, how many likes) is drawn first, so that users can be
//! inserted with their final counters; articles then follow in chunks, each chunk one
//! transaction of multi-row INSERTs, written by a few worker threads with a connection each
//! (PostgreSQL's foreign-key and index work is the bottleneck, and it spreads over cores).

pub mod covers;
mod plan;
mod text;
mod words;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use chrono::{DateTime, Utc};
use diesel::{Connection, PgConnection};
use rand::SeedableRng;
use rand::rngs::SmallRng;
use serde::Serialize;

use crate::db::{self, DbPool};
use crate::errors::AppError;
use crate::repositories::demo;
use crate::snowflake::Snowflake;
use crate::state::AppState;
use plan::{Planned, chunk_rows, plan_articles, user_rows};

/// How much to create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedOptions {
    pub users: usize,
    pub articles: usize,
}

/// The set a dev server seeds on first start.
pub const DEV_SET: SeedOptions = SeedOptions {
    users: 30,
    articles: 600,
};

/// What was created.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SeedReport {
    pub users: usize,
    pub articles: usize,
    pub pinned: usize,
    pub comments: usize,
    pub replies: usize,
    pub likes: usize,
    pub comment_likes: usize,
    pub announcements: usize,
    pub elapsed_ms: u128,
}

/// Told the number of articles written so far after each chunk.
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

/// Articles per transaction.
const CHUNK: usize = 2_000;
/// Demo users get mobiles 199xxxxxxxx (after the highest one already taken).
pub(crate) const MOBILE_PREFIX: &str = "199";
const MOBILE_SPACE: u64 = 100_000_000;
/// The announcements of a demo set (newest first).
const ANNOUNCEMENTS: [(&str, &str); 3] = [
    (
        "欢迎体验演示数据",
        "<p>这里的用户、文章和评论都是 seed-demo 生成的演示数据。</p>",
    ),
    (
        "频道推荐上线",
        "<p>推荐频道（id 0）汇集所有频道的最新文章。</p>",
    ),
    (
        "Welcome to toutiao-rs",
        "<p>Log in with any 199xxxxxxxx mobile to act as a demo user.</p>",
    ),
];
/// Serialises seeding between server processes starting together.
const SEED_LOCK: i64 = 7_422_004;

/// Seeds `opts` into the database.
pub async fn seed(
    state: &AppState,
    opts: SeedOptions,
    progress: Progress,
) -> Result<SeedReport, AppError> {
    prepare(state, opts).await?;
    let ids = state.ids.clone();
    let url = state.settings.storage.public_url.clone();
    let pool = state.db.clone();
    db::run_batch(&state.db, move |c| {
        run(&pool, c, &ids, &url, opts, &progress)
    })
    .await
}

/// Seeds `opts` unless the database already holds an article (dev servers on first start).
pub async fn seed_if_empty(
    state: &AppState,
    opts: SeedOptions,
) -> Result<Option<SeedReport>, AppError> {
    prepare(state, opts).await?;
    let ids = state.ids.clone();
    let url = state.settings.storage.public_url.clone();
    let pool = state.db.clone();
    db::run_batch(&state.db, move |c| {
        demo::advisory_lock(c, SEED_LOCK, true)?;
        let quiet: Progress = Arc::new(|_| {});
        let result = match demo::any_article(c) {
            Ok(true) => Ok(None),
            Ok(false) => run(&pool, c, &ids, &url, opts, &quiet).map(Some),
            Err(e) => Err(e.into()),
        };
        demo::advisory_lock(c, SEED_LOCK, false)?;
        result
    })
    .await
}

async fn prepare(state: &AppState, opts: SeedOptions) -> Result<(), AppError> {
    if opts.users == 0 || opts.users as u64 > MOBILE_SPACE / 2 {
        return Err(AppError::bad_request("users must be within 1 - 50000000"));
    }
    if let Err(e) = covers::ensure_stored(&state.storage).await {
        log::warn!("could not store the demo cover images: {e:#}");
    }
    Ok(())
}

fn run(
    pool: &DbPool,
    c: &mut PgConnection,
    ids: &Snowflake,
    public_url: &str,
    opts: SeedOptions,
    progress: &Progress,
) -> Result<SeedReport, AppError> {
    let started = Instant::now();
    let mut rng = SmallRng::from_rng(&mut rand::rng());
    let channels = demo::visible_channels(c)?;
    if channels.is_empty() {
        return Err(AppError::bad_request("there is no visible channel to seed"));
    }
    let first_seq = next_mobile_seq(c)?;
    if first_seq + opts.users as u64 > MOBILE_SPACE {
        return Err(AppError::bad_request("the demo mobile range is exhausted"));
    }
    let now = Utc::now();
    let users: Vec<i64> = (0..opts.users).map(|_| ids.next_id()).collect();
    let plan = plan_articles(&mut rng, ids, &channels, opts, now);
    let demo_users = user_rows(&mut rng, &users, &plan, first_seq, now);
    c.transaction(|c| {
        demo::relax_commit(c)?;
        demo::insert_users(c, &demo_users)?;
        for (i, (title, content)) in ANNOUNCEMENTS.iter().enumerate() {
            let published = now - chrono::TimeDelta::days(i as i64 * 7 + 1);
            demo::insert_announcement(c, title, content, published)?;
        }
        Ok::<(), AppError>(())
    })?;

    let job = Job {
        pool,
        ids,
        public_url,
        users: &users,
        chunks: plan.chunks(CHUNK).collect(),
        now,
        next: AtomicUsize::new(0),
        done: AtomicU64::new(0),
        failed: AtomicBool::new(false),
        progress,
    };
    // Our own connection stays checked out: leave the others to the workers.
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(4)
        .min(pool.max_size().saturating_sub(1) as usize)
        .max(1);
    let outcomes: Vec<Result<SeedReport, AppError>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers).map(|_| s.spawn(|| job.work())).collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(AppError::internal(anyhow::anyhow!(
                        "a seeding worker panicked"
                    )))
                })
            })
            .collect()
    });
    let mut report = SeedReport {
        users: opts.users,
        articles: plan.len(),
        pinned: plan.iter().filter(|p| p.pinned).count(),
        announcements: ANNOUNCEMENTS.len(),
        ..SeedReport::default()
    };
    for outcome in outcomes {
        let part = outcome?;
        report.likes += part.likes;
        report.comments += part.comments;
        report.replies += part.replies;
        report.comment_likes += part.comment_likes;
    }
    demo::analyze(c)?;
    report.elapsed_ms = started.elapsed().as_millis();
    Ok(report)
}

/// The article chunks, shared by the workers that write them.
struct Job<'a> {
    pool: &'a DbPool,
    ids: &'a Snowflake,
    public_url: &'a str,
    users: &'a [i64],
    chunks: Vec<&'a [Planned]>,
    now: DateTime<Utc>,
    next: AtomicUsize,
    done: AtomicU64,
    failed: AtomicBool,
    progress: &'a Progress,
}

impl Job<'_> {
    /// Takes chunks until none is left (or another worker failed); returns what it wrote.
    fn work(&self) -> Result<SeedReport, AppError> {
        let result = self.write_chunks();
        if result.is_err() {
            self.failed.store(true, Ordering::Relaxed);
        }
        result
    }

    fn write_chunks(&self) -> Result<SeedReport, AppError> {
        let mut conn = self.pool.get()?;
        let mut rng = SmallRng::from_rng(&mut rand::rng());
        let mut report = SeedReport::default();
        loop {
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(chunk) = self.chunks.get(i) else {
                return Ok(report);
            };
            if self.failed.load(Ordering::Relaxed) {
                return Ok(report);
            }
            let rows = chunk_rows(
                &mut rng,
                self.ids,
                self.public_url,
                self.users,
                chunk,
                self.now,
            );
            conn.transaction(|c| {
                demo::relax_commit(c)?;
                demo::insert_articles(c, &rows.articles)?;
                demo::insert_contents(c, &rows.contents)?;
                demo::insert_statistics(c, &rows.statistics)?;
                demo::insert_attitudes(c, &rows.attitudes)?;
                // Parents first: replies reference them.
                demo::insert_comments(c, &rows.comments)?;
                demo::insert_comments(c, &rows.replies)?;
                demo::insert_comment_likings(c, &rows.comment_likes)
            })?;
            report.likes += rows.attitudes.len();
            report.comments += rows.comments.len();
            report.replies += rows.replies.len();
            report.comment_likes += rows.comment_likes.len();
            let done = self.done.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            (self.progress)(done + chunk.len() as u64);
        }
    }
}

/// The sequence number (after the prefix) of the first free demo mobile.
fn next_mobile_seq(c: &mut PgConnection) -> Result<u64, AppError> {
    let max = demo::max_mobile_with_prefix(c, MOBILE_PREFIX)?;
    Ok(max
        .and_then(|m| {
            m.get(MOBILE_PREFIX.len()..)
                .and_then(|s| s.parse::<u64>().ok())
        })
        .map_or(1, |n| n + 1))
}
