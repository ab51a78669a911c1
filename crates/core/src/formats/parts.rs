//! Pieces of exemptions read from formats that hold one scope (and one
//! recommendation) per resource, put back together; and the carrier of
//! what those formats have no field for.
//!
//! Defender and Azure Policy hold one scope per exemption, so export
//! writes an exemption as one resource per scope (and, for Defender, per
//! recommendation) and import must rebuild it: pieces that agree on every
//! other field are merged, but only into exemptions shaped as "these
//! scopes × these recommendations", since merging pieces that cover
//! different recommendations at different scopes would exempt more than
//! Azure does.

use crate::exemption::{instant, AzureKind, AzureResource, Exemption, ExemptionFile, Target};
use crate::fold::fold;
use crate::model::Cloud;
use crate::text::quote;
use serde_json::{Map, Value};

/// The key, in a format's metadata, of what it has no field for.
pub const CARRIER: &str = "exempt";

/// A piece of an exemption, in input order.
pub(crate) struct Part {
    pub exemption: Exemption,
    /// Pieces of Azure formats are merged; exemptions of the project's own
    /// file stand as they are.
    pub merge: bool,
    /// For messages: the file and item it came from.
    pub file: String,
    pub row: u64,
    /// The exemption's position in the file that was exported, carried in
    /// the metadata: formats that group by scope, or split into files,
    /// lose the order that decides between overlapping exemptions.
    pub order: Option<u64>,
}

/// What a target format cannot hold, to travel in its metadata: the user's
/// metadata object with the carrier beside it. Everything else (the user's
/// metadata when it is not a plain object) goes inside the carrier.
pub(crate) fn pack(e: &Exemption, cloud: bool, order: usize) -> Map<String, Value> {
    let mut out = Map::new();
    let mut c = Map::new();
    match &e.metadata {
        Some(Value::Object(m)) if !m.is_empty() && !m.contains_key(CARRIER) => out = m.clone(),
        Some(m) => {
            c.insert("metadata".into(), m.clone());
        }
        None => {}
    }
    if cloud {
        c.insert("cloud".into(), e.cloud.as_str().into());
    }
    if let Target::Category(cat) = &e.target {
        c.insert("recommendationCategory".into(), cat.clone().into());
    }
    if let Some(id) = &e.id {
        c.insert("id".into(), id.clone().into());
    }
    if let Some(t) = e.created_on {
        c.insert("createdOn".into(), instant(t).into());
    }
    if let Some(by) = &e.created_by {
        c.insert("createdBy".into(), by.clone().into());
    }
    if !e.extra.is_empty() {
        c.insert("fields".into(), Value::Object(e.extra.clone()));
    }
    super::people::pack(e, &mut out, &mut c);
    c.insert("order".into(), order.into());
    out.insert(CARRIER.into(), Value::Object(c));
    out
}

/// Reads a format's metadata back into `e`: the carrier's fields, and the
/// rest as the exemption's metadata; returns the position carried, if any.
/// Returns the problem with the carrier, if it has one, as (field inside
/// it, message).
pub(crate) fn unpack(
    metadata: Option<&Value>,
    e: &mut Exemption,
) -> Result<Option<u64>, (String, String)> {
    let Some(metadata) = metadata else {
        return Ok(None);
    };
    let Some(obj) = metadata.as_object() else {
        e.metadata = Some(metadata.clone());
        return Ok(None);
    };
    let mut rest = obj.clone();
    let (carrier, carried) = match rest.remove(CARRIER) {
        None => (Map::new(), false),
        Some(Value::Object(c)) => (c, true),
        Some(_) => return Err((CARRIER.into(), "must be an object".into())),
    };
    super::people::unpack(carried.then_some(&carrier), &mut rest, e)?;
    let bad = |f: &str, m: &str| Err((format!("{CARRIER}.{f}"), m.to_string()));
    let text = |f: &str| match carrier.get(f) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err((format!("{CARRIER}.{f}"), "must be a string".to_string())),
    };
    if let Some(c) = text("cloud")? {
        match Cloud::parse(&c) {
            Some(c) => e.cloud = c,
            None => return bad("cloud", "is not Azure, AWS or GCP"),
        }
    }
    if let Some(cat) = text("recommendationCategory")? {
        e.target = Target::Category(cat);
    }
    if let Some(id) = text("id")? {
        e.id = Some(id);
    }
    if let Some(t) = text("createdOn")? {
        match super::item::parse_instant(&t) {
            Some(t) => e.created_on = Some(t),
            None => return bad("createdOn", "is not a date and time"),
        }
    }
    if let Some(by) = text("createdBy")? {
        e.created_by = Some(by);
    }
    let order = match carrier.get("order") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_u64() {
            Some(n) => Some(n),
            None => return bad("order", "must be a whole number"),
        },
    };
    match carrier.get("fields") {
        None | Some(Value::Null) => {}
        Some(Value::Object(f)) => e.extra = f.clone(),
        Some(_) => return bad("fields", "must be an object"),
    }
    e.metadata = match (carrier.get("metadata"), rest.is_empty()) {
        (Some(m), true) => Some(m.clone()),
        (None, true) => None,
        (None, false) => Some(Value::Object(rest)),
        // Keys added beside the carrier (EPAC adds `deployedBy`) join an
        // object, and cannot join anything else.
        (Some(Value::Object(m)), false) => {
            let mut m = m.clone();
            m.extend(rest);
            Some(Value::Object(m))
        }
        (Some(_), false) => {
            return bad(
                "metadata",
                "is not an object, so the keys beside the carrier have nowhere to go",
            )
        }
    };
    Ok(order)
}

/// Merges pieces into exemptions in input order, and gives every
/// exemption a name no other one has (without case), noting each rename.
pub(crate) fn assemble(mut parts: Vec<Part>, notes: &mut Vec<String>) -> ExemptionFile {
    // Back in the order they were exported in, when every piece says it
    // (a stable sort: pieces of one exemption keep their own order).
    if !parts.is_empty() && parts.iter().all(|p| p.order.is_some()) {
        parts.sort_by_key(|p| p.order);
    }
    // Groups of pieces equal in everything but scopes, recommendations and
    // creation (Azure stamps each resource separately).
    let mut groups: Vec<(String, Vec<Part>)> = Vec::new();
    let mut index: rustc_hash::FxHashMap<String, usize> = Default::default();
    for (i, p) in parts.into_iter().enumerate() {
        let key = if p.merge {
            signature(&p.exemption)
        } else {
            format!("own {i}")
        };
        match index.get(&key) {
            Some(&g) => groups[g].1.push(p),
            None => {
                index.insert(key.clone(), groups.len());
                groups.push((key, vec![p]));
            }
        }
    }
    let mut out: Vec<(Exemption, String, u64)> = Vec::new();
    for (_, group) in groups {
        let first = &group[0];
        let (file, row) = (first.file.clone(), first.row);
        if !first.merge
            || matches!(
                first.exemption.target,
                Target::Category(_) | Target::Vulnerabilities(_)
            )
        {
            let mut e = first.exemption.clone();
            e.scopes = union(group.iter().flat_map(|p| p.exemption.scopes.iter()));
            e.azure = resources(group.iter().flat_map(|p| &p.exemption.azure));
            out.push((e, file, row));
            continue;
        }
        // A policy exemption names several recommendations at once, and is
        // written back whole from the exemption that holds it: pieces merge
        // only with pieces of the same recommendations.
        if group.iter().any(|p| has_policy_exemption(&p.exemption)) {
            let mut shapes: Vec<Vec<&Part>> = Vec::new();
            let mut shape_at: rustc_hash::FxHashMap<Vec<String>, usize> = Default::default();
            for p in &group {
                let at = *shape_at
                    .entry(folded_keys(&p.exemption.target))
                    .or_insert_with(|| {
                        shapes.push(Vec::new());
                        shapes.len() - 1
                    });
                shapes[at].push(p);
            }
            for pieces in shapes {
                let mut e = pieces[0].exemption.clone();
                e.scopes = union(pieces.iter().flat_map(|p| &p.exemption.scopes));
                e.azure = resources(pieces.iter().flat_map(|p| &p.exemption.azure));
                out.push((e, file.clone(), row));
            }
            continue;
        }
        // Each recommendation with the scopes it is exempted at, then one
        // exemption per distinct set of scopes.
        let mut keys: Vec<(String, Vec<String>, rustc_hash::FxHashSet<String>)> = Vec::new();
        let mut key_at: rustc_hash::FxHashMap<String, usize> = Default::default();
        for p in &group {
            let Target::Recommendations(ks) = &p.exemption.target else {
                continue;
            };
            for k in ks {
                let at = *key_at.entry(fold(k).into_owned()).or_insert_with(|| {
                    keys.push((k.clone(), Vec::new(), Default::default()));
                    keys.len() - 1
                });
                let (_, scopes, seen) = &mut keys[at];
                for s in &p.exemption.scopes {
                    if seen.insert(scope_key(s)) {
                        scopes.push(s.clone());
                    }
                }
            }
        }
        let mut shapes: Vec<(Vec<String>, Vec<String>)> = Vec::new();
        let mut shape_at: rustc_hash::FxHashMap<Vec<String>, usize> = Default::default();
        for (k, scopes, _) in keys {
            match shape_at.get(&folded_set(&scopes)) {
                Some(&i) => shapes[i].1.push(k),
                None => {
                    shape_at.insert(folded_set(&scopes), shapes.len());
                    shapes.push((scopes, vec![k]));
                }
            }
        }
        // Standard assignments hold one scope and one recommendation each,
        // and each recommendation is in one shape, at the scopes of that
        // shape: each assignment goes with the exemption of its
        // recommendation.
        let shape_of: rustc_hash::FxHashMap<String, usize> = shapes
            .iter()
            .enumerate()
            .flat_map(|(i, (_, ks))| ks.iter().map(move |k| (fold(k).into_owned(), i)))
            .collect();
        let mut held: Vec<Vec<AzureResource>> = vec![Vec::new(); shapes.len()];
        for a in resources(group.iter().flat_map(|p| &p.exemption.azure)) {
            if let AzureKind::StandardAssignment { recommendation } = &a.kind {
                if let Some(&i) = shape_of.get(fold(recommendation).as_ref()) {
                    held[i].push(a);
                }
            }
        }
        for ((scopes, ks), azure) in shapes.into_iter().zip(held) {
            let mut e = first.exemption.clone();
            e.azure = azure;
            e.scopes = scopes;
            e.target = Target::Recommendations(ks);
            out.push((e, file.clone(), row));
        }
    }
    let mut taken: rustc_hash::FxHashSet<String> = Default::default();
    let mut exemptions = Vec::with_capacity(out.len());
    for (mut e, file, row) in out {
        if !taken.insert(fold(e.name.trim()).into_owned()) {
            let base = e.name.clone();
            let mut n = 2;
            while !taken.insert(fold(format!("{} ({n})", base.trim()).as_str()).into_owned()) {
                n += 1;
            }
            e.name = format!("{base} ({n})");
            notes.push(format!(
                "{file}: row {row}: the name \"{}\" is already taken: imported as \"{}\"",
                quote(&base),
                quote(&e.name)
            ));
        }
        exemptions.push(e);
    }
    ExemptionFile {
        exemptions,
        policy: None,
        extra: Map::new(),
    }
}

fn has_policy_exemption(e: &Exemption) -> bool {
    e.azure
        .iter()
        .any(|a| matches!(a.kind, AzureKind::PolicyExemption { .. }))
}

fn folded_keys(t: &Target) -> Vec<String> {
    match t {
        Target::Recommendations(ks) => folded_set(ks),
        Target::Category(c) => vec![fold(c).into_owned()],
        Target::Vulnerabilities(v) => vec![v.describe()],
    }
}

/// Azure resources in first-seen order, each once.
fn resources<'a>(list: impl Iterator<Item = &'a AzureResource>) -> Vec<AzureResource> {
    let mut seen: rustc_hash::FxHashSet<String> = Default::default();
    list.filter(|a| seen.insert(a.signature()))
        .cloned()
        .collect()
}

fn signature(e: &Exemption) -> String {
    let mut v = e.to_value();
    if let Some(o) = v.as_object_mut() {
        for k in [
            "scopes",
            "recommendations",
            "createdOn",
            "createdBy",
            "azure",
        ] {
            o.remove(k);
        }
        o.insert("cloud".into(), e.cloud.as_str().into());
        o.insert("name".into(), fold(e.name.trim()).into_owned().into());
    }
    super::write::json(&v, false)
}

/// Scopes in first-seen order, each once (without case or trailing `/`).
fn union<'a>(scopes: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut seen: rustc_hash::FxHashSet<String> = Default::default();
    scopes
        .filter(|s| seen.insert(scope_key(s)))
        .cloned()
        .collect()
}

/// A scope as [`same_scope`] compares it.
fn scope_key(s: &str) -> String {
    fold(s.trim_end_matches('/')).into_owned()
}

fn folded_set(scopes: &[String]) -> Vec<String> {
    let mut v: Vec<String> = scopes.iter().map(|s| scope_key(s)).collect();
    v.sort_unstable();
    v
}

pub(crate) fn same_scope(a: &str, b: &str) -> bool {
    crate::fold::eq(a.trim_end_matches('/'), b.trim_end_matches('/'))
}
