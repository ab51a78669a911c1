//! The time, from the browser (the core never asks for it); natively, for
//! the app's native tests, from the system.

use chrono::{DateTime, NaiveDate, Utc};

/// Now, to the millisecond.
#[cfg(target_arch = "wasm32")]
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// Now, to the millisecond.
#[cfg(not(target_arch = "wasm32"))]
pub fn now() -> DateTime<Utc> {
    let at: DateTime<Utc> = std::time::SystemTime::now().into();
    DateTime::from_timestamp_millis(at.timestamp_millis()).unwrap_or_default()
}

/// Today's date in UTC, the calendar expiry dates are picked in.
pub fn today() -> NaiveDate {
    now().date_naive()
}
