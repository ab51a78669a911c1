//! Terraform: Defender standard assignments as `azapi_resource` blocks
//! (the azurerm provider has no resource for them), and policy exemptions
//! as the azurerm provider's four `*_policy_exemption` resources, one per
//! kind of scope. A standard assignment has no field for metadata, so
//! what it cannot hold travels in a `# exempt metadata:` comment right
//! before its block.

use super::arm::{target, undeployable};
use super::hcl::{self, Block, Syntax};
use super::item::Item;
use super::{defender, policy, Reading};
use crate::error::Error;
use crate::fold::fold;
use crate::text::quote;
use serde_json::{json, Map, Value};
use std::fmt::Write;

const CARRIER_COMMENT: &str = "exempt metadata:";

pub(crate) fn defender(plan: &[defender::Assignment]) -> Result<String, Error> {
    let mut out = String::from(
        "# Defender for Cloud exemptions as standard assignments, written by exempt.\n# Requires the azapi provider (Azure/azapi) 2.x.\n",
    );
    let mut taken = Default::default();
    for a in plan {
        out.push('\n');
        if !a.carrier.is_empty() {
            let _ = writeln!(
                out,
                "# {CARRIER_COMMENT} {}",
                super::write::json(&Value::Object(a.carrier.clone()), false)
            );
        }
        let _ = writeln!(
            out,
            "resource \"azapi_resource\" \"{}\" {{",
            hcl::label("standard_assignment", &a.name, &a.scope, &mut taken)
        );
        let head = [
            (
                "type",
                json!(format!("{}@{}", defender::TYPE, defender::API)),
            ),
            ("name", json!(a.name)),
            ("parent_id", json!(a.scope)),
            ("body", json!({ "properties": a.properties })),
        ];
        hcl::attributes(
            head.iter().map(|(k, v)| (*k, v)),
            Syntax::Hcl,
            1,
            " = ",
            &mut out,
        );
        out.push_str("}\n");
    }
    Ok(out)
}

/// The azurerm resource type and scope argument for a scope.
fn azurerm_kind(scope: &str) -> Result<(&'static str, &'static str), Error> {
    let (t, below) = target(scope).ok_or_else(|| undeployable(scope))?;
    Ok(match (t, below) {
        (_, Some(_)) => ("azurerm_resource_policy_exemption", "resource_id"),
        (super::arm::Target::Group(_), None) => (
            "azurerm_management_group_policy_exemption",
            "management_group_id",
        ),
        (super::arm::Target::Subscription(_), None) => {
            ("azurerm_subscription_policy_exemption", "subscription_id")
        }
        (super::arm::Target::ResourceGroup(..), None) => (
            "azurerm_resource_group_policy_exemption",
            "resource_group_id",
        ),
    })
}

/// azurerm arguments and the policy exemption properties they stand for.
const ARGUMENTS: [(&str, &str); 7] = [
    ("policy_assignment_id", "policyAssignmentId"),
    ("exemption_category", "exemptionCategory"),
    ("display_name", "displayName"),
    ("description", "description"),
    ("expires_on", "expiresOn"),
    (
        "policy_definition_reference_ids",
        "policyDefinitionReferenceIds",
    ),
    ("metadata", "metadata"),
];

pub(crate) fn policy(plan: &[policy::PolicyExemption]) -> Result<String, Error> {
    let mut out = String::from(
        "# Azure Policy exemptions, written by exempt. Requires the azurerm provider.\n",
    );
    let mut taken = Default::default();
    for p in plan {
        let (kind, scope_arg) = azurerm_kind(&p.scope)?;
        let _ = writeln!(
            out,
            "\nresource \"{kind}\" \"{}\" {{",
            hcl::label("exemption", &p.name, &p.scope, &mut taken)
        );
        let mut args: Vec<(&str, Value)> =
            vec![("name", json!(p.name)), (scope_arg, json!(p.scope))];
        for (arg, prop) in ARGUMENTS {
            if let Some(v) = p.properties.get(prop).filter(|_| prop != "metadata") {
                args.push((arg, v.clone()));
            }
        }
        hcl::attributes(
            args.iter().map(|(k, v)| (*k, v)),
            Syntax::Hcl,
            1,
            " = ",
            &mut out,
        );
        if let Some(m) = p.properties.get("metadata") {
            out.push_str("  metadata = jsonencode(");
            hcl::write(m, Syntax::Hcl, 1, &mut out);
            out.push_str(")\n");
        }
        out.push_str("}\n");
    }
    Ok(out)
}

pub(crate) fn looks_like(text: &str) -> bool {
    super::lines::any_line(text, |l| {
        l.starts_with("resource \"azapi_resource\"")
            || (l.starts_with("resource \"azurerm_") && l.contains("_policy_exemption\""))
    })
}

pub(crate) fn read(file: &str, text: &str, r: &mut Reading) -> Result<(), Error> {
    let blocks = hcl::parse(file, text, Syntax::Hcl)?;
    let mut row = 0;
    for b in blocks
        .iter()
        .filter(|b| b.keyword == "resource" && b.labels.len() == 2)
    {
        row += 1;
        let (kind, name) = (&b.labels[0], &b.labels[1]);
        let path = format!("{kind}.{name}.");
        let blank = Value::Null;
        let mut item = Item::new(file, row, path.clone(), &blank);
        item.name = Some(name.clone());
        let body = match body(b) {
            Ok(m) => m,
            Err((k, why)) => {
                r.rejected.push(item.reject(&k, why));
                continue;
            }
        };
        let text = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or("");
        if kind == "azapi_resource" {
            let ty = text("type");
            let (ty_name, is_defender) = match fold(ty.split('@').next().unwrap_or("")).as_ref() {
                "microsoft.security/standardassignments" => (defender::TYPE, true),
                "microsoft.authorization/policyexemptions" => (policy::TYPE, false),
                _ => {
                    r.rejected
                        .push(item.reject("type", format!("`{}` is not an exemption", quote(ty))));
                    continue;
                }
            };
            let rest = json!({
                "id": format!("{}/providers/{ty_name}/{}", text("parent_id").trim_end_matches('/'), text("name")),
                "name": text("name"),
                "type": ty_name,
                "properties": body.get("body").and_then(|b| b.get("properties")).cloned().unwrap_or(Value::Null),
            });
            let mut item = Item::new(file, row, path, &rest);
            if is_defender {
                let carrier = carrier(b).map_err(|m| item.error("comment", m))?;
                defender::read(&mut item, carrier.as_ref(), r)?;
            } else {
                policy::read(&mut item, "properties.", r)?;
            }
        } else if kind.starts_with("azurerm_") && kind.ends_with("_policy_exemption") {
            let scope = [
                "management_group_id",
                "subscription_id",
                "resource_group_id",
                "resource_id",
            ]
            .iter()
            .find_map(|k| body.get(*k))
            .and_then(Value::as_str)
            .unwrap_or("");
            let mut props = Map::new();
            for (arg, prop) in ARGUMENTS {
                let Some(v) = body.get(arg) else { continue };
                let v = match (prop, v) {
                    // azurerm takes metadata as a JSON string.
                    ("metadata", Value::String(s)) => crate::json::parse(s)
                        .map_err(|e| item.error(arg, format!("not JSON: {e}")))?,
                    _ => v.clone(),
                };
                props.insert(prop.into(), v);
            }
            let rest = json!({
                "id": format!("{}/providers/{}/{}", scope.trim_end_matches('/'), policy::TYPE, text("name")),
                "name": text("name"),
                "properties": props,
            });
            let mut item = Item::new(file, row, path, &rest);
            policy::read(&mut item, "properties.", r)?;
        } else {
            r.rejected
                .push(item.reject("", format!("`{}` is not an exemption", quote(kind))));
        }
    }
    Ok(())
}

/// A block's arguments as values, or the first that is computed.
pub(crate) fn body(b: &Block) -> Result<Map<String, Value>, (String, String)> {
    b.body
        .iter()
        .map(|(k, v)| Ok((k.clone(), v.value().map_err(|m| (k.clone(), m.message))?)))
        .collect()
}

fn carrier(b: &Block) -> Result<Option<Value>, Error> {
    let Some(c) = b
        .comment
        .as_deref()
        .and_then(|c| c.strip_prefix(CARRIER_COMMENT))
    else {
        return Ok(None);
    };
    crate::json::parse(c.trim()).map(Some).map_err(|e| {
        Error::from(format!(
            "the `# {CARRIER_COMMENT}` comment is not JSON: {e}"
        ))
    })
}
