//! Defender for Cloud's own exemptions: standard assignments
//! (`Microsoft.Security/standardAssignments`, REST API 2024-08-01) with
//! `effect: "Exempt"`, one per scope and recommendation.

use super::item::{scope_of, Item};
use super::parts::{pack, unpack, CARRIER};
use super::{expand, identity, Reading};
use crate::error::{Error, Problem};
use crate::exemption::{instant, AzureKind, AzureResource, Exemption, ExemptionFile, Target};
use crate::model::Cloud;
use crate::text::quote;
use crate::Environment;
use serde_json::{json, Map, Value};

pub(crate) const TYPE: &str = "Microsoft.Security/standardAssignments";
pub(crate) const API: &str = "2024-08-01";
/// The Microsoft cloud security benchmark, Defender's default standard.
pub(crate) const MCSB: &str =
    "/providers/Microsoft.Security/securityStandards/1f3afdf9-d0c9-4c3d-847f-89da613e70a8";

/// Reads one standard assignment into a piece of an exemption, or lists
/// why it is not one. `carrier` is the metadata a template put beside it.
pub(crate) fn read(item: &mut Item, carrier: Option<&Value>, r: &mut Reading) -> Result<(), Error> {
    item.name = item
        .text("properties.displayName")?
        .or(item.text("name")?)
        .map(str::to_string);
    let id = item.required("id")?;
    let scope = scope_of(id, &[TYPE, "Microsoft.Security/securityStandards"]).ok_or_else(|| {
        item.error(
            "id",
            format!("`{}` is not the id of a standard assignment", quote(id)),
        )
    })?;
    let effect = item.text("properties.effect")?.unwrap_or("");
    if !effect.eq_ignore_ascii_case("exempt") {
        let why = format!(
            "`{}`: the assignment applies a standard and exempts nothing",
            quote(effect)
        );
        r.rejected.push(item.reject("properties.effect", why));
        return Ok(());
    }
    if item
        .strings("properties.excludedScopes")?
        .is_some_and(|s| !s.is_empty())
    {
        let why =
            "excluded scopes carve resources out of the exemption, which scopes cannot express";
        r.rejected
            .push(item.reject("properties.excludedScopes", why));
        return Ok(());
    }
    let category = item.category("properties.exemptionData.exemptionCategory")?;
    let key = item.required("properties.exemptionData.assignedAssessment.assessmentKey")?;
    let scope = item.scope("id", scope)?;
    let name = item.name.clone().unwrap_or_default();
    let target = match item.get("properties.exemptionData.subAssessmentExemptionRule") {
        None | Some(Value::Null) => Target::Recommendations(vec![key.to_string()]),
        Some(rule) => match super::defender_rule::read(rule, key) {
            Ok(v) => Target::Vulnerabilities(v),
            Err(why) => {
                let why = format!("its rule on findings {why}; imported without it, the assignment would exempt the whole recommendation");
                r.rejected
                    .push(item.reject("properties.exemptionData.subAssessmentExemptionRule", why));
                return Ok(());
            }
        },
    };
    let mut e = Exemption::new(name, Cloud::Azure, vec![scope.clone()], category, target);
    e.description = item.text("properties.description")?.map(str::to_string);
    e.expires_on = item.instant("properties.expiresOn")?;
    if let Some(name) = id.rsplit('/').next().filter(|n| !n.trim().is_empty()) {
        e.azure.push(AzureResource {
            scope: scope.clone(),
            name: name.to_string(),
            kind: AzureKind::StandardAssignment {
                recommendation: key.to_string(),
            },
        });
    }
    e.created_on = item.instant("properties.metadata.createdOn")?;
    e.created_by = item
        .text("properties.metadata.createdBy")?
        .map(str::to_string);
    if let Some(standard) = item.text("properties.assignedStandard.id")? {
        if !standard.eq_ignore_ascii_case(MCSB) {
            e.extra.insert("assignedStandard".into(), standard.into());
        }
    }
    let order =
        unpack(carrier, &mut e).map_err(|(f, m)| item.error(&format!("metadata.{f}"), m))?;
    let said = carrier
        .and_then(|c| c.get(CARRIER))
        .and_then(|c| c.get("cloud"))
        .is_some();
    if !said {
        if let Some(connector) = connector_of(&scope) {
            match r.defs.connector_cloud(connector) {
                Some(c) => e.cloud = c,
                None => {
                    let why = format!(
                        "whether connector `{}` is AWS or GCP is not known: give the security connectors (a securityConnectors list) as definitions",
                        quote(connector)
                    );
                    r.rejected.push(item.reject("id", why));
                    return Ok(());
                }
            }
        }
    }
    r.part(item, e, order);
    Ok(())
}

/// The security connector a scope lies in, if any.
pub(crate) fn connector_of(scope: &str) -> Option<&str> {
    let at = scope
        .to_ascii_lowercase()
        .find("/providers/microsoft.security/securityconnectors/")?;
    let rest = &scope[at + "/providers/microsoft.security/securityconnectors/".len()..];
    let end = rest.find('/').map_or(scope.len(), |n| {
        at + "/providers/microsoft.security/securityconnectors/".len() + n
    });
    Some(&scope[..end])
}

/// One standard assignment to write.
pub(crate) struct Assignment {
    pub scope: String,
    pub name: String,
    pub properties: Value,
    /// What the resource cannot hold, for the template's metadata.
    pub carrier: Map<String, Value>,
}

/// Every exemption as standard assignments: one per scope and
/// recommendation, named stably.
pub(crate) fn plan(
    file: &ExemptionFile,
    env: Option<&Environment>,
    positions: &[usize],
) -> Result<Vec<Assignment>, Error> {
    let mut out = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    for (i, e) in file.exemptions.iter().enumerate() {
        // Its position in the file given to export, before `--within`.
        let i = positions.get(i).copied().unwrap_or(i);
        let (keys, rule) = match &e.target {
            Target::Vulnerabilities(v) => match super::defender_rule::write(v, env) {
                Ok(k) => k,
                Err(message) => {
                    problems.push(Problem {
                        hint: None,
                        index: i + 1,
                        name: Some(quote(&e.name)),
                        field: "vulnerabilities".into(),
                        message,
                    });
                    continue;
                }
            },
            _ => match expand(e, i, env) {
                Ok(k) => (k, None),
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            },
        };
        let standard = e
            .extra
            .get("assignedStandard")
            .and_then(Value::as_str)
            .unwrap_or(MCSB);
        let carrier = pack(e, true, i);
        for scope in super::scopes(e) {
            for key in &keys {
                let mut props = Map::new();
                props.insert("displayName".into(), e.name.clone().into());
                if let Some(d) = &e.description {
                    props.insert("description".into(), d.clone().into());
                }
                props.insert("assignedStandard".into(), json!({ "id": standard }));
                props.insert("effect".into(), "Exempt".into());
                let mut data = json!({ "exemptionCategory": e.category.as_str(), "assignedAssessment": { "assessmentKey": key } });
                if let Some(rule) = &rule {
                    data["subAssessmentExemptionRule"] = rule.clone();
                }
                props.insert("exemptionData".into(), data);
                if let Some(t) = e.expires_on {
                    props.insert("expiresOn".into(), instant(t).into());
                }
                // Imported from Azure: the same resource again.
                let recorded = e.azure.iter().find_map(|a| match &a.kind {
                    AzureKind::StandardAssignment { recommendation }
                        if super::parts::same_scope(&a.scope, &scope)
                            && crate::fold::eq(recommendation, key) =>
                    {
                        Some(a.name.clone())
                    }
                    _ => None,
                });
                out.push(Assignment {
                    name: recorded
                        .unwrap_or_else(|| super::guid::stable(&[&scope, key, &identity(e)])),
                    scope: scope.clone(),
                    properties: Value::Object(props),
                    carrier: carrier.clone(),
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::exemptions(None, problems))
    }
}
