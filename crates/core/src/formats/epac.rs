//! Enterprise Policy as Code (EPAC) exemption files: JSON/JSONC
//! (`{"exemptions": [...]}` with `exemptionCategory`) and CSV. Each entry
//! names what it exempts in one of five ways: an assignment and reference
//! ids, an initiative (by id or name) and reference ids, or one policy (by
//! id or name) wherever it is assigned.

use super::item::Item;
use super::parts::unpack;
use super::policy::map;
use super::Reading;
use crate::error::Error;
use crate::exemption::{AzureKind, AzureResource, Exemption, Target};
use crate::fold::fold;
use crate::model::Cloud;
use crate::text::quote;
use serde_json::{Map, Value};

/// Whether a parsed JSON file is an EPAC exemption file rather than the
/// project's own: its schema says so, or its entries carry EPAC's fields.
pub(crate) fn is_epac(top: &Map<String, Value>) -> bool {
    let schema = top.get("$schema").and_then(Value::as_str).unwrap_or("");
    schema.contains("policy-exemption-schema")
        || top
            .get("exemptions")
            .and_then(Value::as_array)
            .is_some_and(|list| {
                list.iter()
                    .any(|e| e.get("exemptionCategory").is_some() && e.get("category").is_none())
            })
}

pub(crate) fn read_json(file: &str, top: &Value, r: &mut Reading) -> Result<(), Error> {
    let list = top
        .get("exemptions")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for (i, entry) in list.iter().enumerate() {
        let mut item = Item::new(file, i as u64 + 1, format!("exemptions[{i}]."), entry);
        read(&mut item, r)?;
    }
    Ok(())
}

/// The fields that name what an entry exempts.
const WHAT: [&str; 5] = [
    "policyAssignmentId",
    "policySetDefinitionId",
    "policySetDefinitionName",
    "policyDefinitionId",
    "policyDefinitionName",
];

fn read(item: &mut Item, r: &mut Reading) -> Result<(), Error> {
    item.name = item
        .text("displayName")?
        .or(item.text("name")?)
        .map(str::to_string);
    if !item.value.is_object() {
        return Err(item.error("", "must be an object"));
    }
    let category = item.category("exemptionCategory")?;
    let mut scopes = Vec::new();
    let listed = match (item.text("scope")?, item.strings("scopes")?) {
        (Some(s), None) if !s.is_empty() => vec![("scope".to_string(), s.to_string())],
        (None | Some(""), Some(list)) if !list.is_empty() => list
            .into_iter()
            .enumerate()
            .map(|(i, s)| (format!("scopes[{i}]"), s))
            .collect(),
        _ => return Err(item.error("scopes", "give exactly one of scope and scopes")),
    };
    // A pattern is left out; the entry is refused only when nothing else
    // is left, and otherwise imported with a note naming what was dropped.
    let mut patterns = Vec::new();
    for (field, s) in listed {
        // `name:` and `:` prefixes only name the scope in EPAC's suffixes.
        let id = match s.split_once(':') {
            Some((_, rest)) if rest.starts_with('/') => rest,
            _ => s.as_str(),
        };
        if id.contains('*') {
            patterns.push(item.reject(
                &field,
                format!(
                    "`{}` is a pattern EPAC expands when it plans; list the scopes it stands for",
                    quote(id)
                ),
            ));
            continue;
        }
        scopes.push(item.scope(&field, id)?);
    }
    if scopes.is_empty() {
        r.rejected.extend(patterns);
        return Ok(());
    }
    if let Some(Value::Array(sel)) = item.get("resourceSelectors") {
        if !sel.is_empty() {
            let why = "resource selectors narrow the exemption to some resources of its scopes, which scopes and recommendations cannot express";
            r.rejected.push(item.reject("resourceSelectors", why));
            return Ok(());
        }
    }
    let given: Vec<(&str, &str)> = WHAT
        .iter()
        .filter_map(|f| {
            item.get(f)
                .and_then(Value::as_str)
                .filter(|v| !v.trim().is_empty())
                .map(|v| (*f, v))
        })
        .collect();
    let [(what, value)] = given.as_slice() else {
        return Err(item.error(
            "policyAssignmentId",
            format!("give exactly one of {}", WHAT.join(", ")),
        ));
    };
    let refs = item
        .strings("policyDefinitionReferenceIds")?
        .unwrap_or_default();
    let mut e = Exemption::new(
        item.name.clone().unwrap_or_default(),
        Cloud::Azure,
        scopes,
        category,
        Target::Recommendations(Vec::new()),
    );
    e.description = item.text("description")?.map(str::to_string);
    e.expires_on = item.instant("expiresOn")?;
    // EPAC deploys an entry under its own name at each scope; only an
    // entry of an assignment says which assignment that is.
    if let (Some(name), "policyAssignmentId") = (item.text("name")?, *what) {
        for scope in &e.scopes {
            e.azure.push(AzureResource {
                scope: scope.clone(),
                name: name.to_string(),
                kind: AzureKind::PolicyExemption {
                    assignment: value.to_string(),
                    references: refs.clone(),
                },
            });
        }
    }
    let order = unpack(item.get("metadata"), &mut e)
        .map_err(|(k, m)| item.error(&format!("metadata.{k}"), m))?;
    if matches!(e.target, Target::Recommendations(_)) {
        let keys = match *what {
            "policyAssignmentId" => map(
                item,
                "policyDefinitionReferenceIds",
                Some(value),
                None,
                &refs,
                r,
            ),
            "policySetDefinitionId" => map(
                item,
                "policyDefinitionReferenceIds",
                None,
                Some(value),
                &refs,
                r,
            ),
            "policySetDefinitionName" => match r.defs.set_named(value) {
                Some(set) => {
                    let id = set.id.clone();
                    map(
                        item,
                        "policyDefinitionReferenceIds",
                        None,
                        Some(&id),
                        &refs,
                        r,
                    )
                }
                None if r.defs.is_empty() => map(item, what, None, Some(value), &refs, r),
                None => {
                    r.rejected.push(item.reject(
                        what,
                        format!(
                            "initiative {} is not among the definitions given",
                            quote(value)
                        ),
                    ));
                    None
                }
            },
            _ if r.defs.is_empty() => map(item, what, Some(value), None, &[], r),
            _ => {
                let keys = if *what == "policyDefinitionId" {
                    r.defs.keys_of(value).to_vec()
                } else {
                    r.defs.keys_of_name(value)
                };
                if keys.is_empty() {
                    r.rejected.push(item.reject(
                        what,
                        format!(
                            "policy {} backs no recommendation in the assessment metadata given",
                            quote(value)
                        ),
                    ));
                }
                (!keys.is_empty()).then_some(keys)
            }
        };
        let Some(keys) = keys else { return Ok(()) };
        e.target = Target::Recommendations(keys);
    }
    // Only once the entry is sure to be imported: a refusal after this
    // point would list it both ways.
    r.notes.extend(patterns.iter().map(|p| {
        format!(
            "{}; the exemption is imported with its other scopes",
            p.plain()
        )
    }));
    r.part(item, e, order);
    Ok(())
}

/// Whether a text is an EPAC CSV file: its header names EPAC's columns.
pub(crate) fn is_csv(text: &str) -> bool {
    let header = text.lines().next().unwrap_or("");
    let cols: Vec<String> = header
        .split(',')
        .map(|c| fold(c.trim().trim_matches('"')).into_owned())
        .collect();
    cols.iter().any(|c| c == "exemptioncategory") && cols.iter().any(|c| c == "name")
}

pub(crate) fn read_csv(file: &str, text: &str, r: &mut Reading) -> Result<(), Error> {
    // EPAC reads CSV with PowerShell's ConvertFrom-Csv, which gives the
    // columns a short row lacks no value; a row with more cells than the
    // header would lose some, so that is refused.
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::input(file, None, format!("header: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i as u64 + 1;
        let record = record.map_err(|e| Error::input(file, Some(row), e.to_string()))?;
        if record.len() > header.len() {
            return Err(Error::input(
                file,
                Some(row),
                format!(
                    "{} cells where the header names {} columns",
                    record.len(),
                    header.len()
                ),
            ));
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut o = Map::new();
        for (h, cell) in header.iter().zip(record.iter()) {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let value = match fold(h).as_ref() {
                "scopes" | "policydefinitionreferenceids" => {
                    Value::Array(cell.split('&').map(|s| s.trim().into()).collect())
                }
                "metadata" | "resourceselectors" => crate::json::parse(cell).map_err(|e| {
                    Error::input(file, Some(row), format!("{h}: not JSON: {e}")).at_field(h)
                })?,
                "assignmentreferenceid" => {
                    let f = reference_field(cell).ok_or_else(|| {
                        Error::input(
                            file,
                            Some(row),
                            format!(
                                "{h}: `{}` names no policy, initiative or assignment",
                                quote(cell)
                            ),
                        )
                        .at_field(h)
                    })?;
                    o.insert(f.into(), cell.into());
                    continue;
                }
                _ => cell.into(),
            };
            o.insert(h.clone(), value);
        }
        rows.push((row, Value::Object(o)));
    }
    for (row, value) in &rows {
        let mut item = Item::new(file, *row, String::new(), value);
        read(&mut item, r)?;
    }
    Ok(())
}

/// Which field an `assignmentReferenceId` cell stands for, as EPAC's CSV
/// reader classifies it.
fn reference_field(cell: &str) -> Option<&'static str> {
    if cell.starts_with("policyDefinitions/") {
        Some("policyDefinitionName")
    } else if cell.contains("/providers/Microsoft.Authorization/policyDefinitions/") {
        Some("policyDefinitionId")
    } else if cell.starts_with("policySetDefinitions/") {
        Some("policySetDefinitionName")
    } else if cell.contains("/providers/Microsoft.Authorization/policySetDefinitions/") {
        Some("policySetDefinitionId")
    } else if cell.contains("/providers/Microsoft.Authorization/policyAssignments/") {
        Some("policyAssignmentId")
    } else {
        None
    }
}
