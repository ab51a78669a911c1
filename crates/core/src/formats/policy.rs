//! Azure Policy exemptions (`Microsoft.Authorization/policyExemptions`):
//! reading them into exemptions of recommendations through the
//! definitions, and planning them from exemptions.

use super::definitions::Definitions;
use super::item::{scope_of, Item};
use super::parts::{pack, unpack};
use super::{expand, identity, Reading};
use crate::error::{Error, Problem};
use crate::exemption::{instant, Exemption, ExemptionFile, Target};
use crate::fold::fold;
use crate::model::{Cloud, ExemptionCategory};
use crate::text::quote;
use crate::Environment;
use serde_json::{Map, Value};

pub(crate) const TYPE: &str = "Microsoft.Authorization/policyExemptions";
pub(crate) const API: &str = "2024-12-01-preview";
const ASSIGNMENTS: &str = "Microsoft.Authorization/policyAssignments";

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
    unpack(item.get(&f("metadata")), &mut e)
        .map_err(|(k, m)| item.error(&f(&format!("metadata.{k}")), m))?;
    if matches!(e.target, Target::Recommendations(_)) {
        let field = f("policyDefinitionReferenceIds");
        let Some(keys) = map(item, &field, Some(assignment), None, &refs, r) else {
            return Ok(());
        };
        e.target = Target::Recommendations(keys);
    }
    r.part(item, e);
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
            Some(s) => defs
                .set(s)
                .ok_or_else(|| format!("initiative {} was not given with --definitions", quote(s))),
            None => defs.set_for(assignment.unwrap_or(""), Some(refs)),
        };
        let set = match set {
            Ok(s) => s,
            Err(why) => {
                r.rejected.push(item.reject(field, why));
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
    for why in missing {
        r.rejected.push(item.reject(field, why));
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

/// One policy exemption to write.
pub(crate) struct PolicyExemption {
    pub scope: String,
    pub name: String,
    pub properties: Map<String, Value>,
}

/// Every exemption as policy exemptions: one per scope, naming the
/// reference ids of its recommendations in the initiative of the
/// assignment that covers the scope.
pub(crate) fn plan(
    file: &ExemptionFile,
    defs: &Definitions,
    env: Option<&Environment>,
    given: &[String],
    notes: &mut Vec<String>,
) -> Result<Vec<PolicyExemption>, Error> {
    let mut out = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut no_definitions: Vec<String> = Vec::new();
    for (i, e) in file.exemptions.iter().enumerate() {
        let problem = |field: &str, message: String| Problem {
            index: i + 1,
            name: Some(quote(&e.name)),
            field: field.into(),
            message,
        };
        let before = problems.len();
        if e.cloud != Cloud::Azure {
            problems.push(problem("cloud", format!("Azure Policy exempts Azure resources only; export {} exemptions with defender-arm or defender-terraform", e.cloud)));
        }
        if e.name.chars().count() > 128 {
            problems.push(problem(
                "name",
                "Azure Policy takes display names of at most 128 characters".into(),
            ));
        }
        if e.description
            .as_ref()
            .is_some_and(|d| d.chars().count() > 512)
        {
            problems.push(problem(
                "description",
                "Azure Policy takes descriptions of at most 512 characters".into(),
            ));
        }
        let keys = match expand(e, i, env) {
            Ok(k) => k,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        let field = match e.target {
            Target::Category(_) => "recommendationCategory",
            Target::Recommendations(_) => "recommendations",
        };
        // Each recommendation's policy; a category keeps those that have one.
        let mut policies: Vec<(String, String)> = Vec::new();
        let mut without: Vec<String> = Vec::new();
        for k in &keys {
            let p = defs.policy_of(k).map(str::to_string).or_else(|| {
                let env = env?;
                env.recommendation(env.recommendation_index(k)?)
                    .policy_definition_id
                    .clone()
            });
            match p {
                Some(p) => policies.push((k.clone(), p)),
                None => without.push(quote(k)),
            }
        }
        if defs.sets.is_empty() {
            no_definitions.extend(keys.iter().map(|k| quote(k)));
            continue;
        }
        if !without.is_empty() {
            let list = without.join(", ");
            if policies.is_empty() || matches!(e.target, Target::Recommendations(_)) {
                problems.push(problem(field, format!("no Azure Policy definition is known for {list} (give the assessment metadata with --definitions); recommendations without one are exempted with defender-arm or defender-terraform")));
            } else {
                notes.push(format!("exemption {} \"{}\": {list} of category {} have no Azure Policy definition and are left out of the policy exemptions; export them with defender-arm", i + 1, quote(&e.name), quote(field)));
            }
        }
        if problems.len() > before {
            continue;
        }
        for scope in super::scopes(e) {
            let assignment = match assignment_for(&scope, given, defs, env) {
                Ok(a) => a,
                Err(why) => {
                    problems.push(problem("scopes", why));
                    continue;
                }
            };
            let set = match defs.set_for(&assignment, None) {
                Ok(s) => s,
                Err(why) => {
                    problems.push(problem("scopes", why));
                    continue;
                }
            };
            let mut refs: Vec<String> = Vec::new();
            for (k, p) in &policies {
                let found: Vec<&str> = set.references(p).collect();
                if found.is_empty() {
                    problems.push(problem(
                        field,
                        format!(
                            "the policy {} of recommendation {} is not in initiative {}",
                            quote(p),
                            quote(k),
                            quote(&set.id)
                        ),
                    ));
                }
                for r in found {
                    if !refs.iter().any(|x| x == r) {
                        refs.push(r.to_string());
                    }
                }
            }
            let mut props = Map::new();
            props.insert("displayName".into(), e.name.clone().into());
            if let Some(d) = &e.description {
                props.insert("description".into(), d.clone().into());
            }
            props.insert("policyAssignmentId".into(), assignment.clone().into());
            props.insert("policyDefinitionReferenceIds".into(), refs.into());
            props.insert("exemptionCategory".into(), category(e.category).into());
            if let Some(t) = e.expires_on {
                props.insert("expiresOn".into(), instant(t).into());
            }
            let metadata = pack(e, false);
            if !metadata.is_empty() {
                props.insert("metadata".into(), Value::Object(metadata));
            }
            out.push(PolicyExemption {
                name: super::guid::stable(&[&scope, &assignment, &identity(e)]),
                scope,
                properties: props,
            });
        }
    }
    if !no_definitions.is_empty() {
        return Err(Error::invalid(format!(
            "Azure Policy exemptions name reference ids of an initiative: give the initiative (a policySetDefinitions resource, such as the Microsoft cloud security benchmark) and the assessment metadata with --definitions, to name recommendations {}",
            no_definitions.join(", ")
        ))
        .at_field("--definitions"));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::exemptions(None, problems))
    }
}

/// Azure Policy's spelling of a category.
pub(crate) fn category(c: ExemptionCategory) -> &'static str {
    match c {
        ExemptionCategory::Mitigated => "Mitigated",
        ExemptionCategory::Waiver => "Waiver",
    }
}

/// The assignment an exemption at `scope` refers to: the nearest given one
/// at or above it; a bare name stands for the assignment of that name at
/// each subscription (Defender assigns its initiative to every
/// subscription as `SecurityCenterBuiltIn`); one full id alone is used
/// everywhere, as Azure checks it when deploying.
fn assignment_for(
    scope: &str,
    given: &[String],
    defs: &Definitions,
    env: Option<&Environment>,
) -> Result<String, String> {
    let full: Vec<&str> = given
        .iter()
        .map(String::as_str)
        .filter(|a| a.contains('/'))
        .chain(defs.assignment_ids())
        .collect();
    let bare: Vec<&str> = given
        .iter()
        .map(String::as_str)
        .filter(|a| !a.contains('/'))
        .collect();
    if let ([one], []) = (full.as_slice(), bare.as_slice()) {
        return Ok(one.to_string());
    }
    let folded = fold(scope.trim_end_matches('/')).into_owned();
    let subscription: Option<String> = {
        let segs: Vec<&str> = crate::scope::segments(scope).collect();
        (segs.len() >= 2 && segs[0].eq_ignore_ascii_case("subscriptions"))
            .then(|| segs[1].to_string())
    };
    let mut best: Option<(usize, String)> = None;
    let mut consider = |rank: usize, id: String| {
        if best.as_ref().is_none_or(|(r, _)| rank > *r) {
            best = Some((rank, id));
        }
    };
    for a in &full {
        let Some(at) = scope_of(a, &[ASSIGNMENTS]) else {
            continue;
        };
        let at = fold(at.trim_end_matches('/')).into_owned();
        if folded == at || folded.starts_with(&format!("{at}/")) {
            consider(100 + at.len(), a.to_string());
        } else if let Some(crate::scope::ScopeKind::ManagementGroup(g)) =
            crate::scope::classify(&at)
        {
            if let Some(n) = ancestry(env, &folded, subscription.as_deref(), &g) {
                consider(50 - n.min(49), a.to_string());
            }
        }
    }
    if let (Some(sub), Some(name)) = (&subscription, bare.first()) {
        consider(
            100 + "/subscriptions/".len() + sub.len(),
            format!("/subscriptions/{sub}/providers/{ASSIGNMENTS}/{name}"),
        );
    }
    best.map(|(_, a)| a).ok_or_else(|| {
        format!(
            "no policy assignment is known at or above `{}`: give one with --assignment (the assignment's id, or a name such as SecurityCenterBuiltIn for the assignment of that name at each subscription)",
            quote(scope)
        )
    })
}

/// How many levels above `scope` management group `group` is, if the
/// environment says it is above it at all.
fn ancestry(
    env: Option<&Environment>,
    scope: &str,
    subscription: Option<&str>,
    group: &str,
) -> Option<usize> {
    let env = env?;
    let groups = env.management_groups();
    let chain: Vec<usize> = match subscription {
        Some(sub) => env
            .subscriptions()
            .iter()
            .find(|s| crate::fold::eq(&s.id, sub))?
            .management_groups
            .iter()
            .map(|g| g.index())
            .collect(),
        None => {
            let Some(crate::scope::ScopeKind::ManagementGroup(start)) =
                crate::scope::classify(scope)
            else {
                return None;
            };
            let mut at = groups
                .iter()
                .position(|g| crate::fold::eq(&g.name, &start))?;
            let mut chain = Vec::new();
            while let Some(p) = groups[at].parent {
                chain.push(p.index());
                at = p.index();
                if chain.len() > groups.len() {
                    break;
                }
            }
            chain
        }
    };
    chain
        .iter()
        .position(|&g| crate::fold::eq(&groups[g].name, group))
}
