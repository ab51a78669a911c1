//! Changes to the exemptions, and what the worker answers about them.

use exempt_core::document::Conflict;
use serde::{Deserialize, Serialize};

/// A change to the exemptions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EditRequest {
    /// A new exemption (JSON, with its id and creation time set).
    Create(String),
    /// An edited exemption (JSON), started from `base_revision`.
    Update {
        /// The new version.
        exemption: String,
        /// The revision the edit started from.
        base_revision: u32,
        /// Save over another tab's change.
        overwrite: bool,
    },
    /// A new expiry (RFC 3339) and justification.
    Renew {
        /// The exemption's id.
        id: String,
        /// The new expiry.
        expires_on: String,
        /// The new justification.
        justification: String,
    },
    /// Delete by id.
    Delete(String),
    /// Delete every exemption ("Start empty").
    DeleteAll,
    /// Bring the last deletion back.
    Undo,
    /// Adopt exemptions read by `ReadExemptions`: those named, or every
    /// added and updated one.
    Adopt(Option<Vec<String>>),
    /// Settle a conflict with another tab.
    Resolve {
        /// The exemption's id.
        id: String,
        /// Keep this tab's version.
        keep_mine: bool,
    },
}

/// One exemption, for editing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExemptionDetail {
    /// In the exemption file format.
    pub json: String,
    /// Its revision, to notice edits made elsewhere meanwhile.
    pub revision: u32,
}

/// One history entry, ready to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryRow {
    /// When (RFC 3339).
    pub at: String,
    /// The exemption's id.
    pub id: String,
    /// Its name then.
    pub name: String,
    /// Whether it still exists.
    pub exists: bool,
    /// Created, Edited, Renewed, Deleted, Restored.
    pub event: String,
    /// The changes, in words (field: old → new).
    pub details: Vec<String>,
}

/// What an edit did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EditReply {
    /// Applied.
    Done,
    /// Not applied: another tab changed it meanwhile.
    Conflict(Box<Conflict>),
}

/// What a merge for a save found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum MergeReply {
    /// Nothing to save.
    Clean,
    /// Write this text.
    Write {
        /// The merged document.
        text: String,
        /// Exemptions taken from another tab.
        adopted: u32,
        /// Conflicts found.
        conflicts: u32,
    },
    /// The stored text cannot be read: keep it aside first.
    Unreadable(String),
}
