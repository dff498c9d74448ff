//! `news_report`: one report per user per article, ever.

use diesel::prelude::*;

use crate::schema::news_report;

/// Stores a report; false when the user already reported this article.
pub fn insert(
    conn: &mut PgConnection,
    user_id: i64,
    article_id: i64,
    report_type: i16,
    remark: Option<&str>,
) -> QueryResult<bool> {
    diesel::insert_into(news_report::table)
        .values((
            news_report::user_id.eq(user_id),
            news_report::article_id.eq(article_id),
            news_report::report_type.eq(report_type),
            news_report::remark.eq(remark),
        ))
        .on_conflict((news_report::user_id, news_report::article_id))
        .do_nothing()
        .execute(conn)
        .map(|n| n > 0)
}
