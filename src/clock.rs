//! The wall clock, injected: timed alerts are planned from it (so that a
//! due alert fires right after a suspend, whatever the monotonic timers
//! say), and tests drive it with `tokio::time::pause()`/`advance()`
//! instead of sleeping.

use chrono::{DateTime, Utc};
use std::sync::{Arc, Mutex};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

pub type SharedClock = Arc<dyn Clock>;

/// The system's wall clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

pub fn system() -> SharedClock {
    Arc::new(SystemClock)
}

/// A wall clock that runs with tokio's clock (paused and advanced in
/// tests), plus jumps of its own ([`TokioClock::jump`]: what a suspend
/// does to the wall clock while the monotonic clock stands still).
pub struct TokioClock {
    start_wall: DateTime<Utc>,
    start: tokio::time::Instant,
    jumped: Mutex<chrono::Duration>,
}

impl TokioClock {
    pub fn starting_at(wall: DateTime<Utc>) -> Arc<TokioClock> {
        Arc::new(TokioClock {
            start_wall: wall,
            start: tokio::time::Instant::now(),
            jumped: Mutex::new(chrono::Duration::zero()),
        })
    }

    /// Move the wall clock ahead by `d` without tokio's clock.
    pub fn jump(&self, d: chrono::Duration) {
        *self.jumped.lock().unwrap_or_else(|e| e.into_inner()) += d;
    }
}

impl Clock for TokioClock {
    fn now(&self) -> DateTime<Utc> {
        let ran = chrono::Duration::from_std(self.start.elapsed()).unwrap_or_default();
        self.start_wall + ran + *self.jumped.lock().unwrap_or_else(|e| e.into_inner())
    }
}
