//! Comments and replies (E38, E39) and comment likes (E40, E41).
//!
//! Lists are cursor-paged by comment id (see `repositories::comments`). Creating a comment
//! bumps the article's `comment_count` (replies too) and a reply its parent's
//! `reply_count`, in the same transaction; likes move `like_count` only on a real change.

use serde::Serialize;

use crate::config::StorageSettings;
use crate::db;
use crate::errors::AppError;
use crate::models::news::{CommentRow, NewComment};
use crate::repositories::article_counters::{self, ArticleCounter};
use crate::repositories::comments::{self, Scope};
use crate::repositories::{articles, users};
use crate::services::events::{self, Actor, ArticleRef};
use crate::services::pubdate::pubdate;
use crate::services::users::photo_url;
use crate::state::AppState;

const INVALID_ARTICLE: &str = "Invalid target article id.";
const INVALID_COMMENT: &str = "Invalid target comment id.";

/// What a list is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentSource {
    /// The top-level comments of an article (`type=a`).
    Article(i64),
    /// The replies to a comment (`type=c`).
    Comment(i64),
}

/// The contract's Comment.
#[derive(Debug, Clone, Serialize)]
pub struct CommentView {
    pub com_id: i64,
    pub aut_id: i64,
    pub aut_name: String,
    pub aut_photo: String,
    pub like_count: i32,
    pub reply_count: i32,
    pub pubdate: String,
    pub content: String,
    pub is_top: i32,
    pub is_liking: bool,
}

impl CommentView {
    fn from_row(r: CommentRow, is_liking: bool, storage: &StorageSettings) -> Self {
        Self {
            com_id: r.comment_id,
            aut_id: r.user_id,
            aut_name: r.user_name,
            aut_photo: photo_url(storage, r.profile_photo.as_deref()),
            like_count: r.like_count,
            reply_count: r.reply_count,
            pubdate: pubdate(r.create_time),
            content: r.content,
            is_top: i32::from(r.is_top),
            is_liking,
        }
    }
}

/// E38 `data`.
#[derive(Debug, Serialize)]
pub struct CommentPage {
    pub total_count: i64,
    pub end_id: Option<i64>,
    pub last_id: Option<i64>,
    pub results: Vec<CommentView>,
}

/// E38: up to `limit` comments after the cursor `offset` (a comment id), pinned first,
/// then newest. An unknown source is an empty list.
pub async fn list(
    state: &AppState,
    viewer: Option<i64>,
    source: CommentSource,
    offset: Option<i64>,
    limit: i64,
) -> Result<CommentPage, AppError> {
    let found = db::run(&state.db, move |c| {
        let scope = match source {
            CommentSource::Article(id) => {
                articles::find_approved(c, id)?.map(|_| Scope::Article(id))
            }
            CommentSource::Comment(id) => {
                comments::find_approved(c, id)?.map(|_| Scope::Replies(id))
            }
        };
        let Some(scope) = scope else {
            return Ok(None);
        };
        let (total, end_id) = comments::summary(c, scope)?;
        let after = match offset {
            Some(id) => Some((comments::cursor_is_top(c, id)?, id)),
            None => None,
        };
        let rows = comments::page(c, scope, after, limit)?;
        let liked = match viewer {
            Some(uid) => {
                let ids: Vec<i64> = rows.iter().map(|r| r.comment_id).collect();
                comments::liked_among(c, uid, &ids)?
            }
            None => Vec::new(),
        };
        Ok(Some((total, end_id, rows, liked)))
    })
    .await?;
    let Some((total, end_id, rows, liked)) = found else {
        return Ok(CommentPage {
            total_count: 0,
            end_id: None,
            last_id: None,
            results: Vec::new(),
        });
    };
    let storage = &state.settings.storage;
    let results: Vec<CommentView> = rows
        .into_iter()
        .map(|r| {
            let is_liking = liked.contains(&r.comment_id);
            CommentView::from_row(r, is_liking, storage)
        })
        .collect();
    Ok(CommentPage {
        total_count: total,
        end_id,
        last_id: results.last().map(|v| v.com_id),
        results,
    })
}

/// E39 `data`.
#[derive(Debug, Serialize)]
pub struct CreatedComment {
    pub com_id: i64,
    pub target: i64,
    pub art_id: i64,
    /// The created comment, for the client to insert into its list.
    pub new_obj: CommentView,
}

/// E39: a comment on article `target` (`art_id` None) or a reply to comment `target` of
/// article `art_id`. Notifies the article's author (never oneself).
pub async fn create(
    state: &AppState,
    user_id: i64,
    target: i64,
    content: String,
    art_id: Option<i64>,
) -> Result<CreatedComment, AppError> {
    let comment_id = state.ids.next_id();
    let now = chrono::Utc::now();
    let shown = content.clone();
    let (article, author) = db::transaction(&state.db, move |c| {
        let (article, parent) = match art_id {
            None => {
                let article = articles::find_approved(c, target)?
                    .ok_or_else(|| AppError::bad_request(INVALID_ARTICLE))?;
                (article, None)
            }
            Some(aid) => {
                let article = articles::find_approved(c, aid)?
                    .ok_or_else(|| AppError::param("art_id", INVALID_ARTICLE))?;
                let parent = comments::find_approved(c, target)?
                    .filter(|p| p.article_id == aid)
                    .ok_or_else(|| AppError::bad_request(INVALID_COMMENT))?;
                (article, Some(parent.comment_id))
            }
        };
        if !article.allow_comment {
            return Err(AppError::forbidden("Article denied comment."));
        }
        comments::insert(
            c,
            &NewComment {
                comment_id,
                user_id,
                article_id: article.article_id,
                parent_id: parent,
                content,
                is_top: false,
                like_count: 0,
                reply_count: 0,
                create_time: now,
            },
        )?;
        if let Some(parent_id) = parent {
            comments::add_replies(c, parent_id, 1)?;
        }
        article_counters::add(c, article.article_id, ArticleCounter::Comment, 1)?;
        let author = users::find_by_id(c, user_id)?
            .ok_or(AppError::Unauthorized("User must be authorized."))?;
        Ok((article, author))
    })
    .await?;
    let aut_photo = photo_url(&state.settings.storage, author.profile_photo.as_deref());
    if article.user_id != user_id {
        let actor = Actor {
            user_id,
            user_name: author.user_name.clone(),
            user_photo: aut_photo.clone(),
        };
        let art = ArticleRef {
            art_id: article.article_id,
            art_title: article.title,
        };
        events::notify(
            state,
            events::COMMENT_NOTIFY,
            article.user_id,
            &actor,
            Some(&art),
        )
        .await;
    }
    Ok(CreatedComment {
        com_id: comment_id,
        target,
        art_id: article.article_id,
        new_obj: CommentView {
            com_id: comment_id,
            aut_id: user_id,
            aut_name: author.user_name,
            aut_photo,
            like_count: 0,
            reply_count: 0,
            pubdate: pubdate(now),
            content: shown,
            is_top: 0,
            is_liking: false,
        },
    })
}

/// E40: likes an approved comment (idempotent).
pub async fn like(state: &AppState, user_id: i64, comment_id: i64) -> Result<(), AppError> {
    db::transaction(&state.db, move |c| {
        if comments::find_approved(c, comment_id)?.is_none() {
            return Err(AppError::param("target", INVALID_COMMENT));
        }
        if comments::like(c, user_id, comment_id)? {
            comments::add_likes(c, comment_id, 1)?;
        }
        Ok(())
    })
    .await
}

/// E41: cancels a comment like (idempotent).
pub async fn unlike(state: &AppState, user_id: i64, comment_id: i64) -> Result<(), AppError> {
    db::transaction(&state.db, move |c| {
        if comments::unlike(c, user_id, comment_id)? {
            comments::add_likes(c, comment_id, -1)?;
        }
        Ok(())
    })
    .await
}
