//! Tracking events for an offline recommender: one JSON line per event on the logger
//! target `toutiao::behavior`, which `config/log4rs.yaml` sends to `logs/behavior.log`.
//!
//! The line keeps the original fields (`actionTime`, `readTime`, `channelId`, `param`) and
//! adds what a recommender needs to join it: the event, the article, the user or device.
//! It is serialised by serde, so a hostile `Trace` header cannot forge lines.

use chrono::Utc;
use serde::Serialize;

use crate::services::pubdate::action_time;

pub const TARGET: &str = "toutiao::behavior";

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Event {
    /// Opened an article (E27).
    Click,
    /// Collected an article (E30).
    Collect,
    /// Finished reading, with a duration (E43).
    Read,
}

/// Who did it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i64>,
    /// The `Anony <device>` id of an anonymous client.
    pub device_id: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Line<'a> {
    action_time: String,
    /// Reading time in ms, "" for events without one (as the original wrote it).
    read_time: String,
    channel_id: i32,
    /// The `Trace` header: its JSON when it is JSON, else the raw text as a string.
    param: serde_json::Value,
    event: Event,
    article_id: i64,
    user_id: Option<i64>,
    device_id: Option<&'a str>,
}

/// The JSON line for one event.
pub fn line(
    event: Event,
    actor: &Actor,
    article_id: i64,
    channel_id: i32,
    trace: &str,
    read_ms: Option<i64>,
) -> String {
    let line = Line {
        action_time: action_time(Utc::now()),
        read_time: read_ms.map(|ms| ms.to_string()).unwrap_or_default(),
        channel_id,
        param: serde_json::from_str(trace)
            .unwrap_or_else(|_| serde_json::Value::String(trace.to_owned())),
        event,
        article_id,
        user_id: actor.user_id,
        device_id: actor.device_id.as_deref(),
    };
    // Serialising these plain fields cannot fail; an empty line would only be skipped.
    serde_json::to_string(&line).unwrap_or_default()
}

/// Writes one event to the behaviour log.
pub fn record(
    event: Event,
    actor: &Actor,
    article_id: i64,
    channel_id: i32,
    trace: &str,
    read_ms: Option<i64>,
) {
    let line = line(event, actor, article_id, channel_id, trace, read_ms);
    if !line.is_empty() {
        log::info!(target: TARGET, "{line}");
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn anon() -> Actor {
        Actor {
            user_id: None,
            device_id: Some("dev-1".into()),
        }
    }

    #[test]
    fn a_json_trace_is_embedded_as_json() {
        let l = line(
            Event::Read,
            &Actor {
                user_id: Some(7),
                device_id: None,
            },
            42,
            3,
            r#"{"action":"read","articleId":"42"}"#,
            Some(12_000),
        );
        let v: serde_json::Value = serde_json::from_str(&l).unwrap();
        assert_eq!(v["param"]["action"], "read");
        assert_eq!(v["readTime"], "12000");
        assert_eq!(v["channelId"], 3);
        assert_eq!(v["event"], "read");
        assert_eq!(v["articleId"], 42);
        assert_eq!(v["userId"], 7);
        assert!(v["deviceId"].is_null());
        assert_eq!(v["actionTime"].as_str().unwrap().len(), 19);
    }

    #[test]
    fn a_hostile_trace_stays_inside_one_line() {
        let evil = "x\"}\n{\"forged\":true";
        let l = line(Event::Click, &anon(), 1, 0, evil, None);
        assert!(!l.contains('\n'));
        let v: serde_json::Value = serde_json::from_str(&l).unwrap();
        assert_eq!(v["param"], evil);
        assert_eq!(v["readTime"], "");
        assert_eq!(v["deviceId"], "dev-1");
        assert!(v["userId"].is_null());
    }
}
