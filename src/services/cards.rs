//! The article shapes lists share (contract §1.9): ArticleCard, the card plus `is_liking`,
//! and the `{total_count, page, per_page, results}` page.

use diesel::PgConnection;
use serde::Serialize;

use crate::models::news::CardRow;
use crate::repositories::attitudes;
use crate::services::pubdate::pubdate;

/// ArticleCard.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleCard {
    pub art_id: i64,
    pub title: String,
    pub aut_id: i64,
    pub aut_name: String,
    pub comm_count: i32,
    pub like_count: i32,
    pub collect_count: i32,
    pub pubdate: String,
    pub cover: serde_json::Value,
    pub is_top: i32,
    pub ch_id: i32,
}

impl From<CardRow> for ArticleCard {
    fn from(r: CardRow) -> Self {
        Self {
            art_id: r.article_id,
            title: r.title,
            aut_id: r.user_id,
            aut_name: r.user_name,
            comm_count: r.comment_count,
            like_count: r.like_count,
            collect_count: r.collect_count,
            pubdate: pubdate(r.create_time),
            cover: r.cover,
            is_top: i32::from(r.is_top),
            ch_id: r.channel_id,
        }
    }
}

/// ArticleCard + `is_liking` (collections, histories, user articles).
#[derive(Debug, Clone, Serialize)]
pub struct LikedCard {
    #[serde(flatten)]
    pub card: ArticleCard,
    pub is_liking: bool,
}

/// Cards with `is_liking` for `viewer` (false for everyone when anonymous), in one query.
pub fn with_likes(
    conn: &mut PgConnection,
    viewer: Option<i64>,
    rows: Vec<CardRow>,
) -> diesel::QueryResult<Vec<LikedCard>> {
    let liked = match viewer {
        Some(uid) => {
            let ids: Vec<i64> = rows.iter().map(|r| r.article_id).collect();
            attitudes::liked_among(conn, uid, &ids)?
        }
        None => Vec::new(),
    };
    Ok(rows
        .into_iter()
        .map(|r| LikedCard {
            is_liking: liked.contains(&r.article_id),
            card: r.into(),
        })
        .collect())
}

/// A page of a paged list (§1.8-1).
#[derive(Debug, Clone, Serialize)]
pub struct Page<T: Serialize> {
    pub total_count: i64,
    pub page: i64,
    pub per_page: i64,
    pub results: Vec<T>,
}

/// The offset of `page` (1-based).
pub fn offset(page: i64, per_page: i64) -> i64 {
    (page - 1).saturating_mul(per_page)
}
