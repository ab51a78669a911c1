//! Saving without losing another tab's work: a three-way merge, by exemption
//! id and revision, of what this tab holds, what storage held when this tab
//! last read or wrote it (the base), and what storage holds now.
//!
//! For each exemption: changed only here, this tab's version is kept;
//! changed only there, the other's is taken; changed in both, the other's is
//! kept and this tab's is held as a [`Conflict`] for the user to settle
//! (with both versions' differing fields), never dropped. A deletion meets an
//! edit the same way. New exemptions from either side are kept. History is
//! append-only: what storage holds, then this tab's entries not yet written.

use super::conflict::{field_diffs, Conflict};
use super::repair::repair_known;
use super::store::Store;
use super::{encode, Decoded, Document, Record};
use crate::exemption::Exemption;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// What saving found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum MergeOutcome {
    /// Nothing to save: nothing changed, or the exemptions are held in
    /// memory only (the workspace answers this; a store always merges).
    Clean,
    /// Write this text; then call [`Store::saved`] (or
    /// [`Store::save_failed`]).
    Write {
        /// The merged document, encoded.
        text: String,
        /// Exemptions taken from the other tab.
        adopted: usize,
        /// Conflicts found in this merge.
        conflicts: usize,
    },
    /// Storage holds text this version cannot read (another version of the
    /// app wrote it, or it is damaged). Keep a copy of it aside, then merge
    /// again with `unreadable_kept`; never write over it before that.
    Unreadable {
        /// Why it cannot be read.
        reason: String,
    },
}

impl Store {
    /// What storage holds, mended as on opening: a tab shows stored rows
    /// with broken identities mended, so it must merge with them mended the
    /// same way, or the merge would take the mended rows for deleted
    /// elsewhere and the broken ones for new.
    fn mended(&self, stored: Document) -> Document {
        let held: FxHashMap<&str, &Record> = self
            .doc
            .exemptions
            .iter()
            .filter_map(|r| Some((r.exemption.id.as_deref()?, r)))
            .collect();
        let known = |r: &Record| {
            r.exemption
                .id
                .as_deref()
                .and_then(|id| held.get(id))
                .is_some_and(|mine| *mine == r)
        };
        repair_known(stored, &known).0
    }

    /// Merges with what storage holds now (`stored`), in memory, and returns
    /// the text to write. `unreadable_kept` says a copy of unreadable stored
    /// text has been kept aside, so it may be written over.
    pub fn merge_for_save(&mut self, stored: Option<&str>, unreadable_kept: bool) -> MergeOutcome {
        let remote = match super::decode(stored) {
            Decoded::Empty => Document::default(),
            Decoded::Current(d) | Decoded::Migrated { document: d, .. } => self.mended(d),
            Decoded::Corrupt(why) if !unreadable_kept => {
                return MergeOutcome::Unreadable {
                    reason: format!("the stored exemptions could not be read ({why})"),
                }
            }
            Decoded::Newer(v) if !unreadable_kept => {
                return MergeOutcome::Unreadable {
                    reason: format!(
                    "the stored exemptions were written by a newer version of Exempt (schema {v})"
                ),
                }
            }
            // Kept aside and unreadable, the text can neither add nor delete
            // anything: merged as an empty document, every exemption this
            // tab saved before would count as deleted by it.
            Decoded::Corrupt(_) | Decoded::Newer(_) => {
                self.writing = Some((self.revisions(), self.pending.len()));
                return MergeOutcome::Write {
                    text: encode(&self.doc),
                    adopted: 0,
                    conflicts: 0,
                };
            }
        };
        let (adopted, conflicts) = self.merge_in(remote);
        self.writing = Some((self.revisions(), self.pending.len()));
        self.policy_writing = Some(self.doc.policy.clone());
        MergeOutcome::Write {
            text: encode(&self.doc),
            adopted,
            conflicts,
        }
    }

    /// The merged text was written: storage now holds memory as it was at
    /// the merge; edits made since stay pending.
    pub fn saved(&mut self) {
        let Some((revisions, written)) = self.writing.take() else {
            return;
        };
        self.base = revisions;
        self.pending.drain(..written.min(self.pending.len()));
        if self
            .policy_writing
            .take()
            .is_some_and(|p| p == self.doc.policy)
        {
            self.policy_changed = false;
        }
        self.dirty = self.pending_changes();
    }

    /// The merged text could not be written: storage still holds what it
    /// held, and this tab's changes stay pending.
    pub fn save_failed(&mut self) {
        self.writing = None;
        self.dirty = true;
    }

    /// Another tab wrote `stored`: take its changes into memory, keeping
    /// this tab's unsaved ones. Returns `None` when the text cannot be read
    /// (it is left alone; the next save keeps a copy of it first).
    pub fn take_external(&mut self, stored: Option<&str>) -> Option<(usize, usize)> {
        let remote = match super::decode(stored) {
            Decoded::Empty => Document::default(),
            Decoded::Current(d) | Decoded::Migrated { document: d, .. } => self.mended(d),
            Decoded::Corrupt(_) | Decoded::Newer(_) => return None,
        };
        let remote_revisions: FxHashMap<String, u32> = remote
            .exemptions
            .iter()
            .filter_map(|r| Some((r.exemption.id.clone()?, r.revision)))
            .collect();
        let outcome = self.merge_in(remote);
        // Storage now holds the other tab's text: that is the new base, and
        // whatever memory holds beyond it is this tab's to save.
        self.base = remote_revisions;
        self.dirty = self.pending_changes();
        Some(outcome)
    }

    fn pending_changes(&self) -> bool {
        !self.pending.is_empty()
            || self.doc.exemptions.iter().any(|r| {
                r.exemption
                    .id
                    .as_deref()
                    .is_none_or(|id| self.base.get(id) != Some(&r.revision))
            })
            || self.base.len() != self.doc.exemptions.len()
            || self.policy_changed
    }

    /// The three-way merge into memory; returns (adopted, conflicts).
    fn merge_in(&mut self, remote: Document) -> (usize, usize) {
        let id_of = |r: &Record| r.exemption.id.clone().unwrap_or_default();
        let mut local: FxHashMap<String, Record> = self
            .doc
            .exemptions
            .iter()
            .map(|r| (id_of(r), r.clone()))
            .collect();
        let local_order: Vec<String> = self.doc.exemptions.iter().map(id_of).collect();
        let mut out: Vec<Record> = Vec::with_capacity(remote.exemptions.len() + local.len());
        let mut adopted = 0;
        let mut conflicts: Vec<super::Conflict> = Vec::new();
        let remote_ids: rustc_hash::FxHashSet<String> =
            remote.exemptions.iter().map(id_of).collect();
        for theirs in remote.exemptions {
            let id = id_of(&theirs);
            let base = self.base.get(&id).copied();
            match local.remove(&id) {
                Some(mine) => {
                    let we = base.is_none_or(|b| mine.revision > b);
                    let they = base.is_none_or(|b| theirs.revision > b);
                    if we && they && mine.exemption != theirs.exemption {
                        conflicts.push(Conflict {
                            id: id.clone(),
                            name: theirs.exemption.name.clone(),
                            fields: field_diffs(Some(&theirs.exemption), Some(&mine.exemption)),
                            theirs: Some(Exemption::clone(&theirs.exemption)),
                            mine: Some(Exemption::clone(&mine.exemption)),
                            their_revision: theirs.revision,
                        });
                        out.push(theirs);
                    } else if we {
                        out.push(mine);
                    } else {
                        let same = theirs.exemption == mine.exemption;
                        if !same || theirs.revision != mine.revision {
                            adopted += 1;
                        }
                        // Unchanged, this tab's copy stays: the session
                        // shares it, and the decoded one would be a second.
                        out.push(Record {
                            exemption: if same {
                                mine.exemption
                            } else {
                                theirs.exemption
                            },
                            revision: theirs.revision,
                        });
                    }
                }
                None => match base {
                    // Deleted here: unless the other tab edited it since.
                    Some(b) if theirs.revision > b => {
                        conflicts.push(Conflict {
                            id: id.clone(),
                            name: theirs.exemption.name.clone(),
                            fields: field_diffs(Some(&theirs.exemption), None),
                            theirs: Some(Exemption::clone(&theirs.exemption)),
                            mine: None,
                            their_revision: theirs.revision,
                        });
                        out.push(theirs);
                    }
                    Some(_) => {}
                    None => {
                        adopted += 1;
                        out.push(theirs);
                    }
                },
            }
        }
        for id in local_order {
            let Some(mine) = local.remove(&id) else {
                continue;
            };
            if remote_ids.contains(&id) {
                continue;
            }
            match self.base.get(&id).copied() {
                // Deleted there: unless this tab edited it since.
                Some(b) if mine.revision > b => {
                    conflicts.push(Conflict {
                        id: id.clone(),
                        name: mine.exemption.name.clone(),
                        fields: field_diffs(None, Some(&mine.exemption)),
                        theirs: None,
                        mine: Some(Exemption::clone(&mine.exemption)),
                        their_revision: mine.revision,
                    });
                    out.push(mine);
                }
                Some(_) => adopted += 1,
                None => out.push(mine),
            }
        }
        // A conflict's pending history would describe an edit that did not
        // happen; the user's choice logs what does.
        let settled: Vec<&str> = conflicts.iter().map(|c| c.id.as_str()).collect();
        self.pending.retain(|h| !settled.contains(&h.id.as_str()));
        let mut history = remote.history;
        // Two tabs open across an expiry both record it: once is enough.
        let lapsed: rustc_hash::FxHashSet<(String, String)> = history
            .iter()
            .filter_map(|h| match &h.change {
                super::Change::Lapsed { on } => Some((h.id.clone(), on.clone())),
                _ => None,
            })
            .collect();
        history.extend(
            self.pending
                .iter()
                .filter(|h| match &h.change {
                    super::Change::Lapsed { on } => !lapsed.contains(&(h.id.clone(), on.clone())),
                    _ => true,
                })
                .cloned(),
        );
        let mut set_aside = remote.set_aside;
        for kept in std::mem::take(&mut self.doc.set_aside) {
            if !set_aside.contains(&kept) {
                set_aside.push(kept);
            }
        }
        let n = conflicts.len();
        for c in conflicts {
            self.conflicts.retain(|x| x.id != c.id);
            self.conflicts.push(c);
        }
        // The policy is one setting: this tab's if it changed it since the
        // last save, else whatever storage holds.
        let policy = if self.policy_changed {
            self.doc.policy.take()
        } else {
            remote.policy
        };
        self.doc = Document {
            exemptions: out,
            history,
            set_aside,
            policy,
        };
        (adopted, n)
    }
}
