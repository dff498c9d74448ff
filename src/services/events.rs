//! Realtime notifications (`following notify`, `liking notify`, `comment notify`), published
//! to a Redis pub/sub channel so that the Socket.IO server only has to subscribe and emit
//! each message to room `str(recipient)`.
//!
//! Message: `{"event": "<name>", "room": "<recipient user id>", "data": {...payload}}`.
//! Publishing is best-effort: the write that caused it has already committed.

use serde::Serialize;

use crate::repositories::events;
use crate::state::AppState;

pub const FOLLOWING_NOTIFY: &str = "following notify";
pub const LIKING_NOTIFY: &str = "liking notify";
pub const COMMENT_NOTIFY: &str = "comment notify";

/// Who did it: the common part of every notification payload.
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    pub user_id: i64,
    pub user_name: String,
    pub user_photo: String,
}

/// The article a liking/comment notification is about.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRef {
    pub art_id: i64,
    pub art_title: String,
}

#[derive(Debug, Serialize)]
struct Payload<'a> {
    #[serde(flatten)]
    actor: &'a Actor,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    article: Option<&'a ArticleRef>,
    /// Seconds since the epoch, as the original server sent it.
    timestamp: i64,
}

#[derive(Debug, Serialize)]
pub struct Message<'a> {
    pub event: &'a str,
    pub room: String,
    data: Payload<'a>,
}

/// Builds the message for `recipient`.
pub fn message<'a>(
    event: &'a str,
    recipient: i64,
    actor: &'a Actor,
    article: Option<&'a ArticleRef>,
) -> Message<'a> {
    Message {
        event,
        room: recipient.to_string(),
        data: Payload {
            actor,
            article,
            timestamp: chrono::Utc::now().timestamp(),
        },
    }
}

/// Publishes a notification to `recipient`; failures are logged, never returned.
pub async fn notify(
    state: &AppState,
    event: &str,
    recipient: i64,
    actor: &Actor,
    article: Option<&ArticleRef>,
) {
    let msg = message(event, recipient, actor, article);
    let result = async {
        let body = serde_json::to_string(&msg)?;
        let mut conn = state.redis_conn().await?;
        events::publish(&mut conn, &state.keys.events_channel(), &body).await?;
        anyhow::Ok(())
    }
    .await;
    if let Err(e) = result {
        log::warn!("publishing {event} to user {recipient} failed: {e:#}");
    }
}

/// E50 (dev mode only): sends `recipient` a sample notification of kind `f` (following),
/// `l` (liking) or `c` (comment), through the same channel as real ones. None for an
/// unknown kind or in production mode (the route answers 404).
pub async fn send_sample(state: &AppState, recipient: i64, kind: &str) -> Option<()> {
    if state.settings.mode != crate::config::Mode::Dev {
        return None;
    }
    let event = match kind {
        "f" => FOLLOWING_NOTIFY,
        "l" => LIKING_NOTIFY,
        "c" => COMMENT_NOTIFY,
        _ => return None,
    };
    let actor = Actor {
        user_id: 1,
        user_name: "测试用户".to_owned(),
        user_photo: crate::services::users::photo_url(&state.settings.storage, None),
    };
    let article = ArticleRef {
        art_id: 1,
        art_title: "测试文章".to_owned(),
    };
    let article = (event != FOLLOWING_NOTIFY).then_some(&article);
    notify(state, event, recipient, &actor, article).await;
    Some(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn payloads_have_the_socketio_field_names() {
        let actor = Actor {
            user_id: 7,
            user_name: "a".into(),
            user_photo: "http://x/p".into(),
        };
        let art = ArticleRef {
            art_id: 9,
            art_title: "t".into(),
        };
        let v = serde_json::to_value(message(LIKING_NOTIFY, 3, &actor, Some(&art))).unwrap();
        assert_eq!(v["event"], "liking notify");
        assert_eq!(v["room"], "3");
        for f in [
            "user_id",
            "user_name",
            "user_photo",
            "art_id",
            "art_title",
            "timestamp",
        ] {
            assert!(v["data"].get(f).is_some(), "{f} missing in {v}");
        }
        let v = serde_json::to_value(message(FOLLOWING_NOTIFY, 3, &actor, None)).unwrap();
        assert!(v["data"].get("art_id").is_none());
    }
}
