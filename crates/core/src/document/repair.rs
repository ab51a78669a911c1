//! Checking a stored document against the exemption rules, and mending what
//! can be mended, so that every id names exactly one exemption.
//!
//! Stored data can break the rules: an older version's bug, a hand edit, a
//! tool that wrote the key. Rows whose identity is broken are mended and
//! listed (a missing or repeated id gets a fresh one, a missing name or one
//! equal to another's without case gets a distinct one); rows that break a
//! rule that cannot be mended (no scope, a scope that is not an id) are set
//! aside, kept as they were and listed, and never evaluated or edited.
//!
//! New ids follow from the stored text alone (`<id>-2`, `exemption-1`), so
//! that every tab mends the same text the same way: one tab's Edit or
//! Delete then names the row another tab shows, and saving can merge the
//! mended rows with what storage still holds unmended.

use super::{Document, Record, SetAside};
use crate::exemption::Exemption;
use crate::fold::fold;
use crate::text::quote;
use rustc_hash::FxHashSet;
use std::sync::Arc;

/// One thing that was mended or set aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// The exemption's name after the repair.
    pub name: String,
    /// What was done, in words.
    pub message: String,
}

/// `doc` with broken identities mended and unusable rows set aside, and the
/// list of what was done.
pub fn repair(doc: Document) -> (Document, Vec<Repair>) {
    repair_known(doc, &|_| false)
}

/// As [`repair`] for rows that follow the exemption rules by construction
/// (exemptions already read field by field): only ids and names given
/// twice are mended.
pub(crate) fn repair_identities(doc: Document) -> (Document, Vec<Repair>) {
    repair_known(doc, &|_| true)
}

/// As [`repair`], taking the rows `known` accepts (equal to ones already
/// checked) as following the rules: checking every row of a large document
/// again on every save would cost more than the merge.
pub(super) fn repair_known(
    mut doc: Document,
    known: &dyn Fn(&Record) -> bool,
) -> (Document, Vec<Repair>) {
    let mut repairs = Vec::new();
    let mut kept = Vec::with_capacity(doc.exemptions.len());
    for (i, mut record) in std::mem::take(&mut doc.exemptions).into_iter().enumerate() {
        if known(&record) {
            kept.push(record);
            continue;
        }
        if record.exemption.name.trim().is_empty() {
            Arc::make_mut(&mut record.exemption).name = format!("Unnamed exemption {}", i + 1);
            repairs.push(Repair {
                name: record.exemption.name.clone(),
                message: format!(
                    "Stored exemption {} had no name; it is now called “{}”.",
                    i + 1,
                    record.exemption.name
                ),
            });
        }
        match Exemption::from_value(i + 1, &record.exemption.to_value()) {
            Ok(_) => kept.push(record),
            Err(problems) => {
                let reason = problems
                    .iter()
                    .map(|p| format!("{}: {}", p.field, p.message))
                    .collect::<Vec<_>>()
                    .join("; ");
                repairs.push(Repair {
                    name: record.exemption.name.clone(),
                    message: format!(
                        "“{}” breaks the exemption rules ({reason}): it is set aside, kept unchanged, and not evaluated.",
                        quote(&record.exemption.name)
                    ),
                });
                doc.set_aside.push(SetAside {
                    row: record.exemption.to_value(),
                    reason,
                });
            }
        }
    }
    // Every id in the document, so that a new one is never another row's.
    let mut used: FxHashSet<String> = kept.iter().filter_map(|r| r.exemption.id.clone()).collect();
    let mut ids: FxHashSet<String> = FxHashSet::default();
    let mut names: FxHashSet<String> = FxHashSet::default();
    // A row is copied only when it is mended: the document may share its
    // exemptions with a session.
    for record in &mut kept {
        let id_ok = record
            .exemption
            .id
            .as_deref()
            .is_some_and(|id| !id.trim().is_empty() && !ids.contains(id));
        if !id_ok {
            let e = Arc::make_mut(&mut record.exemption);
            let before = e.id.clone();
            let (stem, mut n) = match before.as_deref().map(str::trim) {
                Some(old) if !old.is_empty() => (old.to_string(), 2),
                _ => ("exemption".to_string(), 1),
            };
            while used.contains(&format!("{stem}-{n}")) {
                n += 1;
            }
            let id = format!("{stem}-{n}");
            used.insert(id.clone());
            e.id = Some(id);
            repairs.push(Repair {
                name: e.name.clone(),
                message: match before {
                    Some(old) if !old.trim().is_empty() => format!(
                        "“{}” had the same id as another exemption ({}); it was given a new one, so that editing or deleting one never touches the other.",
                        quote(&e.name),
                        quote(&old)
                    ),
                    _ => format!("“{}” had no id; it was given one.", quote(&e.name)),
                },
            });
        }
        ids.insert(record.exemption.id.clone().unwrap_or_default());
        if !names.insert(fold(record.exemption.name.trim()).into_owned()) {
            let e = Arc::make_mut(&mut record.exemption);
            let old = e.name.clone();
            let mut n = 2;
            while names.contains(fold(&format!("{} ({n})", old.trim())).as_ref()) {
                n += 1;
            }
            e.name = format!("{} ({n})", old.trim());
            names.insert(fold(&e.name).into_owned());
            repairs.push(Repair {
                name: e.name.clone(),
                message: format!(
                    "Two exemptions were named “{}” (names must differ without regard to case); this one is now “{}”.",
                    quote(&old),
                    quote(&e.name)
                ),
            });
        }
    }
    doc.exemptions = kept;
    (doc, repairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cloud, ExemptionCategory, Target};

    fn record(id: &str, name: &str, scopes: &[&str]) -> Record {
        let mut e = Exemption::new(
            name,
            Cloud::Azure,
            scopes.iter().map(|s| s.to_string()).collect(),
            ExemptionCategory::Waiver,
            Target::Recommendations(vec!["k".into()]),
        );
        e.id = Some(id.to_string()).filter(|i| !i.is_empty());
        Record {
            exemption: e.into(),
            revision: 1,
        }
    }

    #[test]
    fn broken_rows_are_mended_or_set_aside() {
        let doc = Document {
            exemptions: vec![
                record("a", "One", &["/subscriptions/s"]),
                record("a", "Two", &["/subscriptions/s"]),
                record("a", "one", &["/subscriptions/s"]),
                record("", "", &["/subscriptions/s"]),
                record("b", "No scope", &[]),
            ],
            ..Default::default()
        };
        let (doc, repairs) = repair(doc);
        let ids: Vec<_> = doc
            .exemptions
            .iter()
            .map(|r| r.exemption.id.clone().unwrap())
            .collect();
        assert_eq!(ids, ["a", "a-2", "a-3", "exemption-1"]);
        let names: Vec<_> = doc
            .exemptions
            .iter()
            .map(|r| r.exemption.name.as_str())
            .collect();
        assert_eq!(names, ["One", "Two", "one (2)", "Unnamed exemption 4"]);
        assert_eq!(doc.set_aside.len(), 1);
        assert!(doc.set_aside[0]
            .reason
            .contains("scopes: at least one scope is required"));
        assert_eq!(repairs.len(), 6, "{repairs:#?}");
    }
}
