//! Policy exemptions planned from exemptions: one per scope, naming the
//! reference ids of the exemption's recommendations.

use super::assignment::assignment_for;
use crate::error::{Error, Problem};
use crate::exemption::{instant, ExemptionFile, Target};
use crate::formats::definitions::Definitions;
use crate::formats::parts::pack;
use crate::formats::{expand, identity};
use crate::model::{Cloud, ExemptionCategory};
use crate::text::quote;
use crate::Environment;
use serde_json::{Map, Value};

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
        for scope in crate::formats::scopes(e) {
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
            let metadata = pack(e, false, i);
            if !metadata.is_empty() {
                props.insert("metadata".into(), Value::Object(metadata));
            }
            out.push(PolicyExemption {
                name: crate::formats::guid::stable(&[&scope, &assignment, &identity(e)]),
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
