//! Bicep. A Bicep file deploys to one scope, and reaching another takes a
//! module in a file of its own, so export writes one file when every
//! exemption lies in one deployment scope (a management group, a
//! subscription, or a resource group and its resources) and says so
//! otherwise. A resource is named as the scope of an exemption through an
//! `existing` declaration. The file names its deployment scope in
//! `metadata exemptTarget`, since Bicep leaves it to the command line and
//! import needs it.

use super::arm::{target, undeployable, Target};
use super::hcl::{self, Syntax};
use super::item::Item;
use super::{policy, Reading};
use crate::error::{Error, Hint};
use crate::fold::fold;
use crate::text::quote;
use serde_json::{json, Value};
use std::fmt::Write;

/// Bicep wants a version on every resource type; for a resource declared
/// only to be named as a scope none is used.
const EXISTING_API: &str = "2023-01-01";

pub(crate) fn write(plan: &[policy::PolicyExemption]) -> Result<String, Error> {
    let mut at: Option<Target> = None;
    let mut targets: Vec<String> = Vec::new();
    let mut placed = Vec::new();
    for p in plan {
        let (t, below) = target(&p.scope).ok_or_else(|| undeployable(&p.scope))?;
        if !targets.contains(&t.id()) {
            targets.push(t.id());
        }
        at.get_or_insert(t);
        placed.push((p, below));
    }
    if targets.len() > 1 {
        return Err(Error::invalid(format!(
            "a Bicep file deploys to one scope, and these exemptions lie in {}: {}",
            targets.len(),
            targets
                .iter()
                .map(|t| quote(t))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .at_field("scopes")
        .with_hint(Hint::PolicyArmOrTerraform));
    }
    let mut out = String::from("// Azure Policy exemptions, written by exempt.\n");
    let Some(t) = at else {
        return Ok(out);
    };
    let (scope_word, deploy) = match &t {
        Target::Group(g) => (
            "managementGroup",
            format!(
                "az deployment mg create --management-group-id {} --location <location>",
                shell_word(g)
            ),
        ),
        Target::Subscription(s) => (
            "subscription",
            format!(
                "az deployment sub create --subscription {} --location <location>",
                shell_word(s)
            ),
        ),
        Target::ResourceGroup(s, g) => (
            "resourceGroup",
            format!(
                "az deployment group create --subscription {} --resource-group {}",
                shell_word(s),
                shell_word(g)
            ),
        ),
    };
    let _ = writeln!(
        out,
        "// Deploy with: {deploy} --template-file <this file>\ntargetScope = '{scope_word}'"
    );
    out.push_str("metadata exemptTarget = ");
    hcl::string(&t.id(), Syntax::Bicep, &mut out);
    out.push('\n');
    let mut declared: Vec<(String, String)> = Vec::new();
    let mut taken = Default::default();
    for (p, below) in placed {
        let scope_symbol = match below {
            None => None,
            Some(path) => {
                let (ty, name) = split(&path).ok_or_else(|| undeployable(&p.scope))?;
                match declared.iter().find(|(scope, _)| *scope == p.scope) {
                    Some((_, symbol)) => Some(symbol.clone()),
                    None => {
                        let symbol = hcl::label("scope", "", &p.scope, &mut taken);
                        let _ = write!(out, "\nresource {symbol} ");
                        hcl::string(&format!("{ty}@{EXISTING_API}"), Syntax::Bicep, &mut out);
                        out.push_str(" existing = {\n  name: ");
                        hcl::string(&name, Syntax::Bicep, &mut out);
                        out.push_str("\n}\n");
                        declared.push((p.scope.clone(), symbol.clone()));
                        Some(symbol)
                    }
                }
            }
        };
        let symbol = hcl::label("exemption", &p.name, &p.scope, &mut taken);
        let _ = writeln!(
            out,
            "\nresource {symbol} '{}@{}' = {{",
            policy::TYPE,
            policy::API
        );
        out.push_str("  name: ");
        hcl::string(&p.name, Syntax::Bicep, &mut out);
        out.push('\n');
        if let Some(s) = scope_symbol {
            let _ = writeln!(out, "  scope: {s}");
        }
        hcl::attributes(
            [("properties", &Value::Object(p.properties.clone()))].into_iter(),
            Syntax::Bicep,
            1,
            ": ",
            &mut out,
        );
        out.push_str("}\n");
    }
    Ok(out)
}

/// A word the shell takes literally: plain ids as they are, anything else
/// in single quotes; a value no command line can hold on one line of a
/// comment (a line break, a control character), or that the Azure CLI
/// would read as a file, is not written at all.
fn shell_word(s: &str) -> String {
    // The Azure CLI reads an argument `@PATH` or `KEY=@PATH` as that file,
    // whatever the shell's quotes: such a value is not written either.
    if s.chars()
        .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '@'))
    {
        return "<see metadata exemptTarget>".into();
    }
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// `Microsoft.Sql/servers/s/databases/d` as the type `Microsoft.Sql/servers/databases`
/// and the name `s/d`.
fn split(path: &str) -> Option<(String, String)> {
    let segs: Vec<&str> = path.split('/').collect();
    if segs.len() < 3
        || segs.len() % 2 == 0
        || segs.iter().any(|s| s.eq_ignore_ascii_case("providers"))
    {
        return None;
    }
    let types: Vec<&str> = segs[1..].iter().step_by(2).copied().collect();
    let names: Vec<&str> = segs[2..].iter().step_by(2).copied().collect();
    // A resource type is a namespace and type names, never free text.
    let plain = |t: &str| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-')
    };
    if !plain(segs[0]) || !types.iter().all(|t| plain(t)) {
        return None;
    }
    Some((format!("{}/{}", segs[0], types.join("/")), names.join("/")))
}

/// The path below a deployment target of a resource of `ty` named `name`.
fn join(ty: &str, name: &str) -> String {
    let mut types = ty.split('/');
    let mut out = types.next().unwrap_or("").to_string();
    for (t, n) in types.zip(name.split('/')) {
        let _ = write!(out, "/{t}/{n}");
    }
    out
}

pub(crate) fn looks_like(text: &str) -> bool {
    super::lines::any_line(text, |l| {
        l.starts_with("targetScope")
            || (l.starts_with("resource ")
                && l.contains("'Microsoft.Authorization/policyExemptions@"))
    })
}

pub(crate) fn read(file: &str, text: &str, r: &mut Reading) -> Result<(), Error> {
    let blocks = hcl::parse(file, text, Syntax::Bicep)?;
    let target = blocks
        .iter()
        .find(|b| b.keyword == "metadata" && b.labels.first().is_some_and(|l| l == "exemptTarget"))
        .and_then(|b| b.value.as_ref()?.value().ok()?.as_str().map(str::to_string));
    let mut existing: Vec<(String, String)> = Vec::new();
    let mut row = 0;
    for b in blocks.iter().filter(|b| b.keyword == "resource") {
        let (Some(symbol), Some(ty)) = (b.labels.first(), b.labels.get(1)) else {
            continue;
        };
        let body = super::terraform::body(b);
        let ty_name = ty.split('@').next().unwrap_or("");
        if b.labels.get(2).is_some_and(|l| l == "existing") {
            let name = body
                .as_ref()
                .ok()
                .and_then(|m| m.get("name")?.as_str().map(str::to_string))
                .unwrap_or_default();
            existing.push((symbol.clone(), join(ty_name, &name)));
            continue;
        }
        row += 1;
        let blank = Value::Null;
        let mut item = Item::new(file, row, format!("{symbol}."), &blank);
        item.name = Some(symbol.clone());
        if !fold(ty_name).eq("microsoft.authorization/policyexemptions") {
            r.rejected
                .push(item.reject("", format!("`{}` is not an exemption", quote(ty_name))));
            continue;
        }
        let body = match body {
            Ok(m) => m,
            Err((k, why)) if k != "scope" => {
                r.rejected.push(item.reject(&k, why));
                continue;
            }
            Err(_) => b
                .body
                .iter()
                .filter(|(k, _)| k != "scope")
                .map(|(k, v)| Ok((k.clone(), v.value().map_err(|m| (k.clone(), m.message))?)))
                .collect::<Result<_, (String, String)>>()
                .unwrap_or_default(),
        };
        let Some(base) = &target else {
            r.rejected.push(item.reject("", "the file does not say where it is deployed: add `metadata exemptTarget = '<management group, subscription or resource group id>'`"));
            continue;
        };
        let scope = match b.get("scope") {
            None => Some(base.trim_end_matches('/').to_string()),
            Some(hcl::Expr::Ref(s)) => existing
                .iter()
                .find(|(x, _)| x == s)
                .map(|(_, path)| format!("{}/providers/{path}", base.trim_end_matches('/'))),
            Some(_) => None,
        };
        let Some(scope) = scope else {
            r.rejected
                .push(item.reject("scope", "names no `existing` resource declared in the file"));
            continue;
        };
        let rest = json!({
            "id": format!("{scope}/providers/{}/{}", policy::TYPE, body.get("name").and_then(Value::as_str).unwrap_or("")),
            "name": body.get("name").cloned().unwrap_or(Value::Null),
            "properties": body.get("properties").cloned().unwrap_or(Value::Null),
        });
        let mut item = Item::new(file, row, format!("{symbol}."), &rest);
        policy::read(&mut item, "properties.", r)?;
    }
    Ok(())
}
