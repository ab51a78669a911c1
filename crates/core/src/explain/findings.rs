//! The findings part of an explanation: which Unhealthy findings the
//! applying Vulnerabilities conditions cover, read the plain way (every
//! finding against every condition), so that the property tests can hold
//! the engine's slots against it.

use super::{matching_findings, Candidate, FindingsExplained};
use crate::environment::Environment;
use crate::exemption::{Exemption, Target};
use crate::ids::{AssessmentIx, ExemptionIx};
use crate::model::{ExemptionCategory, Status};
use crate::text::quote;
use crate::vulnerabilities::FindingStatus;
use std::sync::Arc;

/// The decision by findings, when every Unhealthy finding is covered.
pub(super) struct ByFindings {
    pub decider: Option<ExemptionIx>,
    pub reason: String,
}

/// Each Unhealthy finding's label and its best covering candidate.
fn covered(
    env: &Environment,
    exemptions: &[Arc<Exemption>],
    candidates: &[Candidate],
    a: AssessmentIx,
) -> Vec<(String, Option<(ExemptionCategory, ExemptionIx)>)> {
    let views = env.finding_views(a);
    let mut best: Vec<Option<(ExemptionCategory, ExemptionIx)>> = vec![None; views.len()];
    for c in candidates.iter().filter(|c| c.applies.is_some()) {
        let Target::Vulnerabilities(v) = &exemptions[c.index.index()].target else {
            continue;
        };
        for pos in matching_findings(env, a, v).unwrap_or_default() {
            let i = views.iter().position(|(p, _)| *p == pos).unwrap_or(0);
            let mine = (c.category, c.index);
            if best[i].is_none_or(|b| mine < b) {
                best[i] = Some(mine);
            }
        }
    }
    views
        .iter()
        .zip(best)
        .filter(|((_, f), _)| f.status == FindingStatus::Unhealthy)
        .map(|((_, f), b)| {
            (
                f.cves.first().cloned().unwrap_or_else(|| f.title.clone()),
                b,
            )
        })
        .collect()
}

/// The decider when the findings decide: every Unhealthy finding of the
/// Unhealthy assessment (one at least) covered; the last of their
/// deciders in the order "mitigated before waiver, then the list", so
/// that one waiver among them makes the assessment Not applicable.
pub(super) fn findings_decider(
    env: &Environment,
    exemptions: &[Arc<Exemption>],
    candidates: &[Candidate],
    a: AssessmentIx,
) -> Option<ByFindings> {
    if env.raw_status(a) != Status::Unhealthy {
        return None;
    }
    let list = covered(env, exemptions, candidates, a);
    if list.is_empty() || list.iter().any(|(_, b)| b.is_none()) {
        return None;
    }
    let (category, d) = list.iter().filter_map(|(_, b)| *b).max()?;
    let mut names: Vec<String> = Vec::new();
    for (_, b) in &list {
        let name = format!("“{}”", quote(&exemptions[(*b)?.1.index()].name));
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let counts = match category {
        ExemptionCategory::Mitigated => "Healthy, since every one is mitigated".to_string(),
        ExemptionCategory::Waiver => format!(
            "Not applicable, since “{}” waives some",
            quote(&exemptions[d.index()].name)
        ),
    };
    Some(ByFindings {
        decider: Some(d),
        reason: format!(
            "All {} Unhealthy findings are exempted by {}: the assessment counts as {counts}.",
            list.len(),
            names.join(", ")
        ),
    })
}

/// The findings of assessment `a`, when it has any; `undecided` when no
/// exemption of the whole assessment decides it.
pub(super) fn explain_findings(
    env: &Environment,
    exemptions: &[Arc<Exemption>],
    candidates: &[Candidate],
    a: AssessmentIx,
    undecided: bool,
) -> Option<FindingsExplained> {
    let total = env.findings_of(a);
    if total == 0 {
        return None;
    }
    let list = covered(env, exemptions, candidates, a);
    let unhealthy = list.len();
    if !undecided || env.raw_status(a) != Status::Unhealthy {
        return Some(FindingsExplained {
            total,
            unhealthy,
            exempted: 0,
            remaining: Vec::new(),
        });
    }
    Some(FindingsExplained {
        total,
        unhealthy,
        exempted: list.iter().filter(|(_, b)| b.is_some()).count(),
        remaining: list
            .into_iter()
            .filter(|(_, b)| b.is_none())
            .map(|(label, _)| label)
            .collect(),
    })
}

/// Some Unhealthy findings exempted, some not.
pub(super) fn partly(
    exemptions: &[Arc<Exemption>],
    candidates: &[Candidate],
    f: &FindingsExplained,
) -> String {
    let names: Vec<String> = candidates
        .iter()
        .filter(|c| c.applies.is_some() && c.findings.is_some_and(|n| n > 0))
        .map(|c| format!("“{}”", quote(&exemptions[c.index.index()].name)))
        .collect();
    let remaining = crate::text::few(&f.remaining, 3);
    format!(
        "{} of {} Unhealthy findings are exempted by {}; {remaining} {}: the assessment stays Unhealthy.",
        f.exempted,
        f.unhealthy,
        names.join(", "),
        if f.remaining.len() == 1 { "remains" } else { "remain" }
    )
}
