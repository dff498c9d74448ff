//! Dependency outages, logged once each: the first failure (with the request id that met it
//! and the whole cause chain), then the recovery with how long it lasted and how many calls
//! failed meanwhile. During an outage every request still gets its 503 and its access line,
//! but the log does not grow by a warning per request.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use crate::errors::{AppError, Dependency};

/// The outage state of one dependency.
pub struct Tracker {
    dependency: Dependency,
    down: AtomicBool,
    failures: AtomicU64,
    since: Mutex<Option<Instant>>,
}

impl Tracker {
    const fn new(dependency: Dependency) -> Self {
        Self {
            dependency,
            down: AtomicBool::new(false),
            failures: AtomicU64::new(0),
            since: Mutex::new(None),
        }
    }

    /// Records a failed call; logs it when it opens an outage, and says whether it did.
    pub fn failed(&self, request_id: Option<&str>, cause: &dyn std::fmt::Display) -> bool {
        self.failures.fetch_add(1, Ordering::Relaxed);
        if self.down.swap(true, Ordering::AcqRel) {
            return false;
        }
        if let Ok(mut since) = self.since.lock() {
            *since = Some(Instant::now());
        }
        let rid = request_id.unwrap_or("-");
        log::warn!(
            target: "toutiao::outage",
            "{} unavailable (first failure rid={rid}): {cause:#}",
            self.dependency
        );
        true
    }

    /// Records a successful call; logs the recovery when it closes an outage and returns how
    /// many calls failed during it. A relaxed load on the fast path: this runs on every call.
    pub fn succeeded(&self) -> Option<u64> {
        if !self.down.load(Ordering::Relaxed) || !self.down.swap(false, Ordering::AcqRel) {
            return None;
        }
        let failures = self.failures.swap(0, Ordering::Relaxed);
        let lasted = self
            .since
            .lock()
            .ok()
            .and_then(|mut s| s.take())
            .map_or(0.0, |t| t.elapsed().as_secs_f64());
        log::warn!(
            target: "toutiao::outage",
            "{} recovered after {lasted:.1}s; {failures} calls failed meanwhile",
            self.dependency
        );
        Some(failures)
    }

    pub fn is_down(&self) -> bool {
        self.down.load(Ordering::Relaxed)
    }
}

static POSTGRES: Tracker = Tracker::new(Dependency::Postgres);
static REDIS: Tracker = Tracker::new(Dependency::Redis);
static HASHING: Tracker = Tracker::new(Dependency::Hashing);

/// The process-wide tracker of `dependency` (outages are a fact about the process, like the
/// logger it writes to).
pub fn tracker(dependency: Dependency) -> &'static Tracker {
    match dependency {
        Dependency::Postgres => &POSTGRES,
        Dependency::Redis => &REDIS,
        Dependency::Hashing => &HASHING,
    }
}

/// Records `err` when it is an outage.
pub fn record(err: &AppError, request_id: Option<&str>) {
    if let AppError::Unavailable { dependency, source } = err {
        tracker(*dependency).failed(request_id, source);
    }
}

/// Records a successful call to `dependency`.
pub fn succeeded(dependency: Dependency) {
    tracker(dependency).succeeded();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outage_is_reported_once_when_it_opens_and_once_when_it_closes() {
        let t = Tracker::new(Dependency::Redis);
        assert_eq!(t.succeeded(), None, "no outage, nothing to report");
        let opened: Vec<bool> = (0..1000)
            .map(|_| t.failed(Some("rid"), &"refused"))
            .collect();
        assert_eq!(opened.iter().filter(|o| **o).count(), 1);
        assert!(opened[0] && t.is_down());
        assert_eq!(t.succeeded(), Some(1000));
        assert_eq!(t.succeeded(), None, "the recovery is reported once");
        assert!(!t.is_down());
        assert!(t.failed(None, &"refused"), "a new outage opens again");
        assert_eq!(t.succeeded(), Some(1));
    }
}
