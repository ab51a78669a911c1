//! Exemptions in and out: files read and set beside the exemptions held
//! (to adopt, or to compare with the tenant's copy), and exports of the
//! exemptions held.

use super::history::shown;
use super::Workspace;
use crate::error::field_words;
use crate::error::Error;
use crate::exemption::ExemptionFile;
use crate::formats::{self, Definitions, ExportOptions, Format};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Exemption files set beside the exemptions held.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Comparison {
    /// The exemption files read.
    pub files: Vec<String>,
    /// The definition files that mapped policy exemptions: those read with
    /// them, or else those kept from before.
    pub definitions: Vec<String>,
    /// Names only the files have.
    pub added: Vec<String>,
    /// Exemptions both have that differ.
    pub updated: Vec<Changed>,
    /// Exemptions both have, alike.
    pub unchanged: u32,
    /// Names only the workspace holds.
    pub only_here: Vec<String>,
    /// What could not be read, with why.
    pub rejected: Vec<String>,
    /// What was changed on the way.
    pub notes: Vec<String>,
}

/// One exemption both sides have, and its differing fields in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Changed {
    /// Its name.
    pub name: String,
    /// Field, value held, value read.
    pub fields: Vec<(String, String, String)>,
}

/// What to export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportRequest {
    /// A format's name, as `exempt export --to` takes it.
    pub format: String,
    /// Only these exemptions (by id), or all.
    pub ids: Option<Vec<String>>,
    /// Definition files (name, text) for Azure Policy formats.
    pub definitions: Vec<(String, String)>,
    /// Policy assignments: full ids, or names.
    pub assignments: Vec<String>,
}

/// An exported file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    /// A name to save it as.
    pub name: String,
    /// Its media type.
    pub mime: String,
    /// Its text.
    pub text: String,
    /// What the format could not hold.
    pub notes: Vec<String>,
}

impl Workspace {
    /// The names of the definition files kept for reads and exports.
    pub fn definitions_kept(&self) -> &[String] {
        self.definitions.as_ref().map_or(&[], |(names, _)| names)
    }

    /// The exemptions held, with the policy, as an exemption file.
    pub fn file(&self) -> ExemptionFile {
        ExemptionFile {
            exemptions: self.exemptions(),
            policy: self.policy(),
            extra: Default::default(),
        }
    }

    /// Reads `files` (name, text) of any format `exempt import` reads, and
    /// compares them with the exemptions held; nothing changes until they
    /// are adopted. Those that read as definitions (initiatives, assessment
    /// metadata, assignments) map the others' policy exemptions.
    pub fn read_files(&mut self, files: Vec<(String, String)>) -> Result<Comparison, Error> {
        let mut defs = Definitions::default();
        let (mut definitions, mut exemptions) = (Vec::new(), Vec::new());
        for (name, text) in files {
            let mut probe = defs.clone();
            if probe.add(&name, &text).is_ok() {
                defs = probe;
                definitions.push(name);
            } else {
                exemptions.push((name, text));
            }
        }
        if exemptions.is_empty() {
            return Err(Error::invalid(format!(
                "{} held only definitions (initiatives or assessment metadata): add the exemption files to read",
                definitions.join(", ")
            )));
        }
        // Files chosen with no definitions this time map with those kept.
        let given = !definitions.is_empty();
        let using = match (&self.definitions, given) {
            (Some((_, kept)), false) => kept,
            _ => &defs,
        };
        let read = formats::import(
            exemptions.iter().map(|(n, t)| (n.as_str(), t.as_str())),
            using,
        )?;
        let definitions = if given {
            self.definitions = Some((definitions.clone(), defs));
            definitions
        } else {
            self.definitions_kept().to_vec()
        };
        let diff = formats::diff(&self.file(), &read.file);
        let comparison = Comparison {
            files: exemptions.into_iter().map(|(n, _)| n).collect(),
            definitions,
            unchanged: count(
                read.file.exemptions.len() - diff.only_in_theirs.len() - diff.changed.len(),
            ),
            added: diff.only_in_theirs,
            updated: diff
                .changed
                .into_iter()
                .map(|c| Changed {
                    name: c.name,
                    fields: c
                        .fields
                        .iter()
                        .map(|f| {
                            let field = field_words(&f.field);
                            (field, shown(&f.ours), shown(&f.theirs))
                        })
                        .collect(),
                })
                .collect(),
            only_here: diff.only_in_ours,
            rejected: read.rejected.iter().map(|r| r.plain()).collect(),
            notes: read.notes.clone(),
        };
        self.read = Some(read);
        Ok(comparison)
    }

    /// The exemptions held (all, or those the request names) in its
    /// format, judged at `at`.
    pub fn export(
        &mut self,
        request: &ExportRequest,
        at: DateTime<Utc>,
    ) -> Result<ExportFile, Error> {
        let format = Format::parse(&request.format)?;
        let mut file = self.file();
        if let Some(ids) = &request.ids {
            file.exemptions
                .retain(|e| e.id.as_ref().is_some_and(|id| ids.contains(id)));
        }
        let definitions = if request.definitions.is_empty() {
            self.definitions
                .as_ref()
                .map(|(_, d)| d.clone())
                .unwrap_or_default()
        } else {
            let given = Definitions::load(
                request
                    .definitions
                    .iter()
                    .map(|(n, t)| (n.as_str(), t.as_str())),
            )?;
            let names = request.definitions.iter().map(|(n, _)| n.clone());
            self.definitions = Some((names.collect(), given.clone()));
            given
        };
        let options = ExportOptions {
            definitions,
            environment: None,
            at,
            assignments: request.assignments.clone(),
            within: None,
        };
        // Only csv-assessments uses the session: it judges expiry at `at`,
        // as the next change would, and gives the session back with its own
        // exemptions.
        let exported = formats::export_with(&file, format, &options, self.session.as_mut())?;
        Ok(ExportFile {
            name: format.file_name().into(),
            mime: format.mime().into(),
            text: exported.text,
            notes: exported.notes,
        })
    }
}
