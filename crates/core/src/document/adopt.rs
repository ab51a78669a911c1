//! Exemptions brought in from elsewhere (an imported file, or the tenant's
//! copy in a comparison). Each pairs with the held exemption of the same
//! name without case, as `diff` pairs them: that one takes the incoming
//! content and keeps its id and creation; one with no partner is added.
//! Each change goes into the history like an edit made by hand.

use super::store::Store;
use super::{changes, Change, Record};
use crate::error::Error;
use crate::exemption::Exemption;
use crate::fold::fold;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// What adopting did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Adopted {
    /// Exemptions added.
    pub added: usize,
    /// Exemptions whose content changed.
    pub updated: usize,
    /// Exemptions already equal in content, left alone.
    pub unchanged: usize,
}

impl Store {
    /// Adopts `incoming` at `at`; an added exemption without an id, or with
    /// one already held, gets one from `fresh_id`. Nothing changes unless
    /// every exemption can be adopted.
    pub fn adopt(
        &mut self,
        incoming: Vec<Exemption>,
        at: DateTime<Utc>,
        mut fresh_id: impl FnMut() -> String,
    ) -> Result<Adopted, Error> {
        let key = |name: &str| fold(name.trim()).into_owned();
        let mut seen = std::collections::HashSet::new();
        for e in &incoming {
            if !seen.insert(key(&e.name)) {
                return Err(Error::invalid(format!(
                    "two exemptions to adopt are both named {}: rename one first",
                    crate::text::quote(&e.name)
                ))
                .at_field("name"));
            }
        }
        let held: rustc_hash::FxHashMap<String, usize> = self
            .doc
            .exemptions
            .iter()
            .enumerate()
            .map(|(i, r)| (key(&r.exemption.name), i))
            .collect();
        // Sets, not scans: an import may bring tens of thousands.
        let mut ids: std::collections::HashSet<String> = self
            .doc
            .exemptions
            .iter()
            .filter_map(|r| r.exemption.id.clone())
            .collect();
        let mut done = Adopted::default();
        for mut e in incoming {
            match held.get(&key(&e.name)) {
                Some(&i) => {
                    let current = self.doc.exemptions[i].clone();
                    e.id.clone_from(&current.exemption.id);
                    e.created_on = current.exemption.created_on.or(e.created_on);
                    e.created_by = current.exemption.created_by.clone().or(e.created_by);
                    if changes(&current.exemption, &e).is_empty() {
                        // The same content, now known by its Azure
                        // resources: kept, so that export updates them.
                        let record = &mut self.doc.exemptions[i];
                        if !e.azure.is_empty() && e.azure != record.exemption.azure {
                            Arc::make_mut(&mut record.exemption).azure = e.azure;
                            record.revision += 1;
                        }
                        done.unchanged += 1;
                        continue;
                    }
                    self.replace(i, e, at);
                    done.updated += 1;
                }
                None => {
                    if e.id
                        .as_deref()
                        .is_none_or(|id| id.is_empty() || ids.contains(id))
                    {
                        e.id = Some(fresh_id());
                    }
                    ids.insert(e.id.clone().unwrap_or_default());
                    e.created_on = e.created_on.or(Some(at));
                    let record = Record {
                        exemption: Arc::new(e),
                        revision: 1,
                    };
                    self.log(&record, at, Change::Created);
                    self.doc.exemptions.push(record);
                    done.added += 1;
                }
            }
        }
        Ok(done)
    }
}
