//! ARM templates. Exemptions sit at management groups, subscriptions,
//! resource groups and resources, and one template reaches all of them
//! only from a management group deployment, through nested deployments
//! (the `scope` of another management group, the `subscriptionId` of a
//! subscription, and with `resourceGroup` a resource group, whose
//! resources an extension resource names in its own `scope`). So every
//! template is a management group template of nested deployments, one
//! for each run of resources with the same target, in exemption order.

use super::item::Item;
use super::{defender, policy, Reading};
use crate::error::Error;
use crate::fold::fold;
use crate::text::quote;
use serde_json::{json, Map, Value};

const MG_SCHEMA: &str = "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#";
const SUB_SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#";
const RG_SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
const DEPLOYMENTS: &str = "Microsoft.Resources/deployments";

/// Where a deployment lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    Group(String),
    Subscription(String),
    ResourceGroup(String, String),
}

impl Target {
    pub fn id(&self) -> String {
        match self {
            Target::Group(g) => crate::scope::management_group_scope(g),
            Target::Subscription(s) => format!("/subscriptions/{s}"),
            Target::ResourceGroup(s, r) => format!("/subscriptions/{s}/resourceGroups/{r}"),
        }
    }
}

/// The deployment target of a scope, and the scope's path below it when
/// the scope is a resource (`Microsoft.Storage/storageAccounts/x`).
pub(crate) fn target(scope: &str) -> Option<(Target, Option<String>)> {
    let segs: Vec<&str> = crate::scope::segments(scope).collect();
    let is = |i: usize, word: &str| segs.get(i).is_some_and(|s| s.eq_ignore_ascii_case(word));
    if let Some(crate::scope::ScopeKind::ManagementGroup(g)) = crate::scope::classify(scope) {
        return Some((Target::Group(g), None));
    }
    if !is(0, "subscriptions") || segs.len() < 2 {
        return None;
    }
    let sub = segs[1].to_string();
    let rest = |from: usize| (segs.len() > from + 2).then(|| segs[from..].join("/"));
    match segs.len() {
        2 => Some((Target::Subscription(sub), None)),
        4 if is(2, "resourceGroups") => {
            Some((Target::ResourceGroup(sub, segs[3].to_string()), None))
        }
        _ if is(2, "resourceGroups") && is(4, "providers") => Some((
            Target::ResourceGroup(sub, segs[3].to_string()),
            Some(rest(5)?),
        )),
        _ if is(2, "providers") => Some((Target::Subscription(sub), Some(rest(3)?))),
        _ => None,
    }
}

/// One resource to deploy.
struct Resource {
    scope: String,
    kind: &'static str,
    api: &'static str,
    name: String,
    metadata: Option<Value>,
    properties: Value,
}

pub(crate) fn defender(plan: &[defender::Assignment]) -> Result<String, Error> {
    let resources = plan.iter().map(|a| Resource {
        scope: a.scope.clone(),
        kind: defender::TYPE,
        api: defender::API,
        name: a.name.clone(),
        metadata: (!a.carrier.is_empty()).then(|| Value::Object(a.carrier.clone())),
        properties: a.properties.clone(),
    });
    template("defender-arm", resources)
}

pub(crate) fn policy(plan: &[policy::PolicyExemption]) -> Result<String, Error> {
    let resources = plan.iter().map(|p| Resource {
        scope: p.scope.clone(),
        kind: policy::TYPE,
        api: policy::API,
        name: p.name.clone(),
        metadata: None,
        properties: Value::Object(p.properties.clone()),
    });
    template("azure-policy-arm", resources)
}

fn template(format: &str, resources: impl Iterator<Item = Resource>) -> Result<String, Error> {
    let mut runs: Vec<(Target, Vec<Value>)> = Vec::new();
    for r in resources {
        let (t, below) = target(&r.scope).ok_or_else(|| undeployable(&r.scope))?;
        let mut o = Map::new();
        o.insert("type".into(), r.kind.into());
        o.insert("apiVersion".into(), r.api.into());
        o.insert("name".into(), r.name.into());
        if let Some(b) = below {
            o.insert("scope".into(), b.into());
        }
        if let Some(m) = r.metadata {
            o.insert("metadata".into(), m);
        }
        o.insert("properties".into(), r.properties);
        match runs.last_mut() {
            Some((last, list)) if *last == t => list.push(Value::Object(o)),
            _ => runs.push((t, vec![Value::Object(o)])),
        }
    }
    // Every value and every property name so far is data: escaped as a
    // whole, so that nothing taken from an exemption, an initiative or a
    // tenant export can become an expression. The one expression the
    // template means, the nested deployments' location, is added after.
    let deployments: Vec<Value> = runs
        .into_iter()
        .map(|(t, resources)| {
            let first = resources[0]["name"].as_str().unwrap_or("");
            let mut d = Map::new();
            d.insert("type".into(), DEPLOYMENTS.into());
            d.insert("apiVersion".into(), "2021-04-01".into());
            d.insert("name".into(), format!("exempt-{}", super::guid::stable(&[&t.id(), first])).into());
            let schema = match &t {
                Target::Group(g) => {
                    d.insert("scope".into(), format!("Microsoft.Management/managementGroups/{g}").into());
                    MG_SCHEMA
                }
                Target::Subscription(s) => {
                    d.insert("subscriptionId".into(), s.clone().into());
                    SUB_SCHEMA
                }
                Target::ResourceGroup(s, g) => {
                    d.insert("subscriptionId".into(), s.clone().into());
                    d.insert("resourceGroup".into(), g.clone().into());
                    RG_SCHEMA
                }
            };
            d.insert(
                "properties".into(),
                json!({"mode": "Incremental", "template": {"$schema": schema, "contentVersion": "1.0.0.0", "resources": resources}}),
            );
            let mut d = escape(Value::Object(d));
            if !matches!(t, Target::ResourceGroup(..)) {
                d["location"] = "[deployment().location]".into();
            }
            d
        })
        .collect();
    Ok(super::pretty(&json!({
        "$schema": MG_SCHEMA,
        "contentVersion": "1.0.0.0",
        "metadata": {"exempt": {
            "format": format,
            "deploy": "az deployment mg create --management-group-id <a management group above every scope, such as the tenant root group> --location <location> --template-file <this file>"
        }},
        "resources": deployments
    })))
}

pub(crate) fn undeployable(scope: &str) -> Error {
    Error::invalid(format!(
        "scope `{}` is not a management group, subscription, resource group or resource id, so no deployment reaches it",
        quote(scope)
    ))
    .at_field("scopes")
}

/// ARM reads a string that starts with `[` and ends with `]` as an
/// expression, in property names as in values; `[[` keeps it literal.
/// <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions#escape-characters>
fn escape(v: Value) -> Value {
    match v {
        Value::String(s) => Value::String(escape_text(s)),
        Value::Array(a) => Value::Array(a.into_iter().map(escape).collect()),
        Value::Object(o) => Value::Object(
            o.into_iter()
                .map(|(k, v)| (escape_text(k), escape(v)))
                .collect(),
        ),
        other => other,
    }
}

fn escape_text(s: String) -> String {
    if is_expression(&s) {
        format!("[{s}")
    } else {
        s
    }
}

fn is_expression(s: &str) -> bool {
    s.starts_with('[') && s.ends_with(']')
}

/// A string of a template as the literal it stands for, or `None` when it
/// is an expression.
fn unescape(s: &str) -> Option<&str> {
    match s.strip_prefix('[') {
        Some(rest) if s.ends_with(']') && rest.starts_with('[') => Some(rest),
        _ if is_expression(s) => None,
        _ => Some(s),
    }
}

/// The literal a template holds, or an error whose field is the path of
/// the first expression (in a value or a property name).
fn literal(v: &Value, path: &str) -> Result<Value, Error> {
    let expression = |at: &str| {
        Error::invalid("is an ARM expression; import reads literal values only").at_field(at)
    };
    Ok(match v {
        Value::String(s) => Value::String(unescape(s).ok_or_else(|| expression(path))?.to_string()),
        Value::Array(a) => Value::Array(
            a.iter()
                .enumerate()
                .map(|(i, x)| literal(x, &format!("{path}[{i}]")))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| {
                    let key = unescape(k).ok_or_else(|| expression(&format!("{path}.{k}")))?;
                    Ok((key.to_string(), literal(x, &format!("{path}.{key}"))?))
                })
                .collect::<Result<_, Error>>()?,
        ),
        other => other.clone(),
    })
}

pub(crate) fn is_template(o: &Map<String, Value>) -> bool {
    let schema = o.get("$schema").and_then(Value::as_str).unwrap_or("");
    o.get("resources").is_some_and(Value::is_array)
        && (schema.contains("DeploymentTemplate.json")
            || schema.contains("deploymentTemplate.json")
            || o.contains_key("contentVersion"))
}

pub(crate) fn read(file: &str, template: &Value, r: &mut Reading) -> Result<(), Error> {
    let mut row = 0;
    walk(file, template, None, "", &mut row, r)
}

fn walk(
    file: &str,
    template: &Value,
    at: Option<Target>,
    path: &str,
    row: &mut u64,
    r: &mut Reading,
) -> Result<(), Error> {
    let list = template
        .get("resources")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for (i, res) in list.iter().enumerate() {
        *row += 1;
        let path = format!("{path}resources[{i}].");
        let kind = fold(res.get("type").and_then(Value::as_str).unwrap_or("")).into_owned();
        let blank = Value::Null;
        let mut item = Item::new(file, *row, path.clone(), &blank);
        item.name = res
            .pointer("/properties/displayName")
            .or(res.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string);
        // Only the fields read must be literal: a nested deployment's
        // location is an expression in every template export writes.
        let used: &[&str] = if kind == fold(DEPLOYMENTS) {
            &["scope", "subscriptionId", "resourceGroup"]
        } else {
            &["name", "scope", "metadata", "properties"]
        };
        let mut fields = Map::new();
        let mut expression = None;
        for k in used {
            match res.get(*k).map(|v| literal(v, k)) {
                Some(Ok(v)) => {
                    fields.insert((*k).to_string(), v);
                }
                Some(Err(e)) => expression = expression.or(Some(e)),
                None => {}
            }
        }
        if let Some(e) = expression {
            r.rejected
                .push(item.reject(e.field.as_deref().unwrap_or(""), e.message));
            continue;
        }
        let template_value = res.pointer("/properties/template");
        let res = Value::Object(fields);
        let text = |k: &str| res.get(k).and_then(Value::as_str);
        if kind == fold(DEPLOYMENTS) {
            *row -= 1;
            let group = text("scope").and_then(|s| {
                crate::scope::classify(&format!(
                    "/providers/{}",
                    s.trim_start_matches('/').trim_start_matches("providers/")
                ))
            });
            let parent_sub = match &at {
                Some(Target::Subscription(s) | Target::ResourceGroup(s, _)) => Some(s.clone()),
                _ => None,
            };
            let inner = match (
                group,
                text("subscriptionId").map(str::to_string).or(parent_sub),
                text("resourceGroup"),
            ) {
                (Some(crate::scope::ScopeKind::ManagementGroup(g)), _, _) => Some(Target::Group(g)),
                (_, Some(s), Some(g)) => Some(Target::ResourceGroup(s, g.to_string())),
                (_, Some(s), None) if text("subscriptionId").is_some() => {
                    Some(Target::Subscription(s))
                }
                _ => at.clone(),
            };
            match template_value {
                Some(t) => walk(
                    file,
                    t,
                    inner,
                    &format!("{path}properties.template."),
                    row,
                    r,
                )?,
                None => {
                    *row += 1;
                    r.rejected.push(item.reject(
                        "properties.templateLink",
                        "linked templates are not read; inline the template",
                    ));
                }
            }
            continue;
        }
        let (kind_name, is_defender) = match kind.as_str() {
            "microsoft.security/standardassignments" => (defender::TYPE, true),
            "microsoft.authorization/policyexemptions" => (policy::TYPE, false),
            _ => {
                r.rejected
                    .push(item.reject("type", format!("`{}` is not an exemption", quote(&kind))));
                continue;
            }
        };
        let name = text("name").unwrap_or("");
        let scope = match (text("scope"), &at) {
            (Some(s), _) if s.starts_with('/') => Some(s.to_string()),
            (Some(s), _) if fold(s).starts_with("microsoft.management/managementgroups/") => {
                Some(format!("/providers/{s}"))
            }
            (Some(s), Some(t @ (Target::Subscription(_) | Target::ResourceGroup(..)))) => {
                Some(format!("{}/providers/{s}", t.id()))
            }
            (Some(_), _) => None,
            (None, t) => t.as_ref().map(Target::id),
        };
        let Some(scope) = scope else {
            r.rejected.push(item.reject("scope", "the resource is deployed at the template's own target, which the template does not name; nest it in a deployment with a scope or subscriptionId"));
            continue;
        };
        let rest = json!({
            "id": format!("{scope}/providers/{kind_name}/{name}"),
            "name": name,
            "type": kind_name,
            "properties": res.get("properties").cloned().unwrap_or(Value::Null),
        });
        let mut item = Item::new(file, *row, path, &rest);
        if is_defender {
            defender::read(&mut item, res.get("metadata"), r)?;
        } else {
            policy::read(&mut item, "properties.", r)?;
        }
    }
    Ok(())
}
