//! The policy assignment an exemption at a scope refers to.

use super::ASSIGNMENTS;
use crate::error::{Error, Hint};
use crate::fold::fold;
use crate::formats::definitions::Definitions;
use crate::formats::item::scope_of;
use crate::text::quote;
use crate::Environment;

/// The assignment an exemption at `scope` refers to: the nearest given one
/// at or above it; a bare name stands for the assignment of that name at
/// each subscription (Defender assigns its initiative to every
/// subscription as `SecurityCenterBuiltIn`); one full id alone is used
/// everywhere, as Azure checks it when deploying.
pub(super) fn assignment_for(
    scope: &str,
    given: &[String],
    defs: &Definitions,
    env: Option<&Environment>,
) -> Result<String, Error> {
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
        Error::from(format!(
            "no policy assignment is known at or above `{}`",
            quote(scope)
        ))
        .with_hint(Hint::Assignment)
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
