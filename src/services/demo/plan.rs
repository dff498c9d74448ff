//! The plan of a demo set (who wrote what, when, with how many likes) and the rows of one
//! chunk of it, text included. Every counter is computed here, from the rows themselves.

use chrono::{DateTime, TimeDelta, Utc};
use rand::RngExt;
use rand::rngs::SmallRng;
use rand::seq::index;

use super::{MOBILE_PREFIX, SeedOptions, covers, text};
use crate::models::article::{ArticleStatus, Attitude};
use crate::models::news::{
    NewArticle, NewAttitude, NewComment, NewCommentLiking, NewContent, NewDemoUser, NewStatistic,
};
use crate::snowflake::Snowflake;

/// How many channels get a pinned article.
const PINNED_CHANNELS: usize = 3;
const MAX_LIKES: usize = 6;

/// One article as planned before any text is written.
pub struct Planned {
    pub id: i64,
    pub author: usize,
    pub channel_id: i32,
    pub time: DateTime<Utc>,
    pub likes: usize,
    pub reads: i64,
    pub pinned: bool,
    pub allow_comment: bool,
}

/// Who wrote what and when: newest first, one article per millisecond at least, spread
/// over about 30 days; the newest article of the first channels is pinned.
pub fn plan_articles(
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

pub fn user_rows(
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
pub struct ChunkRows {
    pub articles: Vec<NewArticle>,
    pub contents: Vec<NewContent>,
    pub statistics: Vec<NewStatistic>,
    pub attitudes: Vec<NewAttitude>,
    pub comments: Vec<NewComment>,
    pub replies: Vec<NewComment>,
    pub comment_likes: Vec<NewCommentLiking>,
}

/// The rows of one chunk of planned articles, text included.
pub fn chunk_rows(
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
                attitude: Some(Attitude::Like.as_db()),
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
