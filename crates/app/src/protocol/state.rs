//! The state the page shows everywhere, and what opening reported.

use super::EnvironmentChoice;
use exempt_core::document::Conflict;
use exempt_core::Score;
use serde::{Deserialize, Serialize};

/// What opening found in the stored document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenReport {
    /// Why the stored text could not be read (it must be kept aside).
    pub unreadable: Option<String>,
    /// The schema it was upgraded from.
    pub migrated_from: Option<u64>,
}

/// The state the page shows everywhere, sent after every change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Grows with every change; queries re-run when it does.
    pub revision: u64,
    /// The environment shown.
    pub environment: EnvironmentChoice,
    /// Assessments loaded.
    pub assessments: u64,
    /// Resources loaded.
    pub resources: u64,
    /// Exemptions.
    pub exemptions: u64,
    /// The secure score with exemptions.
    pub score: Score,
    /// Without.
    pub without: Score,
    /// Memory holds changes storage does not.
    pub dirty: bool,
    /// Why the exemptions shown are kept in memory only, when they are.
    pub memory_only: Option<MemoryOnly>,
    /// The name of the last deleted exemption, while Undo can bring it back.
    pub undo: Option<String>,
    /// Edits that met another tab's change.
    pub conflicts: Vec<Conflict>,
    /// What loading mended or set aside, in words.
    pub repairs: Vec<String>,
    /// Stored rows kept aside as unusable.
    pub set_aside: u32,
    /// The lifecycle review has run since the last change.
    pub findings_ready: bool,
    /// Each exemption's worth has been measured since the last change.
    pub worth_ready: bool,
    /// The engine's memory (its wasm heap), in bytes.
    pub heap_bytes: u64,
}

/// Why exemptions are shown but never saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemoryOnly {
    /// Generated for trying the app at scale.
    Generated,
    /// Sent by the host page of an embedded view.
    Hosted,
}
