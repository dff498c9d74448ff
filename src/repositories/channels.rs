//! `news_channel` and `news_user_channel`.

use diesel::prelude::*;

use crate::schema::news_channel;

/// True when `channel_id` is an existing, visible channel (0, the virtual 推荐, is not).
pub fn is_visible(conn: &mut PgConnection, channel_id: i32) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        news_channel::table
            .filter(news_channel::channel_id.eq(channel_id))
            .filter(news_channel::is_visible.eq(true)),
    ))
    .get_result(conn)
}
