//! The time, from the browser (the core never asks for it).

use chrono::{DateTime, NaiveDate, Utc};

/// Now, to the millisecond.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// Today's date in UTC, the calendar expiry dates are picked in.
pub fn today() -> NaiveDate {
    now().date_naive()
}
