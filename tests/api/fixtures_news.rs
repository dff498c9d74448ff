//! Fixtures of the news tests: users and tokens without the SMS round trip, articles with
//! chosen times and states, announcements, and reading counters back from the database.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Nullable, SmallInt, Text, Timestamptz};
use futures_util::StreamExt;
use serde_json::Value;
use toutiao::services::tokens::TokenKind;

use crate::helpers::TestApp;

static MOBILES: AtomicU64 = AtomicU64::new(0);

/// A fresh user (mobile 170xxxxxxxx) and an access token for it.
pub fn user(app: &TestApp) -> (i64, String) {
    let id = app.state.ids.next_id();
    // Each test has its own database: unique within the process is enough.
    let n = MOBILES.fetch_add(1, Ordering::Relaxed);
    let mobile = format!("170{n:08}");
    let mut c = app.state.db.get().unwrap();
    diesel::sql_query("INSERT INTO user_basic (user_id, mobile, user_name) VALUES ($1, $2, $3)")
        .bind::<BigInt, _>(id)
        .bind::<Text, _>(&mobile)
        .bind::<Text, _>(format!("u{id}"))
        .execute(&mut c)
        .unwrap();
    diesel::sql_query("INSERT INTO user_profile (user_id) VALUES ($1)")
        .bind::<BigInt, _>(id)
        .execute(&mut c)
        .unwrap();
    (id, token(app, id))
}

/// An access token for an existing user, recorded as a login would record it.
pub fn token(app: &TestApp, user_id: i64) -> String {
    let issued = app.state.tokens.issue(user_id, TokenKind::Access).unwrap();
    let mut c = app.state.db.get().unwrap();
    diesel::sql_query(
        "INSERT INTO user_token (jti, user_id, kind, session_id, expires_at) \
         VALUES ($1, $2, 1, $1, to_timestamp($3))",
    )
    .bind::<Text, _>(&issued.jti)
    .bind::<BigInt, _>(user_id)
    .bind::<BigInt, _>(issued.expires_at)
    .execute(&mut c)
    .unwrap();
    issued.token
}

/// How an article is inserted.
#[derive(Debug, Clone)]
pub struct Article {
    pub author: i64,
    pub channel: i32,
    pub title: String,
    pub created: DateTime<Utc>,
    /// 2 = approved.
    pub status: i16,
    pub allow_comment: bool,
    pub is_top: bool,
    pub cover: Value,
    /// The HTML body.
    pub content: String,
}

impl Article {
    pub fn new(author: i64, channel: i32) -> Self {
        Self {
            author,
            channel,
            title: "A title".into(),
            created: Utc::now() - TimeDelta::seconds(1),
            status: 2,
            allow_comment: true,
            is_top: false,
            cover: serde_json::json!({"type": 1, "images": ["http://img.example/1.png"]}),
            content: "<p>body</p>".into(),
        }
    }

    pub fn at(mut self, t: DateTime<Utc>) -> Self {
        self.created = t;
        self
    }

    pub fn status(mut self, s: i16) -> Self {
        self.status = s;
        self
    }

    pub fn pinned(mut self) -> Self {
        self.is_top = true;
        self
    }

    pub fn closed(mut self) -> Self {
        self.allow_comment = false;
        self
    }

    pub fn titled(mut self, t: &str) -> Self {
        self.title = t.into();
        self
    }

    pub fn body(mut self, html: &str) -> Self {
        self.content = html.into();
        self
    }

    /// Inserts it (with content and an empty statistic row); returns its id.
    pub fn insert(&self, app: &TestApp) -> i64 {
        let id = app.state.ids.next_id();
        let mut c = app.state.db.get().unwrap();
        diesel::sql_query(
            "INSERT INTO news_article_basic (article_id, user_id, channel_id, title, cover, \
             status, allow_comment, is_top, create_time) \
             VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9)",
        )
        .bind::<BigInt, _>(id)
        .bind::<BigInt, _>(self.author)
        .bind::<Integer, _>(self.channel)
        .bind::<Text, _>(&self.title)
        .bind::<Text, _>(self.cover.to_string())
        .bind::<SmallInt, _>(self.status)
        .bind::<Bool, _>(self.allow_comment)
        .bind::<Bool, _>(self.is_top)
        .bind::<Timestamptz, _>(self.created)
        .execute(&mut c)
        .unwrap();
        diesel::sql_query("INSERT INTO news_article_content (article_id, content) VALUES ($1, $2)")
            .bind::<BigInt, _>(id)
            .bind::<Text, _>(&self.content)
            .execute(&mut c)
            .unwrap();
        diesel::sql_query("INSERT INTO news_article_statistic (article_id) VALUES ($1)")
            .bind::<BigInt, _>(id)
            .execute(&mut c)
            .unwrap();
        if self.status == 2 {
            diesel::sql_query(
                "UPDATE user_basic SET article_count = article_count + 1 WHERE user_id = $1",
            )
            .bind::<BigInt, _>(self.author)
            .execute(&mut c)
            .unwrap();
        }
        id
    }
}

/// An approved article of `author` in channel 1, published a second ago.
pub fn article(app: &TestApp, author: i64) -> i64 {
    Article::new(author, 1).insert(app)
}

/// A counter of an article's statistic row.
pub fn stat(app: &TestApp, article_id: i64, column: &str) -> i64 {
    app.sql_count(&format!(
        "SELECT {column}::BIGINT AS n FROM news_article_statistic WHERE article_id = {article_id}"
    ))
}

/// A counter of a user.
pub fn user_stat(app: &TestApp, user_id: i64, column: &str) -> i64 {
    app.sql_count(&format!(
        "SELECT {column}::BIGINT AS n FROM user_basic WHERE user_id = {user_id}"
    ))
}

/// A counter of a comment.
pub fn comment_stat(app: &TestApp, comment_id: i64, column: &str) -> i64 {
    app.sql_count(&format!(
        "SELECT {column}::BIGINT AS n FROM news_comment WHERE comment_id = {comment_id}"
    ))
}

/// `user` blacklists `target` (the relation row issue 3's endpoints write).
pub fn blacklist(app: &TestApp, user: i64, target: i64) {
    relation(app, user, target, 2);
}

/// `user` follows `target`.
pub fn follow(app: &TestApp, user: i64, target: i64) {
    relation(app, user, target, 1);
}

fn relation(app: &TestApp, user: i64, target: i64, relation: i16) {
    let mut c = app.state.db.get().unwrap();
    diesel::sql_query(
        "INSERT INTO user_relation (user_id, target_user_id, relation) VALUES ($1, $2, $3)",
    )
    .bind::<BigInt, _>(user)
    .bind::<BigInt, _>(target)
    .bind::<SmallInt, _>(relation)
    .execute(&mut c)
    .unwrap();
}

/// Inserts an announcement; returns its id.
pub fn announcement(
    app: &TestApp,
    title: &str,
    status: i16,
    published: Option<DateTime<Utc>>,
) -> i64 {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = BigInt)]
        id: i64,
    }
    let mut c = app.state.db.get().unwrap();
    diesel::sql_query(
        "INSERT INTO global_announcement (title, content, status, publish_time) \
         VALUES ($1, $2, $3, $4) RETURNING announcement_id AS id",
    )
    .bind::<Text, _>(title)
    .bind::<Text, _>(format!("<p>{title}</p>"))
    .bind::<SmallInt, _>(status)
    .bind::<Nullable<Timestamptz>, _>(published)
    .get_result::<Id>(&mut c)
    .unwrap()
    .id
}

/// Bans a user through the admin API.
pub async fn ban(app: &TestApp, user_id: i64) {
    let admin = app.admin_token().await;
    let res = app
        .post_json(
            &format!("/mis/v1_0/users/{user_id}/ban"),
            Some(&admin),
            &serde_json::json!({"reason": "spam"}),
        )
        .await;
    assert_eq!(res.status(), 201);
}

/// Subscribes to the realtime notification channel; the returned stream yields payloads.
pub async fn subscribe(app: &TestApp) -> impl futures_util::Stream<Item = Value> + Unpin {
    use secrecy::ExposeSecret;
    let url = app.state.settings.redis.url.expose_secret().to_owned();
    let client = deadpool_redis::redis::Client::open(url).unwrap();
    let mut pubsub = client.get_async_pubsub().await.unwrap();
    pubsub
        .subscribe(app.state.keys.events_channel())
        .await
        .unwrap();
    Box::pin(pubsub.into_on_message().map(|m| {
        let body: String = m.get_payload().unwrap();
        serde_json::from_str(&body).unwrap()
    }))
}

/// The next notification, or None when none arrives within a short while.
pub async fn next_event(
    events: &mut (impl futures_util::Stream<Item = Value> + Unpin),
) -> Option<Value> {
    tokio::time::timeout(Duration::from_millis(500), events.next())
        .await
        .ok()
        .flatten()
}

/// Reads the `results` ids of a list response.
pub fn ids(body: &Value, field: &str) -> Vec<i64> {
    body["data"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[field].as_i64().unwrap())
        .collect()
}

/// Captures the lines written to the behaviour log target (log4rs is not set up in tests).
struct BehaviorCapture(std::sync::Mutex<Vec<String>>);

impl log::Log for BehaviorCapture {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.target() == toutiao::services::behavior::TARGET
    }

    fn log(&self, record: &log::Record) {
        if self.enabled(record.metadata()) {
            self.0.lock().unwrap().push(record.args().to_string());
        }
    }

    fn flush(&self) {}
}

static BEHAVIOR: BehaviorCapture = BehaviorCapture(std::sync::Mutex::new(Vec::new()));

/// Starts capturing behaviour lines (once per test process).
pub fn capture_behavior() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        log::set_logger(&BEHAVIOR).unwrap();
        log::set_max_level(log::LevelFilter::Info);
    });
}

/// The captured behaviour lines about one article, parsed, oldest first.
pub fn behavior_lines(article_id: i64) -> Vec<Value> {
    BEHAVIOR
        .0
        .lock()
        .unwrap()
        .iter()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["articleId"] == article_id)
        .collect()
}
