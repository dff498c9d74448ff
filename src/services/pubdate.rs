//! How the API writes times: China time (UTC+8), no fraction, no zone.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};

/// China has had no daylight saving time since 1991: a fixed +8 h is exact.
fn china(t: DateTime<Utc>) -> NaiveDateTime {
    t.naive_utc() + TimeDelta::hours(8)
}

/// `pubdate`: `YYYY-MM-DDTHH:MM:SS` in UTC+8.
pub fn pubdate(t: DateTime<Utc>) -> String {
    china(t).format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// The behaviour log's `actionTime`: `YYYY-MM-DD HH:MM:SS` in UTC+8.
pub fn action_time(t: DateTime<Utc>) -> String {
    china(t).format("%Y-%m-%d %H:%M:%S").to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn pubdate_is_china_time_without_zone() {
        let t = DateTime::parse_from_rfc3339("2019-03-11T01:00:00.987Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(pubdate(t), "2019-03-11T09:00:00");
        assert_eq!(action_time(t), "2019-03-11 09:00:00");
        let late = DateTime::parse_from_rfc3339("2019-03-11T20:30:05Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(pubdate(late), "2019-03-12T04:30:05");
    }
}
