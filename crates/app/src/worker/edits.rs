//! Changes to the exemptions: edits, generated exemptions, and the merge
//! for a save.

use super::engine::{now, parse, Engine, MAX_GENERATED};
use crate::protocol::{EditReply, EditRequest, MemoryOnly, MergeReply};
use chrono::{DateTime, Utc};
use exempt_core::document::{Document, Edit, EditOutcome, MergeOutcome, Store};
use exempt_core::synth::{Spec, Synth};
use exempt_core::Error;

impl Engine {
    pub(super) fn edit(&mut self, edit: EditRequest) -> Result<EditReply, Error> {
        let edit = match edit {
            EditRequest::Adopt(names) => return self.adopt(names),
            EditRequest::Create(json) => Edit::Create(parse(&json)?),
            EditRequest::Update {
                exemption,
                base_revision,
                overwrite,
            } => Edit::Update {
                exemption: parse(&exemption)?,
                base_revision,
                overwrite,
            },
            EditRequest::Renew {
                id,
                expires_on,
                justification,
            } => Edit::Renew {
                id,
                expires_on: DateTime::parse_from_rfc3339(&expires_on)
                    .map_err(|e| Error::invalid(format!("expiresOn: {e}")).at_field("expiresOn"))?
                    .with_timezone(&Utc),
                justification,
            },
            EditRequest::Delete(id) => Edit::Delete(id),
            EditRequest::DeleteAll => Edit::DeleteAll,
            EditRequest::Undo => Edit::Undo,
            EditRequest::Resolve { id, keep_mine } => Edit::Resolve { id, keep_mine },
        };
        match self.store_mut().apply(edit, now())? {
            EditOutcome::Done => {
                self.sync()?;
                Ok(EditReply::Done)
            }
            EditOutcome::Conflict(c) => Ok(EditReply::Conflict(c)),
        }
    }

    pub(super) fn generate(&mut self, count: u32) -> Result<(), Error> {
        let count = count.min(MAX_GENERATED) as usize;
        let spec = Spec {
            exemptions: count,
            ..Spec::large()
        };
        let records = Synth::new(spec)
            .exemptions()
            .into_iter()
            .enumerate()
            .map(|(i, mut exemption)| {
                exemption.id = Some(format!("generated-{i}"));
                exempt_core::document::Record {
                    exemption,
                    revision: 1,
                }
            })
            .collect();
        self.memory = Some((
            MemoryOnly::Generated,
            Store::new(Document {
                exemptions: records,
                ..Document::default()
            }),
        ));
        self.sync()
    }

    pub(super) fn merge(&mut self, stored: Option<&str>, unreadable_kept: bool) -> MergeReply {
        if self.memory.is_some() || !self.store.dirty() {
            return MergeReply::Clean;
        }
        match self.store.merge_for_save(stored, unreadable_kept) {
            MergeOutcome::Write {
                text,
                adopted,
                conflicts,
            } => {
                if adopted > 0 || conflicts > 0 {
                    // Another tab's exemptions came in with the merge.
                    let _ = self.sync();
                }
                MergeReply::Write {
                    text,
                    adopted: u32::try_from(adopted).unwrap_or(u32::MAX),
                    conflicts: u32::try_from(conflicts).unwrap_or(u32::MAX),
                }
            }
            MergeOutcome::Unreadable { reason } => MergeReply::Unreadable(reason),
        }
    }
}
