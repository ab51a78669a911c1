//! Two versions of one exemption that differ: a conflict between this tab
//! and another, and the fields in which they differ, as the store and the
//! merge for saving both report them.

use super::CONTENT_FIELDS;
use crate::exemption::Exemption;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An exemption changed in this tab and in another, or changed in one and
/// deleted in the other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    /// The exemption's id.
    pub id: String,
    /// Its name (the other tab's, when it has one).
    pub name: String,
    /// The other tab's version; `None` when it deleted it.
    #[serde(skip)]
    pub theirs: Option<Exemption>,
    /// This tab's version; `None` when this tab deleted it.
    #[serde(skip)]
    pub mine: Option<Exemption>,
    /// The fields that differ, with both values.
    pub fields: Vec<FieldDiff>,
    /// The other version's revision.
    pub their_revision: u32,
}

/// One field's value in the other tab's version and in this tab's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldDiff {
    /// The field, in the file format's name.
    pub field: String,
    /// In the other tab's version (empty when deleted or absent).
    pub theirs: String,
    /// In this tab's version.
    pub mine: String,
}

/// Display text of a field's value.
fn shown(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

/// The content fields in which two versions differ.
pub(super) fn field_diffs(theirs: Option<&Exemption>, mine: Option<&Exemption>) -> Vec<FieldDiff> {
    let t = theirs.map(Exemption::to_value);
    let m = mine.map(Exemption::to_value);
    CONTENT_FIELDS
        .iter()
        .filter_map(|f| {
            let a = t.as_ref().and_then(|v| v.get(*f));
            let b = m.as_ref().and_then(|v| v.get(*f));
            (a != b).then(|| FieldDiff {
                field: f.to_string(),
                theirs: shown(a),
                mine: shown(b),
            })
        })
        .collect()
}
