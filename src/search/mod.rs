//! Full-text search over approved articles, behind [`SearchEngine`] so that an external
//! engine can replace the embedded one (`tantivy_engine`) without touching the services.
//!
//! One process per index directory writes (it holds the index's writer lock, see
//! [`SearchEngine::writer`]); every process reads and reloads when the writer commits.

pub mod analyzer;
pub mod suggest;
pub mod tantivy_engine;
pub mod tantivy_schema;

use chrono::{DateTime, Utc};

pub use tantivy_engine::TantivyEngine;

/// One approved article as the index sees it (content already stripped of HTML).
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub article_id: i64,
    pub author_id: i64,
    pub channel_id: i32,
    pub title: String,
    pub content: String,
    pub publish_time: DateTime<Utc>,
}

/// One page of hits: article ids best first, and how many articles match in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchPage {
    pub total: u64,
    pub ids: Vec<i64>,
}

#[derive(Debug, thiserror::Error)]
#[error("search engine: {0:#}")]
pub struct SearchError(#[from] pub anyhow::Error);

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError(e.into())
    }
}

/// A searchable index of articles.
pub trait SearchEngine: Send + Sync {
    /// Articles matching `text`, ranked by relevance (BM25, title weighted ×2 over
    /// content), skipping `offset`. Text that analyses to no word matches nothing.
    fn search(&self, text: &str, offset: usize, limit: usize) -> Result<SearchPage, SearchError>;

    /// Up to `limit` distinct completions of `prefix`: approved titles and frequent search
    /// keywords, the most frequent first. Answered from memory.
    fn complete(&self, prefix: &str, limit: usize) -> Vec<String>;

    /// Spelling corrections of `text` from the indexed vocabulary (closest terms by edit
    /// distance); empty when every word is known or nothing is close.
    fn correct(&self, text: &str, limit: usize) -> Vec<String>;

    /// Replaces the frequent search keywords the completions draw on (keyword, count).
    fn set_keywords(&self, keywords: Vec<(String, u64)>);

    /// Picks up commits of the writing process and rebuilds the in-memory completion data
    /// when the index changed. Called periodically; blocking.
    fn refresh(&self) -> Result<(), SearchError>;

    /// Where the index lives (a directory, a URL), for messages.
    fn location(&self) -> String;

    /// Bytes the index takes on this machine's disk.
    fn size_bytes(&self) -> u64;

    /// How many articles the searchers see now.
    fn num_docs(&self) -> u64;

    /// The writer, when this process can take it; `None` while another process holds it.
    fn writer(&self) -> Result<Option<Box<dyn SearchWriter>>, SearchError>;
}

/// Changes to the index; none is visible before [`SearchWriter::commit`]. Blocking.
pub trait SearchWriter: Send {
    /// Adds or replaces the article.
    fn upsert(&mut self, doc: SearchDoc) -> Result<(), SearchError>;
    /// Removes the article (a no-op when it is not indexed).
    fn delete(&mut self, article_id: i64) -> Result<(), SearchError>;
    /// Removes every article.
    fn delete_all(&mut self) -> Result<(), SearchError>;
    /// Makes the changes durable and visible to this process's searches on return (to
    /// other processes at their next refresh).
    fn commit(&mut self) -> Result<(), SearchError>;
    /// Waits for background merges, then releases the writer (uncommitted changes are lost).
    fn close(self: Box<Self>) -> Result<(), SearchError>;
}

impl From<SearchError> for crate::errors::AppError {
    fn from(e: SearchError) -> Self {
        crate::errors::AppError::Internal(e.0)
    }
}
