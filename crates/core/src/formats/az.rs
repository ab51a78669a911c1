//! A Bash script of `az rest` commands that put each policy exemption
//! (putting one that exists updates it), and reading such scripts back,
//! as well as scripts of `az policy exemption create`.
//!
//! The Azure CLI reads its arguments before any command sees them: an
//! argument `@PATH` or `KEY=@PATH` becomes that file's contents, a value
//! that starts with `-` may be taken for an option, and the policy
//! commands parse their values as shorthand syntax (`null`, `??`, quotes).
//! So no value of an exemption is ever an argument of its own. Each
//! command is `az rest --method put --url=… --body=…`: the options bind
//! with `=`, the URL starts with `/` and holds the scope and name
//! percent-encoded, and the body is the exemption's JSON, which `az rest`
//! parses and sends as it is. Every word is in single quotes, which Bash
//! takes literally.

use super::item::Item;
use super::shell::{words, Word};
use super::{policy, Reading};
use crate::error::Error;
use crate::text::quote as quoted;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Map, Value};
use std::fmt::Write;

/// Options of `az policy exemption create` and the policy exemption
/// properties they set, for reading scripts written by hand.
const OPTIONS: [(&str, &str); 6] = [
    ("--policy-assignment", "policyAssignmentId"),
    ("--exemption-category", "exemptionCategory"),
    ("--display-name", "displayName"),
    ("--description", "description"),
    ("--expires-on", "expiresOn"),
    ("--metadata", "metadata"),
];

/// Short forms the Azure CLI accepts.
const SHORT: [(&str, &str); 7] = [
    ("-n", "--name"),
    ("-a", "--policy-assignment"),
    ("-e", "--exemption-category"),
    ("-r", "--policy-definition-reference-ids"),
    ("-v", "--assignment-scope-validation"),
    ("-m", "--method"),
    ("-u", "--url"),
];

/// What stays as it is in a segment of the URL: RFC 3986's unreserved
/// characters. Everything else is percent-encoded, `{` and `}` among
/// them, which `az rest` would otherwise fill in (`{subscriptionId}`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

pub(crate) fn write(plan: &[policy::PolicyExemption]) -> Result<String, Error> {
    let mut out = String::from(
        "#!/usr/bin/env bash\n# Azure Policy exemptions, written by exempt. Run with a signed-in Azure CLI.\n# Each command puts one exemption (putting one that exists updates it); its\n# body is the exemption's JSON, so every value reaches Azure as written.\nset -euo pipefail\n",
    );
    for p in plan {
        let url = url(&p.scope, &p.name)?;
        let body = super::write::json(&json!({ "properties": p.properties }), false);
        let _ = write!(
            out,
            "\naz rest --method put --output none \\\n  --url={} \\\n  --body={}\n",
            shell(&url),
            shell(&body)
        );
    }
    Ok(out)
}

/// The resource's URL below the Resource Manager endpoint.
fn url(scope: &str, name: &str) -> Result<String, Error> {
    let mut out = String::new();
    for s in crate::scope::segments(scope)
        .chain(["providers"])
        .chain(policy::TYPE.split('/'))
        .chain([name])
    {
        // A segment `.` or `..` would be folded away by URL normalisation.
        if s.is_empty() || s.chars().all(|c| c == '.') {
            return Err(Error::invalid(format!(
                "`{}` has a segment no URL can address as itself",
                quoted(&format!("{scope}/…/{name}"))
            ))
            .at_field("scopes"));
        }
        out.push('/');
        out.extend(utf8_percent_encode(s, SEGMENT));
    }
    let _ = write!(out, "?api-version={}", policy::API);
    Ok(out)
}

/// A word in single quotes, which Bash takes literally, `'` itself as `'\''`.
fn shell(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

pub(crate) fn looks_like(text: &str) -> bool {
    super::lines::any_line(text, |l| {
        l.starts_with("az rest ") || l.starts_with("az policy exemption create")
    })
}

/// One command's options: long name → values, in order.
type Options = Map<String, Value>;

/// The options of a command's words after the first `skip`: `--opt value`,
/// `--opt=value` and short forms. A word is an option only when its
/// leading `-` was not quoted.
fn options(words: &[Word], skip: usize) -> Options {
    let mut options = Options::new();
    let mut current: Option<String> = None;
    for w in &words[skip..] {
        let head = &w.text[..w.plain];
        if head.starts_with('-') {
            let (name, value) = match head.find('=') {
                Some(at) => (&w.text[..at], Some(&w.text[at + 1..])),
                None => (w.text.as_str(), None),
            };
            let long = SHORT
                .iter()
                .find(|(s, _)| *s == name)
                .map_or(name, |(_, l)| l)
                .to_string();
            let list = options
                .entry(long.clone())
                .or_insert(Value::Array(Vec::new()));
            match value {
                Some(v) => {
                    if let Value::Array(values) = list {
                        values.push(v.into());
                    }
                    current = None;
                }
                None => current = Some(long),
            }
        } else if let Some(Value::Array(values)) = current.as_ref().and_then(|c| options.get_mut(c))
        {
            values.push(w.text.clone().into());
        }
    }
    options
}

fn one(options: &Options, o: &str) -> Option<String> {
    options
        .get(o)
        .and_then(|v| v.get(0))
        .and_then(Value::as_str)
        .map(str::to_string)
}

pub(crate) fn read(file: &str, text: &str, r: &mut Reading) -> Result<(), Error> {
    let commands =
        words(text).map_err(|(line, m)| Error::input(file, None, format!("line {line}: {m}")))?;
    let mut row = 0;
    for (line, words) in commands {
        let bare: Vec<&str> = words.iter().take(4).map(|w| w.text.as_str()).collect();
        let path = format!("line {line}: ");
        if bare.len() >= 2 && bare[..2] == ["az", "rest"] {
            row += 1;
            read_rest(file, row, path, &options(&words, 2), r)?;
        } else if bare == ["az", "policy", "exemption", "create"] {
            row += 1;
            read_create(file, row, path, &options(&words, 4), r)?;
        }
    }
    Ok(())
}

/// `az rest --method put --url=… --body=…`, as [`write`] writes it.
fn read_rest(
    file: &str,
    row: u64,
    path: String,
    o: &Options,
    r: &mut Reading,
) -> Result<(), Error> {
    let blank = Value::Null;
    let mut item = Item::new(file, row, path.clone(), &blank);
    let method = one(o, "--method").unwrap_or_else(|| "get".into());
    if !method.eq_ignore_ascii_case("put") {
        r.rejected.push(item.reject(
            "--method",
            format!(
                "`{}` creates nothing; an exemption is created with put",
                quoted(&method)
            ),
        ));
        return Ok(());
    }
    let Some(url) = one(o, "--url").or(one(o, "--uri")) else {
        r.rejected.push(item.reject("--url", "is required"));
        return Ok(());
    };
    // The path below the endpoint, without the query, decoded.
    let path_part = match url.find("://") {
        Some(at) => url[at + 3..].find('/').map_or("", |p| &url[at + 3 + p..]),
        None => url.as_str(),
    };
    let path_part = path_part.split(['?', '#']).next().unwrap_or("");
    let id = match percent_decode_str(path_part).decode_utf8() {
        Ok(id) => id.into_owned(),
        Err(_) => {
            r.rejected
                .push(item.reject("--url", "is not UTF-8 once decoded"));
            return Ok(());
        }
    };
    let body = match one(o, "--body") {
        Some(b) => {
            crate::json::parse(&b).map_err(|e| item.error("--body", format!("not JSON: {e}")))?
        }
        None => {
            r.rejected.push(item.reject("--body", "is required"));
            return Ok(());
        }
    };
    let name = crate::scope::segments(&id).last().unwrap_or("").to_string();
    item.name = body
        .pointer("/properties/displayName")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or(Some(name.clone()));
    if super::item::scope_of(&id, &[policy::TYPE]).is_none() {
        r.rejected.push(item.reject(
            "--url",
            format!("`{}` is not the URL of a policy exemption", quoted(&id)),
        ));
        return Ok(());
    }
    let rest = json!({"id": id, "name": name, "properties": body.get("properties").cloned().unwrap_or(Value::Null)});
    let mut item = Item::new(file, row, path, &rest);
    policy::read(&mut item, "properties.", r)
}

/// `az policy exemption create`, as scripts written by hand (and by
/// earlier versions) hold it.
fn read_create(
    file: &str,
    row: u64,
    path: String,
    options: &Options,
    r: &mut Reading,
) -> Result<(), Error> {
    let one = |o: &str| one(options, o);
    let blank = Value::Null;
    let mut item = Item::new(file, row, path.clone(), &blank);
    item.name = one("--display-name").or(one("--name"));
    if options.contains_key("--resource-group") || options.contains_key("-g") {
        r.rejected.push(item.reject("--resource-group", "names a resource group of the current subscription, which the script does not name; use --scope with the resource group's id"));
        return Ok(());
    }
    let Some(scope) = one("--scope") else {
        r.rejected.push(item.reject(
            "--scope",
            "is required: without it the exemption lands in whichever subscription is current",
        ));
        return Ok(());
    };
    let mut props = Map::new();
    for (option, prop) in OPTIONS {
        if let Some(v) = one(option) {
            let v = if prop == "metadata" {
                crate::json::parse(&v).map_err(|e| item.error(option, format!("not JSON: {e}")))?
            } else {
                v.into()
            };
            props.insert(prop.into(), v);
        }
    }
    if let Some(refs) = options.get("--policy-definition-reference-ids") {
        props.insert("policyDefinitionReferenceIds".into(), refs.clone());
    }
    if let Some(sel) = one("--resource-selectors") {
        let v = crate::json::parse(&sel)
            .map_err(|e| item.error("--resource-selectors", format!("not JSON: {e}")))?;
        props.insert("resourceSelectors".into(), v);
    }
    let rest = json!({
        "id": format!("{}/providers/{}/{}", scope.trim_end_matches('/'), policy::TYPE, one("--name").unwrap_or_default()),
        "name": one("--name"),
        "properties": props,
    });
    let mut item = Item::new(file, row, path, &rest);
    policy::read(&mut item, "properties.", r)
}
