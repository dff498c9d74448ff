//! News channels (`news_channel`) as lists show them.

use diesel::prelude::*;
use serde::Serialize;

/// The contract's Channel: `{"id": int, "name": string}`.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Serialize)]
pub struct Channel {
    pub id: i32,
    pub name: String,
}

/// Id of the virtual 推荐 ("recommended") channel: prepended to lists, never stored.
pub const RECOMMENDED_ID: i32 = 0;
pub const RECOMMENDED_NAME: &str = "推荐";

impl Channel {
    pub fn recommended() -> Self {
        Self {
            id: RECOMMENDED_ID,
            name: RECOMMENDED_NAME.to_owned(),
        }
    }
}
