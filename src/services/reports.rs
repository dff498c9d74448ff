//! Reports (E37): one per user per article; the remark is kept only for "other" (type 0).

use serde::Serialize;

use crate::db;
use crate::errors::AppError;
use crate::repositories::{articles, reports};
use crate::services::collections::INVALID_ARTICLE;
use crate::state::AppState;

/// The report type that keeps its remark.
pub const OTHER: i16 = 0;

#[derive(Debug, Serialize)]
pub struct Reported {
    pub target: i64,
    #[serde(rename = "type")]
    pub report_type: i16,
}

/// Stores a report; 409 when this user already reported this article.
pub async fn report(
    state: &AppState,
    user_id: i64,
    article_id: i64,
    report_type: i16,
    remark: Option<String>,
) -> Result<Reported, AppError> {
    let remark = remark.filter(|_| report_type == OTHER);
    db::transaction(&state.db, move |c| {
        if articles::find_approved(c, article_id)?.is_none() {
            return Err(AppError::param("target", INVALID_ARTICLE));
        }
        if !reports::insert(c, user_id, article_id, report_type, remark.as_deref())? {
            return Err(AppError::conflict("User has reported this article."));
        }
        Ok(())
    })
    .await?;
    Ok(Reported {
        target: article_id,
        report_type,
    })
}
