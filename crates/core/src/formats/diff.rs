//! Drift between two exemption files: exemptions only on one side, and
//! the content fields that differ on exemptions both have. Exemptions
//! pair up by name without case; scopes and recommendations compare as
//! sets, without case (and scopes without a trailing `/`), as the engine
//! compares them; identity fields (`id`, `createdOn`, `createdBy`) are not
//! content and are left out.

use crate::exemption::{signatures, Exemption, ExemptionFile, CONTENT_FIELDS};
use crate::fold::fold;
use crate::text::quote;
use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// What differs between ours and theirs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diff {
    /// Whether nothing differs.
    pub equal: bool,
    /// Names of exemptions only ours has.
    pub only_in_ours: Vec<String>,
    /// Names of exemptions only theirs has.
    pub only_in_theirs: Vec<String>,
    /// Exemptions both have, with the fields that differ.
    pub changed: Vec<Change>,
    /// What importing either side could not bring over (which the
    /// comparison therefore cannot see).
    pub rejected: Vec<super::Rejected>,
}

/// One exemption both sides have, and how it differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Its name (ours).
    pub name: String,
    /// Each differing field with our value and theirs (`null` when absent).
    pub fields: Vec<FieldChange>,
}

/// One field that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field, as the exemption file names it.
    pub field: String,
    /// Our value.
    pub ours: Value,
    /// Their value.
    pub theirs: Value,
}

/// Compares two exemption files.
pub fn diff(ours: &ExemptionFile, theirs: &ExemptionFile) -> Diff {
    let key = |e: &Exemption| fold(e.name.trim()).into_owned();
    // Indexed by name, so that tens of thousands on each side pair up in
    // linear time; the first of a name wins, as a scan would find it.
    fn index(
        list: &[Exemption],
        key: impl Fn(&Exemption) -> String,
    ) -> rustc_hash::FxHashMap<String, &Exemption> {
        let mut map = rustc_hash::FxHashMap::default();
        for e in list {
            map.entry(key(e)).or_insert(e);
        }
        map
    }
    let (ours_by_name, theirs_by_name) =
        (index(&ours.exemptions, key), index(&theirs.exemptions, key));
    let only_in_ours: Vec<String> = ours
        .exemptions
        .iter()
        .filter(|e| !theirs_by_name.contains_key(&key(e)))
        .map(|e| e.name.clone())
        .collect();
    let only_in_theirs: Vec<String> = theirs
        .exemptions
        .iter()
        .filter(|e| !ours_by_name.contains_key(&key(e)))
        .map(|e| e.name.clone())
        .collect();
    let mut changed = Vec::new();
    for a in &ours.exemptions {
        let Some(b) = theirs_by_name.get(&key(a)).copied() else {
            continue;
        };
        let (va, vb) = (a.to_value(), b.to_value());
        let mut fields: Vec<FieldChange> = CONTENT_FIELDS
            .iter()
            .filter(|f| **f != "name")
            .filter(|f| normal(f, va.get(**f)) != normal(f, vb.get(**f)))
            .map(|f| FieldChange {
                field: f.to_string(),
                ours: va.get(*f).cloned().unwrap_or(Value::Null),
                theirs: vb.get(*f).cloned().unwrap_or(Value::Null),
            })
            .collect();
        if !a.azure.is_empty()
            && !b.azure.is_empty()
            && signatures(&a.azure) != signatures(&b.azure)
        {
            fields.push(FieldChange {
                field: "azure".into(),
                ours: va.get("azure").cloned().unwrap_or(Value::Null),
                theirs: vb.get("azure").cloned().unwrap_or(Value::Null),
            });
        }
        if !fields.is_empty() {
            changed.push(Change {
                name: a.name.clone(),
                fields,
            });
        }
    }
    Diff {
        equal: only_in_ours.is_empty() && only_in_theirs.is_empty() && changed.is_empty(),
        only_in_ours,
        only_in_theirs,
        changed,
        rejected: Vec::new(),
    }
}

/// Compares two imports, keeping what each left out.
pub fn diff_imported(ours: &super::Imported, theirs: &super::Imported) -> Diff {
    let mut d = diff(&ours.file, &theirs.file);
    d.rejected = ours
        .rejected
        .iter()
        .chain(&theirs.rejected)
        .cloned()
        .collect();
    // By name and reason: the field is the path in each file, which
    // differs between formats holding the same item.
    let what = |list: &[super::Rejected]| {
        let mut v: Vec<(Option<String>, String)> = list
            .iter()
            .map(|r| {
                (
                    r.name.as_deref().map(|n| fold(n.trim()).into_owned()),
                    r.reason.clone(),
                )
            })
            .collect();
        v.sort();
        v
    };
    d.equal &= what(&ours.rejected) == what(&theirs.rejected);
    d
}

/// A field's value as the engine reads it.
fn normal(field: &str, v: Option<&Value>) -> Value {
    let fold_text = |s: &str| Value::String(fold(s.trim().trim_end_matches('/')).into_owned());
    match (field, v) {
        (_, None) | (_, Some(Value::Null)) => Value::Null,
        ("scopes" | "recommendations", Some(Value::Array(a))) => {
            let mut items: Vec<String> = a
                .iter()
                .filter_map(Value::as_str)
                .map(|s| fold(s.trim().trim_end_matches('/')).into_owned())
                .collect();
            items.sort_unstable();
            items.dedup();
            items.into()
        }
        ("cloud" | "category" | "recommendationCategory", Some(Value::String(s))) => fold_text(s),
        (_, Some(v)) => v.clone(),
    }
}

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.equal {
            writeln!(f, "no differences")?;
        }
        for n in &self.only_in_ours {
            writeln!(f, "only in ours: \"{}\"", quote(n))?;
        }
        for n in &self.only_in_theirs {
            writeln!(f, "only in theirs: \"{}\"", quote(n))?;
        }
        if !self.equal
            && self.only_in_ours.is_empty()
            && self.only_in_theirs.is_empty()
            && self.changed.is_empty()
        {
            writeln!(f, "the two sides could not import the same items:")?;
        }
        for r in &self.rejected {
            writeln!(f, "not compared: {r}")?;
        }
        for c in &self.changed {
            writeln!(f, "changed: \"{}\"", quote(&c.name))?;
            for x in &c.fields {
                writeln!(
                    f,
                    "  {}: {} -> {}",
                    x.field,
                    quote(&super::write::json(&x.ours, false)),
                    quote(&super::write::json(&x.theirs, false))
                )?;
            }
        }
        Ok(())
    }
}
