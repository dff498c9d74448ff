//! Rows of the news tables as the queries read them: article cards and details, comments,
//! announcements, and the insertable rows the demo seeder and comment creation write.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Jsonb, Nullable, Text, Timestamptz};

use crate::schema::{
    news_article_basic, news_article_content, news_article_statistic, news_attitude, news_comment,
    news_comment_liking, user_basic,
};

/// What the rules need to know about an approved article.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = news_article_basic)]
pub struct ArticleMeta {
    pub article_id: i64,
    pub user_id: i64,
    pub channel_id: i32,
    pub title: String,
    pub allow_comment: bool,
}

/// One article as a list shows it (article, author name and counters in one row).
#[derive(Debug, Clone, QueryableByName)]
pub struct CardRow {
    #[diesel(sql_type = BigInt)]
    pub article_id: i64,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = BigInt)]
    pub user_id: i64,
    #[diesel(sql_type = Text)]
    pub user_name: String,
    #[diesel(sql_type = Integer)]
    pub channel_id: i32,
    #[diesel(sql_type = Jsonb)]
    pub cover: serde_json::Value,
    #[diesel(sql_type = Bool)]
    pub is_top: bool,
    #[diesel(sql_type = Timestamptz)]
    pub create_time: DateTime<Utc>,
    #[diesel(sql_type = Integer)]
    pub comment_count: i32,
    #[diesel(sql_type = Integer)]
    pub like_count: i32,
    #[diesel(sql_type = Integer)]
    pub collect_count: i32,
}

/// One approved article with its body, author and counters (E27).
#[derive(Debug, Clone, QueryableByName)]
pub struct DetailRow {
    #[diesel(sql_type = BigInt)]
    pub article_id: i64,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = BigInt)]
    pub user_id: i64,
    #[diesel(sql_type = Text)]
    pub user_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub profile_photo: Option<String>,
    #[diesel(sql_type = Integer)]
    pub channel_id: i32,
    #[diesel(sql_type = Timestamptz)]
    pub create_time: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    pub content: String,
    #[diesel(sql_type = Integer)]
    pub comment_count: i32,
    #[diesel(sql_type = Integer)]
    pub like_count: i32,
    #[diesel(sql_type = Integer)]
    pub collect_count: i32,
    #[diesel(sql_type = BigInt)]
    pub read_count: i64,
}

/// What the rules need to know about an approved comment.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = news_comment)]
pub struct CommentMeta {
    pub comment_id: i64,
    pub user_id: i64,
    pub article_id: i64,
    pub parent_id: Option<i64>,
}

/// One comment (or reply) with its author, as lists show it.
#[derive(Debug, Clone, QueryableByName)]
pub struct CommentRow {
    #[diesel(sql_type = BigInt)]
    pub comment_id: i64,
    #[diesel(sql_type = BigInt)]
    pub user_id: i64,
    #[diesel(sql_type = Text)]
    pub user_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub profile_photo: Option<String>,
    #[diesel(sql_type = Integer)]
    pub like_count: i32,
    #[diesel(sql_type = Integer)]
    pub reply_count: i32,
    #[diesel(sql_type = Timestamptz)]
    pub create_time: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    pub content: String,
    #[diesel(sql_type = Bool)]
    pub is_top: bool,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = news_comment)]
pub struct NewComment {
    pub comment_id: i64,
    pub user_id: i64,
    pub article_id: i64,
    pub parent_id: Option<i64>,
    pub content: String,
    pub is_top: bool,
    pub like_count: i32,
    pub reply_count: i32,
    pub create_time: DateTime<Utc>,
}

/// A published announcement.
#[derive(Debug, Clone, Queryable)]
pub struct AnnouncementRow {
    pub announcement_id: i64,
    pub title: String,
    pub content: String,
    pub publish_time: Option<DateTime<Utc>>,
    pub create_time: DateTime<Utc>,
}

impl AnnouncementRow {
    /// When it went public (its creation time when no publish time was recorded).
    pub fn published_at(&self) -> DateTime<Utc> {
        self.publish_time.unwrap_or(self.create_time)
    }
}

/// Rows the demo seeder writes in bulk.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = user_basic)]
pub struct NewDemoUser {
    pub user_id: i64,
    pub mobile: String,
    pub user_name: String,
    pub introduction: Option<String>,
    pub is_media: bool,
    pub article_count: i32,
    pub like_count: i32,
    pub read_count: i64,
    pub create_time: DateTime<Utc>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = news_article_basic)]
pub struct NewArticle {
    pub article_id: i64,
    pub user_id: i64,
    pub channel_id: i32,
    pub title: String,
    pub cover: serde_json::Value,
    pub status: i16,
    pub allow_comment: bool,
    pub is_top: bool,
    pub create_time: DateTime<Utc>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = news_article_content)]
pub struct NewContent {
    pub article_id: i64,
    pub content: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = news_article_statistic)]
pub struct NewStatistic {
    pub article_id: i64,
    pub read_count: i64,
    pub like_count: i32,
    pub collect_count: i32,
    pub comment_count: i32,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = news_attitude)]
pub struct NewAttitude {
    pub user_id: i64,
    pub article_id: i64,
    pub attitude: Option<i16>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = news_comment_liking)]
pub struct NewCommentLiking {
    pub user_id: i64,
    pub comment_id: i64,
}
