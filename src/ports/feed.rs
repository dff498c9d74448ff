//! The feed port: what a feed source is asked and what it answers. Below `state.rs`, so the
//! state can hold a source without importing the services that use it.

use async_trait::async_trait;
use serde::Serialize;

use crate::errors::AppError;

/// Who asks for a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Viewer {
    User(i64),
    /// `Authorization: Anony <device>` gives the device id; None when there is no header.
    Anonymous(Option<String>),
}

impl Viewer {
    pub fn user_id(&self) -> Option<i64> {
        match self {
            Viewer::User(id) => Some(*id),
            Viewer::Anonymous(_) => None,
        }
    }

    /// The user key in trace strings ("anony" for anonymous viewers, as the original).
    pub fn trace_key(&self) -> String {
        match self {
            Viewer::User(id) => id.to_string(),
            Viewer::Anonymous(_) => "anony".to_owned(),
        }
    }
}

/// Opaque tracking strings a client echoes in the `Trace` header (§1.11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trace {
    pub click: String,
    pub collect: String,
    pub share: String,
    pub read: String,
}

impl Trace {
    /// JSON fragments naming the action, viewer, article, channel and how it was chosen.
    pub fn new(viewer: &Viewer, article_id: i64, channel_id: i32, algorithm: &str) -> Self {
        let user = viewer.trace_key();
        let one = |action: &str| {
            serde_json::json!({
                "action": action,
                "userId": user,
                "articleId": article_id.to_string(),
                "channelId": channel_id,
                "algorithmCombine": algorithm,
            })
            .to_string()
        };
        Self {
            click: one("click"),
            collect: one("collect"),
            share: one("share"),
            read: one("read"),
        }
    }
}

/// Where in the stream a page starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedPosition {
    /// Articles published strictly before this time (ms since the epoch).
    Before(i64),
    /// A 1-based page number (E25).
    Page(i64),
}

#[derive(Debug, Clone)]
pub struct FeedRequest {
    pub viewer: Viewer,
    /// 0 = 推荐 (every channel).
    pub channel_id: i32,
    pub position: FeedPosition,
    pub count: usize,
    /// Pinned articles are served separately: leave them out.
    pub exclude_pinned: bool,
}

#[derive(Debug, Clone)]
pub struct FeedItem {
    pub article_id: i64,
    pub trace: Trace,
}

#[derive(Debug, Clone)]
pub struct FeedPage {
    pub items: Vec<FeedItem>,
    /// The timestamp to ask with for the next, older page.
    pub pre_timestamp: i64,
    /// True when this page starts at the newest article (pinned articles go in front).
    pub head: bool,
}

/// Chooses a viewer's next articles. Implementations: PostgreSQL (newest first) now, a
/// recommendation service later.
#[async_trait]
pub trait FeedSource: Send + Sync {
    async fn recommend(&self, req: &FeedRequest) -> Result<FeedPage, AppError>;
}
