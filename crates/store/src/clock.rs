//! The only place that reads the clock. Tests fix it.

use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Where "now" comes from.
#[derive(Clone, Debug)]
pub enum Clock {
    System,
    /// A settable instant (microseconds since the epoch), for tests.
    Fixed(Arc<AtomicI64>),
}

impl Clock {
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock::Fixed(Arc::new(AtomicI64::new(at.timestamp_micros())))
    }

    /// Moves a fixed clock forward; a system clock ignores it.
    pub fn advance(&self, by: chrono::Duration) {
        if let Clock::Fixed(t) = self {
            t.fetch_add(by.num_microseconds().unwrap_or(0), Ordering::SeqCst);
        }
    }

    /// Now, truncated to the microsecond so it survives a round trip through either database.
    pub fn now(&self) -> DateTime<Utc> {
        let micros = match self {
            #[allow(clippy::disallowed_methods)]
            Clock::System => Utc::now().timestamp_micros(),
            Clock::Fixed(t) => t.load(Ordering::SeqCst),
        };
        DateTime::from_timestamp_micros(micros).unwrap_or_default()
    }

    /// Today's date in Vietnam (UTC+7).
    pub fn today_vn(&self) -> NaiveDate {
        antt_domain::date::today_vn(self.now())
    }
}
