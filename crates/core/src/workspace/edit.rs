//! Changes: edits, adopting what was read, and saving beside other tabs.
//! Each change that alters the exemptions evaluates them once.

use super::Workspace;
use crate::document::{Adopted, Edit, EditOutcome, MergeOutcome};
use crate::error::Error;
use chrono::{DateTime, Utc};

impl Workspace {
    /// Applies `edit` at `at`. A new exemption without an id gets one, and
    /// one without a creation time is created at `at`.
    pub fn apply(&mut self, edit: Edit, at: DateTime<Utc>) -> Result<EditOutcome, Error> {
        let edit = match edit {
            Edit::Create(mut e) => {
                if e.id.as_deref().is_none_or(|id| id.trim().is_empty()) {
                    e.id = Some(self.unused_id());
                }
                e.created_on.get_or_insert(at);
                Edit::Create(e)
            }
            other => other,
        };
        let outcome = self.store.apply(edit, at)?;
        if outcome == EditOutcome::Done {
            self.sync(at)?;
        }
        Ok(outcome)
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
