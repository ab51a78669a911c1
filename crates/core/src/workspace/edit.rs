//! Changes: edits, adopting what was read, and saving beside other tabs.
//! Each change that alters the exemptions evaluates them once.

use super::Workspace;
use crate::document::{Adopted, Edit, EditOutcome, MergeOutcome};
use crate::error::Error;
use crate::score::Score;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The overall secure score now and after a change to several exemptions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    /// Now.
    pub before: Score,
    /// With the change.
    pub after: Score,
}

impl Workspace {
    /// Applies `edit` at `at`. A new exemption without an id gets one, and
    /// one without a creation time is created at `at`; one that names its
    /// requester is requested at `at`. An edit whose result breaks the
    /// team's policy, or that a requester decides, is refused whole.
    pub fn apply(&mut self, edit: Edit, at: DateTime<Utc>) -> Result<EditOutcome, Error> {
        // Refused before an id is drawn, so a refusal uses up none.
        self.check(&edit, at)?;
        let edit = match edit {
            Edit::Create(mut e) => {
                if e.id.as_deref().is_none_or(|id| id.trim().is_empty()) {
                    e.id = Some(self.unused_id());
                }
                e.created_on.get_or_insert(at);
                if e.governance.requested_by.is_some() {
                    e.governance.requested_on.get_or_insert(at);
                }
                Edit::Create(e)
            }
            Edit::Update {
                mut exemption,
                base_revision,
                overwrite,
            } => {
                // An approval covers what was approved: a change to what
                // the exemption does goes back for a decision.
                let policy = self.policy().unwrap_or_default();
                let old = exemption.id.as_deref().and_then(|id| self.store.record(id));
                if let Some(old) = old.map(|r| &r.exemption) {
                    if policy.needs_approval(exemption.category)
                        && !old.same_effect(&exemption)
                        && exemption.governance.approval == old.governance.approval
                    {
                        exemption.governance.approval = None;
                    }
                }
                Edit::Update {
                    exemption,
                    base_revision,
                    overwrite,
                }
            }
            other => other,
        };
        self.record_lapses(at);
        let outcome = self.store.apply(edit, at)?;
        if outcome == EditOutcome::Done {
            self.sync(at)?;
        }
        Ok(outcome)
    }

    /// Applies every edit in order, as one change: all or none, and one
    /// evaluation. Bulk actions on ticked rows (extend, approve, reject,
    /// delete) go through here, one history entry per exemption.
    pub fn apply_all(&mut self, edits: Vec<Edit>, at: DateTime<Utc>) -> Result<usize, Error> {
        let before = self.store.clone();
        self.record_lapses(at);
        let mut done = 0;
        for edit in edits {
            let failed = match self
                .check(&edit, at)
                .and_then(|()| self.store.apply(edit, at))
            {
                Ok(EditOutcome::Done) => None,
                Ok(EditOutcome::Conflict(c)) => Some(Error::invalid(format!(
                    "“{}” was changed in another tab meanwhile: nothing was changed",
                    c.name
                ))),
                Err(e) => Some(e),
            };
            if let Some(e) = failed {
                self.store = before;
                return Err(e);
            }
            done += 1;
        }
        self.sync(at)?;
        Ok(done)
    }

    /// Expiries passed by `at` go in the history before the edit made at
    /// `at`, so it reads in the order things happened.
    fn record_lapses(&mut self, at: DateTime<Utc>) {
        if self.held.is_none() {
            self.store.record_lapses(at);
        }
    }

    /// What applying `edits` together would do to the overall score,
    /// without applying them: refused as [`apply_all`](Self::apply_all)
    /// would refuse them.
    pub fn preview_all(&self, edits: Vec<Edit>, at: DateTime<Utc>) -> Result<Preview, Error> {
        let session = self.session()?;
        let mut store = self.store.clone();
        for edit in edits {
            self.check(&edit, at)?;
            if let EditOutcome::Conflict(c) = store.apply(edit, at)? {
                return Err(Error::invalid(format!(
                    "“{}” was changed in another tab meanwhile",
                    c.name
                )));
            }
        }
        Ok(Preview {
            before: session.score(),
            after: session.score_with(&store.exemptions())?,
        })
    }

    /// Refuses an edit whose result breaks the policy, decides a request
    /// by its requester, or renews without a new justification.
    fn check(&self, edit: &Edit, at: DateTime<Utc>) -> Result<(), Error> {
        let policy = self.policy().unwrap_or_default();
        let result = match edit {
            Edit::Create(e) => {
                // Created now: the longest expiry counts from now.
                let mut e = e.clone();
                e.created_on.get_or_insert(at);
                Some(e)
            }
            Edit::Update { exemption: e, .. } => Some(e.clone()),
            Edit::Renew {
                id,
                expires_on,
                justification,
            } => {
                let Some(r) = self.store.record(id) else {
                    return Ok(()); // the store names the missing id
                };
                let old = r.exemption.description.as_deref().unwrap_or("");
                if justification.trim().is_empty() || justification.trim() == old.trim() {
                    return Err(Error::invalid(format!(
                        "renewing “{}” needs a new justification: say why it is still needed now",
                        r.exemption.name
                    ))
                    .at_field("description"));
                }
                let mut e = crate::Exemption::clone(&r.exemption);
                e.expires_on = Some(*expires_on);
                e.description = Some(justification.clone());
                Some(e)
            }
            _ => None,
        };
        let Some(e) = result else {
            return Ok(());
        };
        if e.governance.self_approved() {
            let by = e.governance.requested_by.as_deref().unwrap_or_default();
            return Err(crate::exemption::requester_decides(by, &e.name));
        }
        let position =
            e.id.as_deref()
                .and_then(|id| {
                    self.store
                        .document()
                        .exemptions
                        .iter()
                        .position(|r| r.exemption.id.as_deref() == Some(id))
                })
                .unwrap_or(self.store.document().exemptions.len());
        let problems = policy.problems(position + 1, &e);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::exemptions(None, problems))
        }
    }

    /// Adopts the exemptions read by [`read_files`](Self::read_files): those
    /// named (as the file compares names), or all of them. Each takes the
    /// place of the held exemption of its name, keeping its id and
    /// creation, or is added with a new id; nothing changes unless every
    /// one can be adopted.
    pub fn adopt(&mut self, names: Option<&[String]>, at: DateTime<Utc>) -> Result<Adopted, Error> {
        let read = self
            .read
            .as_ref()
            .ok_or_else(|| Error::not_found("nothing was read to adopt: read the files again"))?;
        let chosen = read.chosen(names);
        let mut taken: rustc_hash::FxHashSet<String> = self
            .store
            .document()
            .exemptions
            .iter()
            .filter_map(|r| r.exemption.id.clone())
            .collect();
        let fresh = &mut self.fresh_id;
        let adopted = self.store.adopt(chosen, at, || loop {
            let id = fresh();
            if taken.insert(id.clone()) {
                return id;
            }
        })?;
        self.sync(at)?;
        Ok(adopted)
    }

    /// Merges with what storage holds now (`stored`), for a save: the text
    /// to write, or why not. `unreadable_kept` says unreadable stored text
    /// has been kept aside. Exemptions held in memory are never saved.
    pub fn merge_for_save(
        &mut self,
        stored: Option<&str>,
        unreadable_kept: bool,
        at: DateTime<Utc>,
    ) -> Result<MergeOutcome, Error> {
        if self.held.is_some() || !self.store.dirty() {
            return Ok(MergeOutcome::Clean);
        }
        let outcome = self.store.merge_for_save(stored, unreadable_kept);
        if let MergeOutcome::Write {
            adopted, conflicts, ..
        } = &outcome
        {
            if *adopted > 0 || *conflicts > 0 {
                // Another tab's exemptions came in with the merge.
                self.sync(at)?;
            }
        }
        Ok(outcome)
    }

    /// The merged text was written (`ok`), or could not be.
    pub fn saved(&mut self, ok: bool) {
        if ok {
            self.store.saved();
        } else {
            self.store.save_failed();
        }
    }

    /// Another tab wrote `stored`: its changes come in, this tab's unsaved
    /// ones stay. Exemptions held in memory are not touched.
    pub fn external(&mut self, stored: Option<&str>, at: DateTime<Utc>) -> Result<(), Error> {
        if self.held.is_none() && self.store.take_external(stored).is_some() {
            self.sync(at)?;
        }
        Ok(())
    }
}
