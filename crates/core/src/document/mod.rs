//! The document the browser app keeps: exemptions and settings, versioned and
//! compactly encoded so that tens of thousands of exemptions fit in the
//! browser's storage quota (about five million characters).
//!
//! Schema 3 stores each exemption as a positional array and every scope and
//! recommendation key once, in a string table: exemptions at scale repeat the
//! same subscriptions and keys over and over, and keeps an append-only
//! history. Schema 2 (no history) and schema 1 (the exemption file format
//! with a version number) are still read and migrated. Anything else is
//! reported, never guessed at, so that the caller can keep the raw text.

mod codec;
mod migrate;

pub use codec::{decode, encode};

use crate::exemption::{Exemption, CONTENT_FIELDS};
use serde::{Deserialize, Serialize};

/// The schema this version writes.
pub const SCHEMA: u64 = 3;

/// An exemption as the app keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The exemption itself; the app always sets `id` and `created_on`.
    pub exemption: Exemption,
    /// Bumped on every save, to notice edits made in another tab meanwhile.
    pub revision: u32,
}

/// Which environment the app shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dataset {
    /// The small, realistic demo environment.
    #[default]
    Demo,
    /// The generated environment with 100,000 resources.
    Large,
}

/// User settings that persist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Settings {
    /// Which environment to show.
    pub dataset: Dataset,
}

/// What happened to an exemption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum Change {
    /// Created.
    Created,
    /// Edited; the fields that changed, in the file format's names.
    Edited {
        /// Changed fields.
        fields: Vec<String>,
    },
    /// Renewed with a new expiry and justification.
    Renewed {
        /// The expiry before (RFC 3339), if it had one.
        from: Option<String>,
        /// The new expiry (RFC 3339).
        to: String,
    },
    /// Deleted.
    Deleted,
    /// Brought back by Undo after a deletion.
    Restored,
}

/// One entry of the append-only history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    /// The exemption's id.
    pub id: String,
    /// Its name at the time.
    pub name: String,
    /// When (RFC 3339).
    pub at: String,
    /// What happened.
    #[serde(flatten)]
    pub change: Change,
}

/// The fields that differ between two versions of an exemption.
pub fn changed_fields(before: &Exemption, after: &Exemption) -> Vec<String> {
    let (b, a) = (before.to_value(), after.to_value());
    CONTENT_FIELDS
        .iter()
        .filter(|f| b.get(**f) != a.get(**f))
        .map(|f| f.to_string())
        .collect()
}

/// Everything the app persists under its main key.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Exemptions, in order (which decides ties).
    pub exemptions: Vec<Record>,
    /// Settings.
    pub settings: Settings,
    /// What happened to every exemption, deleted ones included, oldest first.
    pub history: Vec<HistoryEntry>,
}

/// What was found in storage.
#[derive(Debug, Clone, PartialEq)]
pub enum Decoded {
    /// Nothing stored yet.
    Empty,
    /// A document of the current schema.
    Current(Document),
    /// A document of an older schema, converted.
    Migrated {
        /// The converted document.
        document: Document,
        /// The schema it was written in.
        from: u64,
    },
    /// Text that is not a document: why.
    Corrupt(String),
    /// A document from a newer version of the app.
    Newer(u64),
}
