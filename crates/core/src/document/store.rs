//! A document held in memory: edits with their history, the last deletion
//! for Undo, and what storage last held, so that saving can merge with other
//! tabs instead of overwriting them (see [`super::merge`]).

use super::conflict::{field_diffs, Conflict};
use super::{changes, Change, Document, HistoryEntry, Record};
use crate::error::Error;
use crate::exemption::{instant, Decision, Exemption, Policy};
use crate::fold::fold;
use crate::text::quote;
use chrono::{DateTime, SecondsFormat, Utc};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A change the user makes. Serialized (for messages and test files) with
/// each exemption as its text in the exemption file format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Edit {
    /// A new exemption; its `id` and `created_on` are set.
    Create(#[serde(with = "crate::exemption::text")] Exemption),
    /// An edited exemption (found by its `id`), edited from `base_revision`;
    /// `overwrite` saves it even if another tab changed it meanwhile.
    Update {
        /// The new version.
        #[serde(with = "crate::exemption::text")]
        exemption: Exemption,
        /// The revision the edit started from.
        base_revision: u32,
        /// Save over another tab's change.
        overwrite: bool,
    },
    /// A new expiry and justification.
    Renew {
        /// The exemption's id.
        id: String,
        /// The new expiry.
        expires_on: DateTime<Utc>,
        /// The new justification (its description).
        justification: String,
    },
    /// Approve or reject a request.
    Decide {
        /// The exemption's id.
        id: String,
        /// Approved or rejected.
        decision: Decision,
        /// Who decides, as recorded (not authenticated): never the
        /// requester.
        by: String,
        /// Why.
        comment: Option<String>,
    },
    /// Delete by id; Undo brings it back.
    Delete(String),
    /// Delete every exemption ("Start empty"); each deletion is in the
    /// history, and Undo does not bring them back.
    DeleteAll,
    /// Bring the last deleted exemption back.
    Undo,
    /// Settle a conflict: keep this tab's version, or take the other's.
    Resolve {
        /// The exemption's id.
        id: String,
        /// Keep this tab's version.
        keep_mine: bool,
    },
}

/// What an edit did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EditOutcome {
    /// Applied.
    Done,
    /// Not applied: another tab changed the exemption since the edit began.
    Conflict(Box<Conflict>),
}

/// A document in memory, with what storage last held.
#[derive(Debug, Clone, Default)]
pub struct Store {
    pub(super) doc: Document,
    /// Revisions as storage last held them, by id.
    pub(super) base: FxHashMap<String, u32>,
    /// History not yet written.
    pub(super) pending: Vec<HistoryEntry>,
    pub(super) dirty: bool,
    undo: Option<(Record, usize)>,
    pub(super) conflicts: Vec<Conflict>,
    /// What the last merge for a save wrote: the revisions and how many
    /// pending history entries, so that edits made while the text was being
    /// written stay pending.
    pub(super) writing: Option<(FxHashMap<String, u32>, usize)>,
    /// The policy was set here since the last save.
    pub(super) policy_changed: bool,
    /// The policy the last merge for a save wrote.
    pub(super) policy_writing: Option<Option<Policy>>,
}

impl Store {
    /// A store holding `doc`, as storage holds it.
    pub fn new(doc: Document) -> Store {
        let mut s = Store {
            doc,
            ..Default::default()
        };
        s.base = s.revisions();
        s
    }

    pub(super) fn revisions(&self) -> FxHashMap<String, u32> {
        self.doc
            .exemptions
            .iter()
            .filter_map(|r| Some((r.exemption.id.clone()?, r.revision)))
            .collect()
    }

    /// The document as it is in memory.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The exemptions, in order, for the engine: shared, not copied.
    pub fn exemptions(&self) -> Vec<Arc<Exemption>> {
        self.doc
            .exemptions
            .iter()
            .map(|r| r.exemption.clone())
            .collect()
    }

    /// The exemption with this id.
    pub fn record(&self, id: &str) -> Option<&Record> {
        self.doc
            .exemptions
            .iter()
            .find(|r| r.exemption.id.as_deref() == Some(id))
    }

    /// Whether another exemption than `except` (an id) is named `name`, as
    /// the exemption file compares names: without case or surrounding
    /// spaces. An empty name is taken by none.
    pub fn name_taken(&self, name: &str, except: Option<&str>) -> bool {
        let wanted = fold(name.trim());
        !wanted.is_empty()
            && self.doc.exemptions.iter().any(|r| {
                r.exemption.id.as_deref() != except && fold(r.exemption.name.trim()) == wanted
            })
    }

    /// Whether memory holds changes storage does not.
    pub fn dirty(&self) -> bool {
        self.dirty
    }

    /// Edits that met another tab's change, until the user settles them.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// The name of the exemption Undo would bring back.
    pub fn undo_name(&self) -> Option<String> {
        self.undo.as_ref().map(|(r, _)| r.exemption.name.clone())
    }

    /// Sets the team's rules; saved like an edit.
    pub fn set_policy(&mut self, policy: Option<Policy>) {
        if policy != self.doc.policy {
            self.doc.policy = policy;
            self.policy_changed = true;
            self.dirty = true;
        }
    }

    /// Records in the history each expiry passed by `at` that it does not
    /// hold yet, at the instant of the expiry: an event of the clock, not
    /// of a person. Returns how many were recorded.
    pub fn record_lapses(&mut self, at: DateTime<Utc>) -> usize {
        let due: Vec<(usize, DateTime<Utc>)> = self
            .doc
            .exemptions
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, r.exemption.expires_on.filter(|e| *e <= at)?)))
            .collect();
        if due.is_empty() {
            return 0;
        }
        let seen: rustc_hash::FxHashSet<(&str, &str)> = self
            .doc
            .history
            .iter()
            .filter_map(|h| match &h.change {
                Change::Lapsed { on } => Some((h.id.as_str(), on.as_str())),
                _ => None,
            })
            .collect();
        let fresh: Vec<(usize, DateTime<Utc>)> = due
            .into_iter()
            .filter(|(i, on)| {
                let id = self.doc.exemptions[*i]
                    .exemption
                    .id
                    .as_deref()
                    .unwrap_or("");
                !seen.contains(&(id, instant(*on).as_str()))
            })
            .collect();
        for &(i, on) in &fresh {
            let record = self.doc.exemptions[i].clone();
            self.log(&record, on, Change::Lapsed { on: instant(on) });
        }
        fresh.len()
    }

    /// Says memory holds changes storage does not (after a repair).
    pub fn mark_dirty(&mut self) {
        self.dirty = true;
    }

    fn position(&self, id: &str) -> Result<usize, Error> {
        self.doc
            .exemptions
            .iter()
            .position(|r| r.exemption.id.as_deref() == Some(id))
            .ok_or_else(|| {
                Error::not_found(format!(
                    "no exemption has the id {}; it may have been deleted in another tab",
                    quote(id)
                ))
            })
    }

    pub(super) fn log(&mut self, record: &Record, at: DateTime<Utc>, change: Change) {
        let entry = HistoryEntry {
            id: record.exemption.id.clone().unwrap_or_default(),
            name: record.exemption.name.clone(),
            at: at.to_rfc3339_opts(SecondsFormat::Secs, true),
            change,
        };
        self.doc.history.push(entry.clone());
        self.pending.push(entry);
        self.dirty = true;
    }

    /// Puts `exemption` in place of the one at `i`, one revision on, and
    /// logs the changed fields with their values.
    pub(super) fn replace(&mut self, i: usize, exemption: Exemption, at: DateTime<Utc>) {
        let current = &self.doc.exemptions[i];
        let diff = changes(&current.exemption, &exemption);
        let record = Record {
            exemption: Arc::new(exemption),
            revision: current.revision.saturating_add(1),
        };
        self.log(
            &record,
            at,
            Change::Edited {
                fields: diff.iter().map(|c| c.field.clone()).collect(),
                changes: diff,
            },
        );
        self.doc.exemptions[i] = record;
    }

    /// Applies an edit at instant `at`.
    pub fn apply(&mut self, edit: Edit, at: DateTime<Utc>) -> Result<EditOutcome, Error> {
        match edit {
            Edit::Create(exemption) => {
                let id = exemption.id.clone().unwrap_or_default();
                if id.is_empty() || self.record(&id).is_some() {
                    return Err(Error::not_found("a new exemption needs an id of its own"));
                }
                if self.name_taken(&exemption.name, None) {
                    return Err(name_in_use(&exemption.name));
                }
                let record = Record {
                    exemption: Arc::new(exemption),
                    revision: 1,
                };
                self.log(&record, at, Change::Created);
                self.doc.exemptions.push(record);
            }
            Edit::Update {
                exemption,
                base_revision,
                overwrite,
            } => {
                let id = exemption.id.clone().unwrap_or_default();
                let i = self.position(&id)?;
                let current = self.doc.exemptions[i].clone();
                if current.revision != base_revision && !overwrite {
                    return Ok(EditOutcome::Conflict(Box::new(Conflict {
                        id,
                        name: current.exemption.name.clone(),
                        fields: field_diffs(Some(&current.exemption), Some(&exemption)),
                        theirs: Some(Exemption::clone(&current.exemption)),
                        mine: Some(exemption),
                        their_revision: current.revision,
                    })));
                }
                if self.name_taken(&exemption.name, Some(&id)) {
                    return Err(name_in_use(&exemption.name));
                }
                self.replace(i, exemption, at);
                self.conflicts.retain(|c| c.id != id);
            }
            Edit::Renew {
                id,
                expires_on,
                justification,
            } => {
                let i = self.position(&id)?;
                let mut record = self.doc.exemptions[i].clone();
                let from = record.exemption.expires_on.map(instant);
                let e = Arc::make_mut(&mut record.exemption);
                e.expires_on = Some(expires_on);
                e.description = Some(justification);
                record.revision += 1;
                self.log(
                    &record,
                    at,
                    Change::Renewed {
                        from,
                        to: instant(expires_on),
                    },
                );
                self.doc.exemptions[i] = record;
            }
            Edit::Decide {
                id,
                decision,
                by,
                comment,
            } => {
                let i = self.position(&id)?;
                let mut record = self.doc.exemptions[i].clone();
                Arc::make_mut(&mut record.exemption).decide(decision, &by, comment, at)?;
                let approval = record
                    .exemption
                    .governance
                    .approval
                    .clone()
                    .expect("just decided");
                record.revision += 1;
                self.log(
                    &record,
                    at,
                    Change::Decided {
                        decision,
                        by: approval.by,
                        comment: approval.comment,
                    },
                );
                self.doc.exemptions[i] = record;
            }
            Edit::Delete(id) => {
                let i = self.position(&id)?;
                let record = self.doc.exemptions.remove(i);
                self.log(&record, at, Change::Deleted);
                self.undo = Some((record, i));
            }
            Edit::DeleteAll => {
                for record in std::mem::take(&mut self.doc.exemptions) {
                    self.log(&record, at, Change::Deleted);
                }
                self.undo = None;
            }
            Edit::Undo => {
                let Some((mut record, i)) = self.undo.take() else {
                    return Ok(EditOutcome::Done);
                };
                if self.name_taken(&record.exemption.name, None) {
                    return Err(name_in_use(&record.exemption.name));
                }
                record.revision += 1;
                self.log(&record, at, Change::Restored);
                let i = i.min(self.doc.exemptions.len());
                self.doc.exemptions.insert(i, record);
            }
            Edit::Resolve { id, keep_mine } => {
                let Some(c) = self.conflicts.iter().position(|c| c.id == id) else {
                    return Ok(EditOutcome::Done);
                };
                let conflict = self.conflicts.remove(c);
                if keep_mine {
                    self.keep_mine(conflict, at)?;
                }
            }
        }
        Ok(EditOutcome::Done)
    }

    /// Applies this tab's side of a conflict over the other's.
    fn keep_mine(&mut self, c: Conflict, at: DateTime<Utc>) -> Result<(), Error> {
        let found = self
            .doc
            .exemptions
            .iter()
            .position(|r| r.exemption.id.as_deref() == Some(&c.id));
        match (c.mine, found) {
            (Some(mine), Some(i)) => {
                let current = self.doc.exemptions[i].clone();
                let diff = changes(&current.exemption, &mine);
                let record = Record {
                    exemption: Arc::new(mine),
                    revision: current.revision.max(c.their_revision) + 1,
                };
                self.log(
                    &record,
                    at,
                    Change::Edited {
                        fields: diff.iter().map(|d| d.field.clone()).collect(),
                        changes: diff,
                    },
                );
                self.doc.exemptions[i] = record;
            }
            (Some(mine), None) => {
                let record = Record {
                    exemption: Arc::new(mine),
                    revision: c.their_revision + 1,
                };
                self.log(&record, at, Change::Restored);
                self.doc.exemptions.push(record);
            }
            (None, Some(i)) => {
                let record = self.doc.exemptions.remove(i);
                self.log(&record, at, Change::Deleted);
            }
            (None, None) => {}
        }
        Ok(())
    }
}

fn name_in_use(name: &str) -> Error {
    Error::invalid(format!(
        "an exemption named “{}” already exists: names must differ without regard to case",
        quote(name)
    ))
    .at_field("name")
}
