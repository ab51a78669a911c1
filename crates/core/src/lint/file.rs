//! Reading the file leniently (each exemption that cannot be read is a
//! finding, and the rest are linted), and the rules that need nothing else.

use super::{finding, Finding, Read};
use crate::error::{Error, Problem};
use crate::exemption::{Exemption, Policy, State};
use crate::fold::fold;
use chrono::{DateTime, Duration, Utc};
use rustc_hash::FxHashMap;
use serde_json::Value;

/// The exemptions that can be read; each problem of the others, of the
/// policy and of the policy's rules is a finding.
pub(super) fn read(
    text: &str,
    found: &mut Vec<Finding>,
) -> Result<(Read, crate::json::Positions), Error> {
    let (value, positions) = crate::json::parse_with_positions(text)
        .map_err(|e| Error::exemption_file(None, format!("not an exemption file: {e}")))?;
    let items = crate::exemption::exemption_items(value.get("exemptions"))?;
    let policy = match value.get("policy") {
        None | Some(Value::Null) => Policy::default(),
        Some(p) => Policy::from_value(p).unwrap_or_else(|problems| {
            found.extend(problems.iter().map(invalid));
            Policy::default()
        }),
    };
    let mut list = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match Exemption::from_value(i + 1, item) {
            Ok(e) => {
                against_policy(i + 1, &e, &policy, found);
                list.push((i + 1, std::sync::Arc::new(e)));
            }
            Err(problems) => found.extend(problems.iter().map(invalid)),
        }
    }
    let names = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| Some((i + 1, item.get("name")?.as_str()?)));
    found.extend(crate::exemption::duplicate_names(names).iter().map(invalid));
    Ok((Read { list, policy }, positions))
}

/// What the team's policy refuses of exemption `i` (from 1), as findings.
pub(super) fn against_policy(i: usize, e: &Exemption, policy: &Policy, found: &mut Vec<Finding>) {
    for p in policy.problems(i, e) {
        let id = match p.field.as_str() {
            "owner" => "EX304",
            "ticket" => "EX303",
            _ => "EX302",
        };
        found.push(finding(id, i, Some(&e.name), &p.field, p.message));
    }
}

/// A problem of the file format as a finding: a decision by the requester
/// has a rule of its own.
fn invalid(p: &Problem) -> Finding {
    let id = if p.field == "approval.by" && p.message.contains("requester") {
        "EX301"
    } else {
        "EX001"
    };
    finding(
        id,
        p.index,
        p.name.as_deref(),
        &p.field,
        format!("{}: {}", p.field, p.message),
    )
}

/// The rules that need only the file.
pub(super) fn rules(read: &Read, at: DateTime<Utc>, found: &mut Vec<Finding>) {
    for (i, e) in &read.list {
        let (i, name) = (*i, Some(e.name.as_str()));
        let chars = e.name.chars().count();
        if chars > 128 {
            found.push(finding(
                "EX101",
                i,
                name,
                "name",
                format!(
                    "the name has {chars} characters: Azure Policy refuses a displayName over 128"
                ),
            ));
        }
        if let Some(n) = e
            .description
            .as_ref()
            .map(|d| d.chars().count())
            .filter(|n| *n > 512)
        {
            found.push(finding(
                "EX102",
                i,
                name,
                "description",
                format!("the description has {n} characters: Azure Policy refuses one over 512"),
            ));
        }
        match (read.policy.state(e, at), e.expires_on) {
            (State::Expired, Some(x)) => found.push(finding(
                "EX201",
                i,
                name,
                "expiresOn",
                format!(
                    "expired on {}: Azure keeps it but no longer honours it",
                    crate::exemption::shown_instant(x)
                ),
            )),
            (State::Rejected, _) => {}
            (_, None) => found.push(finding(
                "EX203",
                i,
                name,
                "expiresOn",
                "never expires: give it an expiry so it is reviewed".into(),
            )),
            (_, Some(x)) if x - at <= Duration::days(crate::session::EXPIRY_WINDOW_DAYS) => {
                let days = ((x - at).num_seconds() + 86_399) / 86_400;
                found.push(finding(
                    "EX202",
                    i,
                    name,
                    "expiresOn",
                    format!("expires in {days} day{}", if days == 1 { "" } else { "s" }),
                ));
            }
            _ => {}
        }
    }
    quotas(read, found);
    collisions(read, found);
}

/// Azure Policy's 1,000 exemptions per scope, and Defender's 5,000
/// resource exemptions per subscription, as export would write them: one
/// resource per exemption and scope.
fn quotas(read: &Read, found: &mut Vec<Finding>) {
    let mut per_scope: FxHashMap<String, usize> = FxHashMap::default();
    let mut per_subscription: FxHashMap<String, usize> = FxHashMap::default();
    for (i, e) in &read.list {
        for scope in &e.scopes {
            let key = fold(scope.trim_end_matches('/')).into_owned();
            let n = per_scope.entry(key).or_default();
            *n += 1;
            if *n == 1_001 {
                found.push(finding(
                    "EX108",
                    *i,
                    Some(&e.name),
                    "scopes",
                    format!(
                        "the 1,001st exemption at {scope}: Azure Policy allows 1,000 per scope"
                    ),
                ));
            }
            if is_resource(scope) {
                let sub: String = scope.split('/').take(3).collect::<Vec<_>>().join("/");
                let n = per_subscription.entry(fold(&sub).into_owned()).or_default();
                *n += 1;
                if *n == 5_001 {
                    found.push(finding("EX109", *i, Some(&e.name), "scopes", format!("the 5,001st resource exemption in {sub}: Defender's exemptions page has load issues past 5,000")));
                }
            }
        }
    }
}

/// Whether a scope is a resource (below a resource group), as Defender
/// counts resource exemptions.
fn is_resource(scope: &str) -> bool {
    let parts: Vec<&str> = crate::scope::segments(scope).collect();
    parts.len() > 4
        && parts[0].eq_ignore_ascii_case("subscriptions")
        && parts[2].eq_ignore_ascii_case("resourceGroups")
}

/// Two exemptions that carry the same Azure resource (scope and name):
/// export writes both, and the second replaces the first.
fn collisions(read: &Read, found: &mut Vec<Finding>) {
    let mut seen: FxHashMap<(String, String), &str> = FxHashMap::default();
    for (i, e) in &read.list {
        for a in &e.azure {
            let key = (
                fold(a.scope.trim_end_matches('/')).into_owned(),
                fold(&a.name).into_owned(),
            );
            match seen.get(&key) {
                Some(first) if *first != e.name => found.push(finding("EX107", *i, Some(&e.name), "azure", format!("its Azure resource {} at {} is also “{first}”'s: the later deployment replaces the earlier", a.name, a.scope))),
                Some(_) => {}
                None => {
                    seen.insert(key, &e.name);
                }
            }
        }
    }
}
