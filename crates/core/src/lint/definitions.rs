//! The rules that need the initiatives, assessment metadata and
//! assignments: what an Azure Policy exemption can express, and where.

use super::{finding, Finding, Read};
use crate::exemption::{AzureKind, Target};
use crate::fold::fold;
use crate::formats::Definitions;
use crate::model::Cloud;

/// Whether `scope` is `outer` or lies below it, segment by segment.
fn within(scope: &str, outer: &str) -> bool {
    let (s, o) = (
        fold(scope.trim_end_matches('/')),
        fold(outer.trim_end_matches('/')),
    );
    *s == *o || s.starts_with(&format!("{o}/"))
}

/// An assignment's own scope: its id before the provider segment.
fn assignment_scope(id: &str) -> &str {
    let lower = id.to_ascii_lowercase();
    match lower.find("/providers/microsoft.authorization/policyassignments/") {
        Some(at) => &id[..at],
        None => id,
    }
}

pub(super) fn rules(read: &Read, defs: &Definitions, found: &mut Vec<Finding>) {
    for (i, e) in &read.list {
        let (i, n) = (*i, Some(e.name.as_str()));
        for a in &e.azure {
            if let AzureKind::PolicyExemption {
                assignment,
                references,
            } = &a.kind
            {
                let single = defs
                    .assigned(assignment)
                    .is_some_and(|d| fold(d).contains("/policydefinitions/"));
                if single && !references.is_empty() {
                    found.push(finding("EX103", i, n, "azure", format!("{assignment} assigns a single policy, and {} reference id{} are given: Azure refuses it with InvalidPolicyDefinitionReference", references.len(), if references.len() == 1 { "" } else { "s" })));
                }
            }
        }
        for (assignment, _) in defs.assignments() {
            let home = assignment_scope(assignment);
            for s in e.scopes.iter().filter(|s| within(s, home)) {
                if let Some(ns) = defs.not_scopes(assignment).iter().find(|ns| within(s, ns)) {
                    found.push(finding("EX104", i, n, "scopes", format!("{s} lies inside {ns}, a notScope of {assignment}: the assignment does not apply there, so the exemption exempts nothing (and EPAC skips or deletes it)")));
                }
            }
        }
        let (Cloud::Azure, Target::Recommendations(keys)) = (e.cloud, &e.target) else {
            continue;
        };
        for k in keys {
            let Some(policy) = defs.policy_of(k) else {
                if defs.has_sets() {
                    found.push(finding("EX105", i, n, "recommendations", format!("no policy is known for {k}: give its assessment metadata, or export it as Defender standard assignments")));
                }
                continue;
            };
            let holding: Vec<&str> = defs
                .assignments()
                .filter(|(_, set)| {
                    defs.set(set)
                        .is_some_and(|s| s.entries.iter().any(|(_, p)| crate::fold::eq(p, policy)))
                })
                .map(|(a, _)| a)
                .collect();
            let in_any_set = defs
                .sets
                .iter()
                .any(|s| s.entries.iter().any(|(_, p)| crate::fold::eq(p, policy)));
            if defs.has_sets() && !in_any_set {
                found.push(finding("EX105", i, n, "recommendations", format!("{k}'s policy {policy} is in none of the initiatives given: an Azure Policy exemption cannot name it")));
            }
            if holding.len() > 1 {
                found.push(finding("EX106", i, n, "recommendations", format!("{k}'s policy is in {} assigned initiatives ({}): an exemption names one assignment, the others keep it in force", holding.len(), holding.join(", "))));
            }
        }
    }
}
