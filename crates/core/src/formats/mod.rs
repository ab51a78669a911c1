//! Exemptions in and out of the formats Azure and its tools keep them in.
//!
//! Defender keeps exemptions in two places: standard assignments
//! (`Microsoft.Security/standardAssignments` with `effect: "Exempt"`, one
//! recommendation each) and, for recommendations backed by Azure Policy,
//! policy exemptions (`Microsoft.Authorization/policyExemptions`, naming
//! reference ids of an initiative). [`import`] reads those (REST lists and
//! single resources, Resource Graph rows, `az policy exemption list`),
//! EPAC exemption files, the project's own file and everything [`export`]
//! writes, recognising each by its content, into one exemption file, and
//! lists what cannot be brought over with the reason. [`export`] writes
//! templates (ARM, Bicep, Terraform), an `az` script, CSV for auditors and
//! an iCalendar file of expiries; [`diff`] compares two files of any
//! importable format.
//!
//! Formats that hold one scope or one recommendation per resource get one
//! resource per scope (and recommendation), with names derived from the
//! scope, the recommendation and the exemption, so exporting again gives
//! the same names. What a format has no field for (the cloud, a category,
//! the exemption's id and creation, its own metadata) travels in the
//! format's metadata under `"exempt"`, so import restores it.

mod arm;
pub(crate) mod audit;
mod az;
mod bicep;
mod defender;
mod defender_rule;
mod definitions;
mod detect;
mod diff;
mod disable_rules;
mod epac;
mod export;
mod guid;
mod hcl;
mod ics;
mod item;
mod lines;
mod parts;
mod people;
mod policy;
mod shell;
mod terraform;
mod write;

pub use definitions::Definitions;
pub use detect::{describe, describe_text, describe_value};
pub use diff::{diff, diff_imported, Change, Diff, FieldChange};
pub(crate) use export::{expand, identity, pretty, scopes};
pub use export::{export, export_with, ExportOptions, Exported, Format};
pub use guid::uuid5;
pub use parts::CARRIER;

use crate::error::{Error, Hint};
use crate::exemption::{Exemption, ExemptionFile};
use parts::Part;
use serde::Serialize;
use std::fmt;

/// Something import could not bring over, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rejected {
    /// The file, as named by the caller.
    pub file: String,
    /// The item's position in the file, from 1.
    pub item: u64,
    /// Its display name or name, when it has one.
    pub name: Option<String>,
    /// The field concerned, as the file spells it.
    pub field: String,
    /// Why it could not be brought over.
    pub reason: String,
}

impl Rejected {
    /// In plain words: the field named as people say it, not by its path
    /// in the file (see [`crate::error::field_words`]).
    pub fn plain(&self) -> String {
        self.say(&crate::error::field_words(&self.field))
    }

    fn say(&self, field: &str) -> String {
        let name = self
            .name
            .as_ref()
            .map(|n| format!(" \"{n}\""))
            .unwrap_or_default();
        format!(
            "{}: item {}{name}: {field}: {}",
            self.file, self.item, self.reason
        )
    }
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(&self.field))
    }
}

/// What import made of the files.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The exemptions, in the order the files gave them.
    pub file: ExemptionFile,
    /// What could not be brought over, and why.
    pub rejected: Vec<Rejected>,
    /// What was changed on the way (a name already taken).
    pub notes: Vec<String>,
    /// How many pieces (Azure resources, rows, entries) were read into the
    /// exemptions; with `rejected`, every item the files held.
    pub pieces: usize,
}

impl Imported {
    /// The exemptions named in `names` (compared as the file compares
    /// names), or every one when `names` is `None`.
    pub fn chosen(&self, names: Option<&[String]>) -> Vec<Exemption> {
        let wanted = |name: &str| {
            names.is_none_or(|list| list.iter().any(|n| crate::fold::eq(n.trim(), name.trim())))
        };
        self.file
            .exemptions
            .iter()
            .filter(|e| wanted(&e.name))
            .cloned()
            .collect()
    }

    /// "N exemptions from M items read (K refused)", for a summary line.
    pub fn summary(&self) -> String {
        format!(
            "{} exemption{} from {} item{} read ({} refused)",
            self.file.exemptions.len(),
            if self.file.exemptions.len() == 1 {
                ""
            } else {
                "s"
            },
            self.pieces + self.rejected.len(),
            if self.pieces + self.rejected.len() == 1 {
                ""
            } else {
                "s"
            },
            self.rejected.len()
        )
    }
}

impl Imported {
    /// `{"file": …, "rejected": […], "notes": […]}`.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::json!({
            "file": self.file.to_value(),
            "rejected": self.rejected,
            "notes": self.notes,
        })
    }
}

/// The state of one import.
pub(crate) struct Reading<'d> {
    pub defs: &'d Definitions,
    pub parts: Vec<Part>,
    pub rejected: Vec<Rejected>,
    pub notes: Vec<String>,
    /// Pieces that name reference ids while no definitions were given, for
    /// one error naming them all.
    pub needs: Vec<String>,
}

impl Reading<'_> {
    pub fn part(&mut self, item: &item::Item, exemption: Exemption, order: Option<u64>) {
        self.parts.push(Part {
            exemption,
            merge: true,
            file: item.file.to_string(),
            row: item.row,
            order,
        });
    }
}

/// Reads exemption files of any importable format, each given as its name
/// (for messages) and its text, into one exemption file. An import that
/// fails returns an error naming the file, the item and the field, and
/// nothing else.
pub fn import<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    definitions: &Definitions,
) -> Result<Imported, Error> {
    let mut r = Reading {
        defs: definitions,
        parts: Vec::new(),
        rejected: Vec::new(),
        notes: Vec::new(),
        needs: Vec::new(),
    };
    for (name, text) in files {
        detect::read(name, text, &mut r)?;
    }
    if !r.needs.is_empty() {
        return Err(Error::invalid(format!(
            "Azure Policy exemptions name policies by reference ids of an initiative, which it and the assessment metadata map:\n{}",
            r.needs.join("\n")
        ))
        .with_hint(Hint::Definitions));
    }
    let mut notes = r.notes;
    let pieces = r.parts.len();
    let file = parts::assemble(r.parts, &mut notes);
    // What was assembled must be a file the project reads.
    ExemptionFile::from_value(file.to_value())?;
    Ok(Imported {
        file,
        rejected: r.rejected,
        notes,
        pieces,
    })
}
