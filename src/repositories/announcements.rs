//! `global_announcement`: only published ones (status 1) are ever read.

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use crate::models::news::AnnouncementRow;
use crate::schema::global_announcement as ga;

/// `status = 1` as a literal so that the partial index applies.
fn published() -> diesel::expression::SqlLiteral<Bool> {
    sql::<Bool>("global_announcement.status = 1")
}

type Columns = (
    ga::announcement_id,
    ga::title,
    ga::content,
    ga::publish_time,
    ga::create_time,
);
const COLUMNS: Columns = (
    ga::announcement_id,
    ga::title,
    ga::content,
    ga::publish_time,
    ga::create_time,
);

/// One page of published announcements, newest first, and how many there are.
pub fn page(
    conn: &mut PgConnection,
    offset: i64,
    limit: i64,
) -> QueryResult<(i64, Vec<AnnouncementRow>)> {
    let total = ga::table.filter(published()).count().get_result(conn)?;
    let rows = ga::table
        .filter(published())
        .order((
            ga::publish_time.desc().nulls_last(),
            ga::announcement_id.desc(),
        ))
        .offset(offset)
        .limit(limit)
        .select(COLUMNS)
        .load(conn)?;
    Ok((total, rows))
}

/// A published announcement, or None.
pub fn find_published(conn: &mut PgConnection, id: i64) -> QueryResult<Option<AnnouncementRow>> {
    ga::table
        .find(id)
        .filter(published())
        .select(COLUMNS)
        .first(conn)
        .optional()
}
