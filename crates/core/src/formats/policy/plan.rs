//! Policy exemptions planned from exemptions: one per scope, naming the
//! reference ids of the exemption's recommendations.

use super::assignment::assignment_for;
use crate::error::{Error, Hint, Problem};
use crate::exemption::{instant, AzureKind, ExemptionFile, Target};
use crate::fold::fold;
use crate::formats::definitions::Definitions;
use crate::formats::definitions::PolicySet;
use crate::formats::parts::pack;
use crate::formats::parts::same_scope;
use crate::formats::{expand, identity};
use crate::model::{Cloud, ExemptionCategory};
use crate::text::quote;
use crate::Environment;
use serde_json::{Map, Value};

/// Ids a message lists before saying how many more.
const LISTED: usize = 5;

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
    positions: &[usize],
    notes: &mut Vec<String>,
) -> Result<Vec<PolicyExemption>, Error> {
    let mut out = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut no_definitions: Vec<String> = Vec::new();
    for (i, e) in file.exemptions.iter().enumerate() {
        // Its position in the file given to export, before `--within`.
        let i = positions.get(i).copied().unwrap_or(i);
        let problem = |field: &str, message: String| Problem {
            hint: None,
            index: i + 1,
            name: Some(quote(&e.name)),
            field: field.into(),
            message,
        };
        let before = problems.len();
        if e.cloud != Cloud::Azure {
            problems.push(Problem {
                hint: Some(Hint::DefenderFormats),
                ..problem(
                    "cloud",
                    format!(
                        "Azure Policy exempts Azure resources only, and this exemption is for {}",
                        e.cloud
                    ),
                )
            });
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
            Target::Vulnerabilities(_) => "vulnerabilities",
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
            let list = crate::text::few(&without, LISTED);
            if policies.is_empty() || matches!(e.target, Target::Recommendations(_)) {
                problems.push(Problem {
                    hint: Some(Hint::DefenderFormats),
                    ..problem(field, format!("no Azure Policy definition is known for {list}: Defender's assessment metadata names each recommendation's policy, and Azure Policy cannot exempt a recommendation without one"))
                });
            } else {
                notes.push(format!("exemption {} \"{}\": {list} of its category have no Azure Policy definition and are left out of the policy exemptions; export them as Defender standard assignments", i + 1, quote(&e.name)));
            }
        }
        if problems.len() > before {
            continue;
        }
        let properties = |assignment: &str, refs: Vec<String>| {
            let mut props = Map::new();
            props.insert("displayName".into(), e.name.clone().into());
            if let Some(d) = &e.description {
                props.insert("description".into(), d.clone().into());
            }
            props.insert("policyAssignmentId".into(), assignment.into());
            props.insert("policyDefinitionReferenceIds".into(), refs.into());
            props.insert("exemptionCategory".into(), category(e.category).into());
            if let Some(t) = e.expires_on {
                props.insert("expiresOn".into(), instant(t).into());
            }
            let metadata = pack(e, false, i);
            if !metadata.is_empty() {
                props.insert("metadata".into(), Value::Object(metadata));
            }
            props
        };
        for scope in crate::formats::scopes(e) {
            let recorded: Vec<(&str, &str, &[String])> = e
                .azure
                .iter()
                .filter(|a| same_scope(&a.scope, &scope))
                .filter_map(|a| match &a.kind {
                    AzureKind::PolicyExemption {
                        assignment,
                        references,
                    } => Some((a.name.as_str(), assignment.as_str(), references.as_slice())),
                    AzureKind::StandardAssignment { .. } => None,
                })
                .collect();
            // Imported from Azure: the same resources again, so that a
            // deployment updates them (their assignment cannot change).
            for (name, assignment, references) in recorded.iter().copied() {
                let refs = match defs.set_for(assignment, Some(references)) {
                    Ok(set) if same_keys(&covered(defs, set, references), &keys) => {
                        references.to_vec()
                    }
                    Ok(set) => {
                        let mut refs =
                            references_of(set, &policies, field, &problem, &mut problems);
                        for r in unmapped(defs, set, references) {
                            if !refs.iter().any(|x| crate::fold::eq(x, &r)) {
                                refs.push(r);
                            }
                        }
                        notes.push(format!("exemption {} \"{}\": its recommendations changed since it was imported, so its policy exemption {} at {} now names {} reference ids (those that back no recommendation are kept as they were)", i + 1, quote(&e.name), quote(name), quote(&scope), refs.len()));
                        refs
                    }
                    Err(why) => {
                        notes.push(format!("exemption {} \"{}\": its policy exemption {} at {} is written with the reference ids it was imported with, unchecked: {why}", i + 1, quote(&e.name), quote(name), quote(&scope)));
                        references.to_vec()
                    }
                };
                out.push(PolicyExemption {
                    name: name.to_string(),
                    scope: scope.clone(),
                    properties: properties(assignment, refs),
                });
            }
            if !recorded.is_empty() {
                continue;
            }
            let assignment = match assignment_for(&scope, given, defs, env) {
                Ok(a) => a,
                Err(why) => {
                    problems.push(Problem {
                        hint: why.hint,
                        ..problem("scopes", why.message)
                    });
                    continue;
                }
            };
            let set = match defs.set_for(&assignment, None) {
                Ok(s) => s,
                Err(why) => {
                    problems.push(Problem {
                        hint: why.hint,
                        ..problem("scopes", why.message)
                    });
                    continue;
                }
            };
            let refs = references_of(set, &policies, field, &problem, &mut problems);
            out.push(PolicyExemption {
                name: crate::formats::guid::stable(&[&scope, &assignment, &identity(e)]),
                properties: properties(&assignment, refs),
                scope,
            });
        }
    }
    if !no_definitions.is_empty() {
        return Err(Error::invalid(format!(
            "Azure Policy exemptions name reference ids of an initiative, which it and the assessment metadata map to recommendations {}",
            crate::text::few(&no_definitions, LISTED)
        ))
        .with_hint(Hint::Definitions));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::exemptions(None, problems))
    }
}

/// The reference ids of `set` for each recommendation's policy; a policy
/// the initiative lacks is a problem.
fn references_of(
    set: &PolicySet,
    policies: &[(String, String)],
    field: &str,
    problem: &dyn Fn(&str, String) -> Problem,
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let mut refs: Vec<String> = Vec::new();
    for (k, p) in policies {
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
    refs
}

/// The entries of `set` that `references` names (every entry when none).
fn entries<'s>(
    set: &'s PolicySet,
    references: &'s [String],
) -> impl Iterator<Item = (&'s str, &'s str)> {
    set.entries
        .iter()
        .filter(move |(r, _)| {
            references.is_empty() || references.iter().any(|x| crate::fold::eq(x, r))
        })
        .map(|(r, p)| (r.as_str(), p.as_str()))
}

/// The recommendations a recorded policy exemption covers.
fn covered(defs: &Definitions, set: &PolicySet, references: &[String]) -> Vec<String> {
    entries(set, references)
        .flat_map(|(_, p)| defs.keys_of(p).iter().cloned())
        .collect()
}

/// The reference ids of a recorded policy exemption that back no
/// recommendation, or that the initiative does not hold: what the
/// exemption file cannot show, kept as Azure had it.
fn unmapped(defs: &Definitions, set: &PolicySet, references: &[String]) -> Vec<String> {
    let mut out: Vec<String> = entries(set, references)
        .filter(|(_, p)| defs.keys_of(p).is_empty())
        .map(|(r, _)| r.to_string())
        .collect();
    out.extend(
        references
            .iter()
            .filter(|r| set.policy(r).is_none())
            .cloned(),
    );
    out
}

fn same_keys(a: &[String], b: &[String]) -> bool {
    let set = |v: &[String]| {
        let mut v: Vec<String> = v.iter().map(|k| fold(k.trim()).into_owned()).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    set(a) == set(b)
}

/// Azure Policy's spelling of a category.
pub(crate) fn category(c: ExemptionCategory) -> &'static str {
    match c {
        ExemptionCategory::Mitigated => "Mitigated",
        ExemptionCategory::Waiver => "Waiver",
    }
}
