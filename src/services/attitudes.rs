//! Likes and dislikes of articles (E33-E36). Like and dislike exclude each other; the
//! article's `like_count`/`dislike_count` and the author's likes received move only on a
//! real change, in the same transaction, under a lock on the (user, article) row.

use crate::db;
use crate::errors::AppError;
use crate::models::article::Attitude;
use crate::repositories::article_counters::{self, ArticleCounter};
use crate::repositories::{articles, attitudes, users};
use crate::services::collections::INVALID_ARTICLE;
use crate::services::events::{self, Actor, ArticleRef};
use crate::services::users::{forget_user, photo_url};
use crate::state::AppState;

/// Applies the counter changes of going from `from` to `to`.
fn move_counters(
    c: &mut diesel::PgConnection,
    article_id: i64,
    author_id: i64,
    from: Option<Attitude>,
    to: Option<Attitude>,
) -> diesel::QueryResult<()> {
    for (attitude, delta) in [(from, -1), (to, 1)] {
        match attitude {
            Some(Attitude::Like) => {
                article_counters::add(c, article_id, ArticleCounter::Like, delta)?;
                // Likes received belong to the author, never to the liker.
                article_counters::add_author_likes(c, author_id, delta)?;
            }
            Some(Attitude::Dislike) => {
                article_counters::add(c, article_id, ArticleCounter::Dislike, delta)?;
            }
            None => {}
        }
    }
    Ok(())
}

/// E33/E35: sets the caller's attitude to `to` (switching from the other one if needed).
/// A new like notifies the author (never oneself).
pub async fn set(
    state: &AppState,
    user_id: i64,
    article_id: i64,
    to: Attitude,
) -> Result<(), AppError> {
    let notify = db::transaction(&state.db, move |c| {
        let article = articles::find_approved(c, article_id)?
            .ok_or_else(|| AppError::param("target", INVALID_ARTICLE))?;
        attitudes::ensure_row(c, user_id, article_id)?;
        let from = attitudes::lock(c, user_id, article_id)?;
        if from == Some(to) {
            return Ok(None);
        }
        attitudes::set(c, user_id, article_id, Some(to))?;
        move_counters(c, article_id, article.user_id, from, Some(to))?;
        let likes_moved = from == Some(Attitude::Like) || to == Attitude::Like;
        if to != Attitude::Like || article.user_id == user_id {
            return Ok(likes_moved.then_some((article.user_id, None)));
        }
        let liker = users::find_by_id(c, user_id)?;
        Ok(Some((article.user_id, liker.map(|u| (article, u)))))
    })
    .await?;
    let Some((author_id, notify)) = notify else {
        return Ok(());
    };
    // The author's likes received changed.
    forget_user(state, author_id).await;
    if let Some((article, liker)) = notify {
        let actor = Actor {
            user_id: liker.user_id,
            user_name: liker.user_name,
            user_photo: photo_url(&state.settings.storage, liker.profile_photo.as_deref()),
        };
        let art = ArticleRef {
            art_id: article.article_id,
            art_title: article.title,
        };
        events::notify(
            state,
            events::LIKING_NOTIFY,
            article.user_id,
            &actor,
            Some(&art),
        )
        .await;
    }
    Ok(())
}

/// E34/E36: clears the caller's attitude when it is `which` (idempotent).
pub async fn clear(
    state: &AppState,
    user_id: i64,
    article_id: i64,
    which: Attitude,
) -> Result<(), AppError> {
    let author = db::transaction(&state.db, move |c| {
        if attitudes::lock(c, user_id, article_id)? != Some(which) {
            return Ok(None);
        }
        let Some(author_id) = articles::author_of(c, article_id)? else {
            return Ok(None);
        };
        attitudes::set(c, user_id, article_id, None)?;
        move_counters(c, article_id, author_id, Some(which), None)?;
        Ok(Some(author_id))
    })
    .await?;
    if let (Some(author_id), Attitude::Like) = (author, which) {
        forget_user(state, author_id).await;
    }
    Ok(())
}
