//! Demo data: users, approved articles with covers and bodies, comments, replies and likes,
//! written in large batches with every counter already exact (article statistics, comment
//! like/reply counts, authors' article/like/read counts).
//!
//! The plan (who wrote what, when, how many likes) is drawn first, so that users can be
//! inserted with their final counters; articles then follow in chunks, each chunk one
//! transaction of multi-row INSERTs, written by a few worker threads with a connection each
//! (PostgreSQL's foreign-key and index work is the bottleneck, and it spreads over cores).

pub mod covers;
mod text;
mod words;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use chrono::{DateTime, TimeDelta, Utc};
use diesel::{Connection, PgConnection};
use rand::rngs::SmallRng;
use rand::seq::index;
use rand::{RngExt, SeedableRng};
use serde::Serialize;

use crate::db::{self, DbPool};
use crate::errors::AppError;
use crate::models::article::ArticleStatus;
use crate::models::news::{
    NewArticle, NewAttitude, NewComment, NewCommentLiking, NewContent, NewDemoUser, NewStatistic,
};
use crate::repositories::demo;
use crate::snowflake::Snowflake;
use crate::state::AppState;

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
    pub elapsed_ms: u128,
}

/// Told the number of articles written so far after each chunk.
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

/// Articles per transaction.
const CHUNK: usize = 2_000;
/// Demo users get mobiles 199xxxxxxxx (after the highest one already taken).
const MOBILE_PREFIX: &str = "199";
const MOBILE_SPACE: u64 = 100_000_000;
/// How many channels get a pinned article.
const PINNED_CHANNELS: usize = 3;
/// Serialises seeding between server processes starting together.
const SEED_LOCK: i64 = 7_422_004;
const MAX_LIKES: usize = 6;

/// Seeds `opts` into the database.
pub async fn seed(
    state: &AppState,
    opts: SeedOptions,
    progress: Progress,
) -> Result<SeedReport, AppError> {
    prepare(state, opts)?;
    let ids = state.ids.clone();
    let url = state.settings.storage.public_url.clone();
    let pool = state.db.clone();
    db::run(&state.db, move |c| {
        run(&pool, c, &ids, &url, opts, &progress)
    })
    .await
}

/// Seeds `opts` unless the database already holds an article (dev servers on first start).
pub async fn seed_if_empty(
    state: &AppState,
    opts: SeedOptions,
) -> Result<Option<SeedReport>, AppError> {
    prepare(state, opts)?;
    let ids = state.ids.clone();
    let url = state.settings.storage.public_url.clone();
    let pool = state.db.clone();
    db::run(&state.db, move |c| {
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

fn prepare(state: &AppState, opts: SeedOptions) -> Result<(), AppError> {
    if opts.users == 0 || opts.users as u64 > MOBILE_SPACE / 2 {
        return Err(AppError::bad_request("users must be within 1 - 50000000"));
    }
    if let Err(e) = covers::ensure_local_files(&state.settings.storage) {
        log::warn!("could not write the demo cover files: {e}");
    }
    Ok(())
}

/// One article as planned before any text is written.
struct Planned {
    id: i64,
    author: usize,
    channel_id: i32,
    time: DateTime<Utc>,
    likes: usize,
    reads: i64,
    pinned: bool,
    allow_comment: bool,
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
        demo::insert_users(c, &demo_users)
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
        ..SeedReport::default()
    };
    for outcome in outcomes {
        let part = outcome?;
        report.likes += part.likes;
        report.comments += part.comments;
        report.replies += part.replies;
        report.comment_likes += part.comment_likes;
    }
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

/// Who wrote what and when: newest first, one article per millisecond at least, spread
/// over about 30 days; the newest article of the first channels is pinned.
fn plan_articles(
    rng: &mut SmallRng,
    ids: &Snowflake,
    channels: &[i32],
    opts: SeedOptions,
    now: DateTime<Utc>,
) -> Vec<Planned> {
    let authors = (opts.users * 2 / 5).max(1);
    let span_ms: i64 = 30 * 24 * 3600 * 1000;
    let mean_gap = (span_ms / opts.articles.max(1) as i64).max(2);
    let mut time = now - TimeDelta::minutes(1);
    let mut pinned = vec![false; channels.len()];
    (0..opts.articles)
        .map(|i| {
            time -= TimeDelta::milliseconds(rng.random_range(1..=2 * mean_gap));
            let ch = (i + rng.random_range(0..channels.len())) % channels.len();
            let pin = ch < PINNED_CHANNELS && !pinned[ch];
            pinned[ch] |= pin;
            let likes = rng.random_range(0..=MAX_LIKES.min(opts.users));
            Planned {
                id: ids.next_id(),
                author: rng.random_range(0..authors),
                channel_id: channels[ch],
                time,
                likes,
                reads: likes as i64 * 20 + rng.random_range(0..500),
                pinned: pin,
                allow_comment: rng.random_range(0..20) != 0,
            }
        })
        .collect()
}

fn user_rows(
    rng: &mut SmallRng,
    users: &[i64],
    plan: &[Planned],
    first_seq: u64,
    now: DateTime<Utc>,
) -> Vec<NewDemoUser> {
    let mut articles = vec![0i32; users.len()];
    let mut likes = vec![0i32; users.len()];
    let mut reads = vec![0i64; users.len()];
    for p in plan {
        articles[p.author] += 1;
        likes[p.author] += p.likes as i32;
        reads[p.author] += p.reads;
    }
    users
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let seq = first_seq + i as u64;
            NewDemoUser {
                user_id: *id,
                mobile: format!("{MOBILE_PREFIX}{seq:08}"),
                user_name: text::user_name(rng, seq),
                introduction: text::intro(rng),
                is_media: articles[i] > 0,
                article_count: articles[i],
                like_count: likes[i],
                read_count: reads[i],
                create_time: now - TimeDelta::days(60),
            }
        })
        .collect()
}

#[derive(Default)]
struct ChunkRows {
    articles: Vec<NewArticle>,
    contents: Vec<NewContent>,
    statistics: Vec<NewStatistic>,
    attitudes: Vec<NewAttitude>,
    comments: Vec<NewComment>,
    replies: Vec<NewComment>,
    comment_likes: Vec<NewCommentLiking>,
}

/// The rows of one chunk of planned articles, text included.
fn chunk_rows(
    rng: &mut SmallRng,
    ids: &Snowflake,
    public_url: &str,
    users: &[i64],
    chunk: &[Planned],
    now: DateTime<Utc>,
) -> ChunkRows {
    let mut rows = ChunkRows::default();
    for p in chunk {
        let chinese = rng.random_bool(0.6);
        rows.articles.push(NewArticle {
            article_id: p.id,
            user_id: users[p.author],
            channel_id: p.channel_id,
            title: text::title(rng, chinese),
            cover: covers::random_cover(rng, public_url),
            status: ArticleStatus::Approved.as_db(),
            allow_comment: p.allow_comment,
            is_top: p.pinned,
            create_time: p.time,
        });
        rows.contents.push(NewContent {
            article_id: p.id,
            content: text::body(rng, chinese),
        });
        for u in index::sample(rng, users.len(), p.likes) {
            rows.attitudes.push(NewAttitude {
                user_id: users[u],
                article_id: p.id,
                attitude: Some(crate::models::article::Attitude::Like.as_db()),
            });
        }
        let comment_count = if p.allow_comment {
            comments_of(rng, ids, users, p, chinese, now, &mut rows)
        } else {
            0
        };
        rows.statistics.push(NewStatistic {
            article_id: p.id,
            read_count: p.reads,
            like_count: p.likes as i32,
            collect_count: 0,
            comment_count,
        });
    }
    rows
}

/// Comments, replies and comment likes of one article; returns how many comments and
/// replies it got. Ids and times grow together, so the newest is also the highest id.
fn comments_of(
    rng: &mut SmallRng,
    ids: &Snowflake,
    users: &[i64],
    p: &Planned,
    chinese: bool,
    now: DateTime<Utc>,
    rows: &mut ChunkRows,
) -> i32 {
    let mut time = p.time;
    let mut next_time = |rng: &mut SmallRng| {
        time = (time + TimeDelta::minutes(rng.random_range(1..=180))).min(now);
        time
    };
    let mut total = 0;
    let top = [0, 0, 1, 1, 2, 3][rng.random_range(0..6)];
    for _ in 0..top {
        let comment_id = ids.next_id();
        let replies = [0, 0, 0, 1, 2][rng.random_range(0..5)];
        let likes = rng.random_range(0..=3usize.min(users.len()));
        for u in index::sample(rng, users.len(), likes) {
            rows.comment_likes.push(NewCommentLiking {
                user_id: users[u],
                comment_id,
            });
        }
        rows.comments.push(NewComment {
            comment_id,
            user_id: users[rng.random_range(0..users.len())],
            article_id: p.id,
            parent_id: None,
            content: text::comment(rng, chinese),
            is_top: false,
            like_count: likes as i32,
            reply_count: replies,
            create_time: next_time(rng),
        });
        for _ in 0..replies {
            rows.replies.push(NewComment {
                comment_id: ids.next_id(),
                user_id: users[rng.random_range(0..users.len())],
                article_id: p.id,
                parent_id: Some(comment_id),
                content: text::reply(rng),
                is_top: false,
                like_count: 0,
                reply_count: 0,
                create_time: next_time(rng),
            });
        }
        total += 1 + replies;
    }
    total
}
