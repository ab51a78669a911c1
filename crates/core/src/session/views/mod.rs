//! Answers shaped for the browser app's pages, computed here so that the app
//! shows exactly what the core computes. Each is plain data that serializes
//! without self-description (no tags, no flattening, no skipped fields), so
//! the app's worker can send it to the page in a compact binary form, and the
//! JavaScript package can hand it out as JSON.
//!
//! Lists come a page at a time ([`Page`]): the session filters and sorts, and
//! only the rows in view cross to the page.

mod beside;
mod cache;
mod draft;
mod exemptions;
mod explain;
mod findings;
mod governance;
mod labels;
mod overview;
mod recommendations;
mod scopes;
mod vulnerabilities;

pub use beside::Beside;
pub(crate) use cache::Cache;
pub use draft::*;
pub use exemptions::*;
pub use explain::*;
pub use findings::*;
pub use governance::*;
pub(crate) use labels::resource_label;
pub use overview::*;
pub use recommendations::*;
pub use scopes::*;
pub use vulnerabilities::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A window of a filtered list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// Position of the first row in the filtered list.
    pub offset: usize,
    /// Rows that pass the filter.
    pub matching: usize,
    /// Rows before filtering.
    pub total: usize,
    /// The rows of the window.
    pub rows: Vec<T>,
}

impl<T> Page<T> {
    /// The window `offset..offset + limit` of `matching` (positions in a
    /// filtered list of `total`), with rows made by `row`.
    pub(crate) fn window<I: Copy>(
        list: &[I],
        total: usize,
        offset: usize,
        limit: usize,
        row: impl FnMut(I) -> T,
    ) -> Page<T> {
        let start = offset.min(list.len());
        let end = start.saturating_add(limit).min(list.len());
        Page {
            offset: start,
            matching: list.len(),
            total,
            rows: list[start..end].iter().copied().map(row).collect(),
        }
    }
}

/// What an expiry means at the session's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Expiry {
    /// No expiry date.
    Never,
    /// Already past.
    Expired,
    /// In this many days (rounded up).
    In(i64),
}

impl Expiry {
    /// Judges `expires_on` at `now`.
    pub fn of(expires_on: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Expiry {
        match expires_on {
            None => Expiry::Never,
            Some(e) if e <= now => Expiry::Expired,
            Some(e) => Expiry::In(((e - now).num_seconds() + 86_399) / 86_400),
        }
    }

    /// Expired, or expiring within `days`.
    pub fn due_within(self, days: i64) -> bool {
        match self {
            Expiry::Never => false,
            Expiry::Expired => true,
            Expiry::In(d) => d <= days,
        }
    }
}

/// The last day an exemption applies, `YYYY-MM-DD` (it expires at the next
/// midnight UTC).
pub fn last_day(expires_on: DateTime<Utc>) -> String {
    (expires_on - chrono::Duration::seconds(1))
        .format("%Y-%m-%d")
        .to_string()
}
