//! Exemptions in and out: files read and set beside the exemptions shown
//! (Import exemptions, Compare with tenant), adopting them, and Export.
//! The formats, the pairing by name and the history are the core's.

use super::engine::{now, Engine};
use super::history::shown;
use crate::protocol::{Changed, Comparison, EditReply, ExportFile, ExportRequest};
use exempt_core::formats::{self, Definitions, ExportOptions, Format};
use exempt_core::{Error, ExemptionFile};

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Engine {
    fn held(&self) -> ExemptionFile {
        ExemptionFile {
            exemptions: self.store().exemptions(),
            extra: Default::default(),
        }
    }

    /// Reads `files`: those that read as definitions (initiatives,
    /// assessment metadata, assignments) map the others' policy exemptions.
    pub(super) fn read_exemptions(
        &mut self,
        files: Vec<(String, String)>,
    ) -> Result<Comparison, Error> {
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
        let read = formats::import(
            exemptions.iter().map(|(n, t)| (n.as_str(), t.as_str())),
            &defs,
        )?;
        let diff = formats::diff(&self.held(), &read.file);
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
                        .map(|f| (f.field.clone(), shown(&f.ours), shown(&f.theirs)))
                        .collect(),
                })
                .collect(),
            only_here: diff.only_in_ours,
            rejected: read.rejected.iter().map(ToString::to_string).collect(),
            notes: read.notes.clone(),
        };
        self.read = Some(read);
        Ok(comparison)
    }

    /// Adopts what was read: the exemptions named, or all of them.
    pub(super) fn adopt(&mut self, names: Option<Vec<String>>) -> Result<EditReply, Error> {
        let read = self
            .read
            .as_ref()
            .ok_or_else(|| Error::not_found("nothing was read to adopt: read the files again"))?;
        let chosen = read.chosen(names.as_deref());
        self.store_mut().adopt(chosen, now(), crate::random::uuid)?;
        self.sync()?;
        Ok(EditReply::Done)
    }

    /// The exemptions shown (or some) in the format asked for.
    pub(super) fn export(&mut self, request: ExportRequest) -> Result<ExportFile, Error> {
        let format = Format::parse(&request.format)?;
        let mut file = self.held();
        if let Some(ids) = &request.ids {
            file.exemptions
                .retain(|e| e.id.as_ref().is_some_and(|id| ids.contains(id)));
        }
        let definitions = Definitions::load(
            request
                .definitions
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str())),
        )?;
        let options = ExportOptions {
            definitions,
            environment: None,
            at: now(),
            assignments: request.assignments,
            within: None,
        };
        // Only csv-assessments uses the session: it judges expiry at this
        // instant, as the next change would, and gives the session back
        // with its own exemptions.
        let exported = formats::export_with(&file, format, &options, self.session.as_mut())?;
        let (stem, mime) = match format {
            Format::Exempt => ("exemptions.json", "application/json"),
            Format::DefenderArm => ("defender-exemptions.json", "application/json"),
            Format::AzurePolicyArm => ("policy-exemptions.json", "application/json"),
            Format::DefenderTerraform => ("defender-exemptions.tf", "text/plain"),
            Format::AzurePolicyTerraform => ("policy-exemptions.tf", "text/plain"),
            Format::AzurePolicyBicep => ("policy-exemptions.bicep", "text/plain"),
            Format::AzurePolicyAz => ("policy-exemptions.sh", "text/x-shellscript"),
            Format::Csv => ("exemptions.csv", "text/csv"),
            Format::CsvAssessments => ("exempted-assessments.csv", "text/csv"),
            Format::Ics => ("exemption-expiries.ics", "text/calendar"),
        };
        Ok(ExportFile {
            name: stem.into(),
            mime: mime.into(),
            text: exported.text,
            notes: exported.notes,
        })
    }
}
