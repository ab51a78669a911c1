//! Exemptions in and out of the Exemptions page: what Export writes,
//! and exemption files set beside the exemptions shown (Import exemptions,
//! Compare with tenant).

use serde::{Deserialize, Serialize};

/// What Export writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportRequest {
    /// The format, as `--to` names it.
    pub format: String,
    /// Only these exemptions; all when absent.
    pub ids: Option<Vec<String>>,
    /// Initiative, assessment metadata and assignment files (name, text),
    /// for Azure Policy's formats.
    pub definitions: Vec<(String, String)>,
    /// Policy assignments: full ids, or a name for the assignment of that
    /// name at each subscription.
    pub assignments: Vec<String>,
}

/// Read exemption files set beside the exemptions shown.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Comparison {
    /// The exemption files read.
    pub files: Vec<String>,
    /// The files read as definitions (initiatives, assessment metadata).
    pub definitions: Vec<String>,
    /// Names only the files have: Apply adds them.
    pub added: Vec<String>,
    /// Exemptions both have whose content differs: Apply updates ours.
    pub updated: Vec<Changed>,
    /// How many both have alike.
    pub unchanged: u32,
    /// Names only the exemptions shown have.
    pub only_here: Vec<String>,
    /// What could not be brought over, each naming file, item and field.
    pub rejected: Vec<String>,
    /// What was changed on the way (a name already taken).
    pub notes: Vec<String>,
}

/// One exemption both sides have, and how it differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Changed {
    /// Its name.
    pub name: String,
    /// Each differing field: (field, ours, theirs), values as JSON text.
    pub fields: Vec<(String, String, String)>,
}

/// An export, ready to download.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    /// A file name for the download.
    pub name: String,
    /// Its media type.
    pub mime: String,
    /// Its text.
    pub text: String,
    /// What the format could not hold, and was left out.
    pub notes: Vec<String>,
}
