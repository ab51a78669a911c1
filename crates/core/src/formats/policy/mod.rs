//! Azure Policy exemptions (`Microsoft.Authorization/policyExemptions`):
//! reading them into exemptions of recommendations through the
//! definitions; planning them from exemptions is in `plan`, and finding
//! the assignment each scope refers to in `assignment`.

use super::definitions::Definitions;
use super::item::{scope_of, Item};
use super::parts::unpack;
use super::Reading;
use crate::error::Error;
use crate::exemption::{AzureKind, AzureResource, Exemption, Target};
use crate::fold::fold;
use crate::model::Cloud;
use crate::text::quote;
use serde_json::Value;

mod assignment;
mod plan;

pub(crate) use plan::{plan, PolicyExemption};

pub(crate) const TYPE: &str = "Microsoft.Authorization/policyExemptions";
pub(crate) const API: &str = "2024-12-01-preview";
pub(crate) const ASSIGNMENTS: &str = "Microsoft.Authorization/policyAssignments";

/// Reads one policy exemption. `p` is where its properties are: `properties.`
/// in REST and Resource Graph, empty in the Azure CLI's flattened output.
pub(crate) fn read(item: &mut Item, p: &str, r: &mut Reading) -> Result<(), Error> {
    let f = |name: &str| format!("{p}{name}");
    item.name = item
        .text(&f("displayName"))?
        .or(item.text("name")?)
        .map(str::to_string);
    let id = item.required("id")?;
    let scope = scope_of(id, &[TYPE]).ok_or_else(|| {
        item.error(
            "id",
            format!("`{}` is not the id of a policy exemption", quote(id)),
        )
    })?;
    let scope = item.scope("id", scope)?;
    let category = item.category(&f("exemptionCategory"))?;
    let assignment = item.required(&f("policyAssignmentId"))?;
    let refs = item
        .strings(&f("policyDefinitionReferenceIds"))?
        .unwrap_or_default();
    if let Some(Value::Array(selectors)) = item.get(&f("resourceSelectors")) {
        if !selectors.is_empty() {
            r.rejected
                .push(item.reject(&f("resourceSelectors"), selectors_reason(selectors)));
            return Ok(());
        }
    }
    let mut e = Exemption::new(
        item.name.clone().unwrap_or_default(),
        Cloud::Azure,
        vec![scope],
        category,
        Target::Recommendations(Vec::new()),
    );
    e.description = item.text(&f("description"))?.map(str::to_string);
    e.expires_on = item.instant(&f("expiresOn"))?;
    e.created_on = item.instant("systemData.createdAt")?;
    e.created_by = item.text("systemData.createdBy")?.map(str::to_string);
    if let Some(name) = id.rsplit('/').next().filter(|n| !n.trim().is_empty()) {
        e.azure.push(AzureResource {
            scope: e.scopes[0].clone(),
            name: name.to_string(),
            kind: AzureKind::PolicyExemption {
                assignment: assignment.to_string(),
                references: refs.clone(),
            },
        });
    }
    let order = unpack(item.get(&f("metadata")), &mut e)
        .map_err(|(k, m)| item.error(&f(&format!("metadata.{k}")), m))?;
    if matches!(e.target, Target::Recommendations(_)) {
        let field = f("policyDefinitionReferenceIds");
        let Some(keys) = map(item, &field, Some(assignment), None, &refs, r) else {
            return Ok(());
        };
        e.target = Target::Recommendations(keys);
    }
    r.part(item, e, order);
    Ok(())
}

fn selectors_reason(selectors: &[Value]) -> String {
    let mut kinds: Vec<&str> = selectors
        .iter()
        .filter_map(|s| s.get("selectors")?.as_array())
        .flatten()
        .filter_map(|s| s.get("kind")?.as_str())
        .collect();
    kinds.dedup();
    format!(
        "resource selectors ({}) narrow the exemption to some resources of its scope, which scopes and recommendations cannot express",
        kinds.join(", ")
    )
}

/// The assessment keys an exemption of `assignment` (or of initiative
/// `set_id`) covers through `refs` (every entry when empty). What cannot be
/// mapped is listed; `None` when nothing could be, or when the definitions
/// are missing altogether (noted for one error naming everything).
pub(crate) fn map(
    item: &Item,
    field: &str,
    assignment: Option<&str>,
    set_id: Option<&str>,
    refs: &[String],
    r: &mut Reading,
) -> Option<Vec<String>> {
    let defs = r.defs;
    if defs.is_empty() {
        let what = if refs.is_empty() {
            match (assignment, set_id) {
                (Some(a), _) if fold(a).contains("/policydefinitions/") => {
                    format!("policy {}", quote(a))
                }
                (Some(a), _) => format!("every policy of assignment {}", quote(a)),
                (None, s) => format!("every policy of initiative {}", quote(s.unwrap_or(""))),
            }
        } else {
            format!(
                "reference ids {}",
                refs.iter().map(|x| quote(x)).collect::<Vec<_>>().join(", ")
            )
        };
        r.needs
            .push(format!("{}: row {}: {what}", item.file, item.row));
        return None;
    }
    let mut keys: Vec<String> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    let mut add = |ks: &[String]| {
        for k in ks {
            if !keys.iter().any(|x| crate::fold::eq(x, k)) {
                keys.push(k.clone());
            }
        }
    };
    // An assignment of a single policy, rather than of an initiative.
    let single = assignment
        .and_then(|a| defs.assigned(a))
        .filter(|d| fold(d).contains("/policydefinitions/"));
    if let Some(policy) = single {
        add(defs.keys_of(policy));
        if defs.keys_of(policy).is_empty() {
            missing.push(format!(
                "policy {} backs no recommendation in the assessment metadata given",
                quote(policy)
            ));
        }
    } else {
        let set = match set_id {
            Some(s) => defs.set(s).ok_or_else(|| {
                Error::from(format!(
                    "initiative {} is not among the definitions given",
                    quote(s)
                ))
            }),
            None => defs.set_for(assignment.unwrap_or(""), Some(refs)),
        };
        let set = match set {
            Ok(s) => s,
            Err(why) => {
                r.rejected.push(item.reject(field, why.message));
                return None;
            }
        };
        if refs.is_empty() {
            let mut unmapped = Vec::new();
            for (reference, policy) in &set.entries {
                match defs.keys_of(policy) {
                    [] => unmapped.push(quote(reference)),
                    ks => add(ks),
                }
            }
            if !unmapped.is_empty() {
                missing.push(format!(
                    "the exemption covers the whole initiative; {} of its {} policies back no recommendation in the assessment metadata given: {}",
                    unmapped.len(),
                    set.entries.len(),
                    unmapped.join(", ")
                ));
            }
        }
        for reference in refs {
            let policy = policy_of_reference(defs, set, reference);
            match policy {
                None => missing.push(format!("reference id {} is not in initiative {}", quote(reference), quote(&set.id))),
                Some(p) => match defs.keys_of(&p) {
                    [] => missing.push(format!(
                        "reference id {}: policy {} backs no recommendation in the assessment metadata given",
                        quote(reference),
                        quote(&p)
                    )),
                    ks => add(ks),
                },
            }
        }
    }
    // With some recommendations mapped the exemption is imported, and the
    // reference ids that map to none stay with its Azure resource, to be
    // written back as they were: a note, not a refusal.
    for why in missing {
        if keys.is_empty() {
            r.rejected.push(item.reject(field, why));
        } else {
            let name = item
                .name
                .as_deref()
                .map(|n| format!(" \"{}\"", quote(n)))
                .unwrap_or_default();
            r.notes.push(format!(
                "{}: item {}{name}: {}{field}: {why}; it stays with the exemption's Azure resource and is exported as it is, but no recommendation shows it",
                item.file, item.row, item.path
            ));
        }
    }
    (!keys.is_empty()).then_some(keys)
}

/// A reference id's policy; EPAC also lets one name the policy itself, by
/// id or as `policyDefinitions/<name>`.
fn policy_of_reference(
    defs: &Definitions,
    set: &super::definitions::PolicySet,
    reference: &str,
) -> Option<String> {
    let folded = fold(reference.trim());
    if folded.contains("/providers/microsoft.authorization/policydefinitions/") {
        return Some(reference.trim().to_string());
    }
    if let Some(name) = folded.strip_prefix("policydefinitions/") {
        let tail = format!("/policydefinitions/{name}");
        return set
            .entries
            .iter()
            .map(|(_, p)| p)
            .find(|p| fold(p).ends_with(&tail))
            .cloned();
    }
    let _ = defs;
    set.policy(reference).map(str::to_string)
}
