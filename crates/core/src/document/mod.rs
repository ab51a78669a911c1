//! The document the browser app keeps for an environment: its exemptions and
//! their history, versioned and compactly encoded so that tens of thousands
//! of exemptions fit in the browser's storage quota (about five million
//! characters).
//!
//! Schema 4 stores each exemption as a positional array and every scope and
//! recommendation key once, in a string table (exemptions at scale repeat the
//! same subscriptions and keys over and over), an append-only history whose
//! edits keep old and new values, and the rows that could not be used, kept
//! as they were. Schemas 1 to 3 are still read and migrated. Anything else is
//! reported, never guessed at, so that the caller can keep the raw text.
//!
//! [`repair`] checks a decoded document against the exemption rules and
//! mends what can be mended; [`Store`] holds a document in memory, applies
//! edits with their history, and merges with what another tab stored.

mod adopt;
mod codec;
mod conflict;
mod merge;
mod migrate;
mod repair;
mod row;
mod store;

pub use adopt::Adopted;
pub use codec::{decode, encode};
pub use conflict::{Conflict, FieldDiff};
pub use merge::MergeOutcome;
pub(crate) use repair::repair_identities;
pub use repair::{repair, Repair};
pub use store::{Edit, EditOutcome, Store};

use crate::exemption::{Exemption, CONTENT_FIELDS};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;

/// The schema this version writes.
pub const SCHEMA: u64 = 4;

/// An exemption as the app keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The exemption itself; the app always sets `id` and `created_on`.
    /// Shared with the session that evaluates it, so that 50,000
    /// exemptions are held once, not once per holder.
    pub exemption: Arc<Exemption>,
    /// Bumped on every save, to notice edits made in another tab meanwhile.
    pub revision: u32,
}

/// What happened to an exemption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum Change {
    /// Created.
    Created,
    /// Edited; the fields that changed, in the file format's names, with
    /// their values before and after.
    Edited {
        /// Changed fields.
        fields: Vec<String>,
        /// Each changed field's old and new value (absent in entries written
        /// before schema 4).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        changes: Vec<FieldChange>,
    },
    /// Renewed with a new expiry and justification.
    Renewed {
        /// The expiry before (RFC 3339), if it had one.
        from: Option<String>,
        /// The new expiry (RFC 3339).
        to: String,
    },
    /// Approved or rejected.
    Decided {
        /// What was decided.
        decision: crate::exemption::Decision,
        /// Who decided, as recorded (not authenticated).
        by: String,
        /// Why, in their words.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        comment: Option<String>,
    },
    /// Its expiry passed; recorded by Exempt, not by a person.
    Lapsed {
        /// The expiry that passed (RFC 3339).
        on: String,
    },
    /// Deleted.
    Deleted,
    /// Brought back by Undo after a deletion.
    Restored,
}

/// One field's value before and after an edit (`null` when absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    /// The field, in the file format's name.
    pub field: String,
    /// Its value before.
    pub before: Value,
    /// Its value after.
    pub after: Value,
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

/// The fields that differ between two versions of an exemption, with both
/// values.
pub fn changes(before: &Exemption, after: &Exemption) -> Vec<FieldChange> {
    let (b, a) = (before.to_value(), after.to_value());
    CONTENT_FIELDS
        .iter()
        .filter(|f| b.get(**f) != a.get(**f))
        .map(|f| FieldChange {
            field: f.to_string(),
            before: b.get(*f).cloned().unwrap_or(Value::Null),
            after: a.get(*f).cloned().unwrap_or(Value::Null),
        })
        .collect()
}

/// The names of the fields that differ between two versions.
pub fn changed_fields(before: &Exemption, after: &Exemption) -> Vec<String> {
    changes(before, after)
        .into_iter()
        .map(|c| c.field)
        .collect()
}

/// A stored row that could not be used, kept as it was so nothing is lost.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAside {
    /// The row as stored (or as the exemption file format, once read).
    pub row: Value,
    /// Why it was set aside.
    pub reason: String,
}

/// Everything the app persists for one environment.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Exemptions, in order (which decides ties).
    pub exemptions: Vec<Record>,
    /// What happened to every exemption, deleted ones included, oldest first.
    pub history: Vec<HistoryEntry>,
    /// Rows that could not be used, kept for the user.
    pub set_aside: Vec<SetAside>,
    /// The team's rules, when it set them.
    pub policy: Option<crate::exemption::Policy>,
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
