//! The rules written as plainly as possible, for tests and benchmarks only:
//! every assessment against every exemption, comparing id strings.
//!
//! This is the executable form of the contract in the README. It shares no
//! code with the engine: ids are split and compared here, on their own, so
//! that a mistake in the engine's scope tree or case folding cannot hide in
//! both. Property tests check the engine against it on random inputs, and the
//! benchmark measures how much faster the engine is than this loop.

use crate::environment::Environment;
use crate::exemption::{Exemption, Target};
use crate::ids::{AssessmentIx, ExemptionIx, RecommendationIx, ResourceIx};
use crate::model::{ExemptionCategory, Status};
use chrono::{DateTime, Utc};

fn parts(id: &str) -> Vec<String> {
    id.split('/')
        .filter(|p| !p.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn same(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// Whether exemption `e` applies to assessment `a` at `at` (whatever the
/// assessment's status).
pub fn applies(env: &Environment, e: &Exemption, a: AssessmentIx, at: DateTime<Utc>) -> bool {
    let r = env.assessment_resource(a);
    e.expires_on.is_none_or(|x| at < x)
        && env.resource_cloud(r) == e.cloud
        && targets(env, e, env.assessment_recommendation(a))
        && e.scopes.iter().any(|s| covers(env, s, r))
}

/// Whether `e` targets recommendation `k`: by key, or by one of its categories.
pub fn targets(env: &Environment, e: &Exemption, k: RecommendationIx) -> bool {
    let rec = env.recommendation(k);
    match &e.target {
        Target::Recommendations(keys) => keys.iter().any(|key| same(key.trim(), &rec.key)),
        Target::Category(c) => rec
            .categories
            .iter()
            .any(|&i| same(env.category(i), c.trim())),
        // It decides findings, never a whole assessment.
        Target::Vulnerabilities(_) => false,
    }
}

/// Whether finding `f` (a view of one) matches condition `v`: every
/// property given, strictly below for CVSS and severity, and a property the
/// finding does not report never matches.
pub fn finding_matches(
    v: &crate::exemption::Vulnerabilities,
    f: &crate::environment::FindingView,
) -> bool {
    use crate::vulnerabilities::Severity;
    let rank = |s: Severity| match s {
        Severity::Low => 1,
        Severity::Medium => 2,
        Severity::High => 3,
        Severity::Critical => 4,
    };
    let cve = v.cves.is_empty() || v.cves.iter().any(|c| f.cves.iter().any(|x| same(x, c)));
    let cvss = match (v.cvss_below, f.cvss) {
        (None, _) => true,
        (Some(limit), Some(score)) => score < limit.score() - 1e-9,
        (Some(_), None) => false,
    };
    let severity = match (v.minimum_severity, f.severity) {
        (None, _) => true,
        (Some(min), Some(s)) => rank(s) < rank(min),
        (Some(_), None) => false,
    };
    let fix = !v.non_patchable || f.patchable == Some(false);
    cve && cvss && severity && fix
}

/// The deciding exemption of assessment `a` once findings count: an
/// exemption of the whole assessment as [`decide`] says; otherwise, for an
/// Unhealthy assessment whose Unhealthy findings (one at least) each match
/// some applying Vulnerabilities condition, the worst of each finding's
/// best (Mitigated before Waiver, then list order). Also each finding's
/// decider, by position among the assessment's findings.
pub fn decide_with_findings(
    env: &Environment,
    exemptions: &[Exemption],
    a: AssessmentIx,
    at: DateTime<Utc>,
) -> (
    Option<(ExemptionIx, ExemptionCategory)>,
    Vec<Option<ExemptionIx>>,
) {
    let views = env.finding_views(a);
    let mut per_finding = vec![None; views.len()];
    if let Some(d) = decide(env, exemptions, a, at) {
        return (Some(d), per_finding);
    }
    if env.raw_status(a) != Status::Unhealthy {
        return (None, per_finding);
    }
    let r = env.assessment_resource(a);
    let rec = env.recommendation(env.assessment_recommendation(a));
    let mut worst: Option<(ExemptionCategory, ExemptionIx)> = None;
    let mut all = true;
    let mut any = false;
    for (i, (_, f)) in views.iter().enumerate() {
        if f.status != crate::vulnerabilities::FindingStatus::Unhealthy {
            continue;
        }
        let best = exemptions
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                let Target::Vulnerabilities(v) = &e.target else {
                    return false;
                };
                e.expires_on.is_none_or(|x| at < x)
                    && env.resource_cloud(r) == e.cloud
                    && (v.recommendations.is_empty()
                        || v.recommendations.iter().any(|k| same(k.trim(), &rec.key)))
                    && e.scopes.iter().any(|s| covers(env, s, r))
                    && finding_matches(v, f)
            })
            .map(|(j, e)| (e.category, ExemptionIx::at(j)))
            .min();
        per_finding[i] = best.map(|(_, e)| e);
        match best {
            None => all = false,
            Some(b) => {
                any = true;
                worst = worst.max(Some(b));
            }
        }
    }
    if all && any {
        (worst.map(|(c, e)| (e, c)), per_finding)
    } else {
        (None, per_finding)
    }
}

/// Whether `scope` covers resource `r`: by id prefix at a `/` boundary, or as
/// a management group above the resource's subscription.
pub fn covers(env: &Environment, scope: &str, r: ResourceIx) -> bool {
    let s = parts(scope);
    if s.len() == 4
        && s[0] == "providers"
        && s[1] == "microsoft.management"
        && s[2] == "managementgroups"
    {
        return env.resource_subscription(r).is_some_and(|sub| {
            env.subscription(sub)
                .management_groups
                .iter()
                .any(|&g| same(&env.management_group(g).name, &s[3]))
        });
    }
    if s.len() < 2 || s[0] != "subscriptions" {
        return false;
    }
    let id = parts(env.resource_id(r));
    id.len() >= s.len() && id[..s.len()] == s[..]
}

/// Every exemption that applies to assessment `a`: scanned Healthy or
/// Unhealthy, or Not applicable only because Azure already exempts it.
pub fn applying(
    env: &Environment,
    exemptions: &[Exemption],
    a: AssessmentIx,
    at: DateTime<Utc>,
) -> Vec<ExemptionIx> {
    if env.raw_status(a) == Status::NotApplicable && !env.azure_exempt(a) {
        return Vec::new();
    }
    exemptions
        .iter()
        .enumerate()
        .filter(|(_, e)| applies(env, e, a, at))
        .map(|(i, _)| ExemptionIx::at(i))
        .collect()
}

/// The deciding exemption of assessment `a`: Healthy and Unhealthy ones only;
/// Mitigated wins over Waiver, then the first in list order.
pub fn decide(
    env: &Environment,
    exemptions: &[Exemption],
    a: AssessmentIx,
    at: DateTime<Utc>,
) -> Option<(ExemptionIx, ExemptionCategory)> {
    applying(env, exemptions, a, at)
        .into_iter()
        .map(|i| (exemptions[i.index()].category, i))
        .min()
        .map(|(c, i)| (i, c))
}

/// The findings the review must report, from all pairs: for each exemption
/// in order, `unused`, `allHealthy`, `redundant` (with the first covering
/// exemption, the later of two equal ones being redundant) and `conflict`
/// (with the first mitigation that wins and the count).
pub fn findings(
    env: &Environment,
    exemptions: &[Exemption],
    at: DateTime<Utc>,
) -> Vec<(usize, String)> {
    let n = exemptions.len();
    let mut sets: Vec<Vec<AssessmentIx>> = vec![Vec::new(); n];
    let mut overridden = vec![0usize; n];
    let mut first_mitigation = vec![usize::MAX; n];
    for a in env.assessments() {
        let here = applying(env, exemptions, a, at);
        for &e in &here {
            sets[e.index()].push(a);
        }
        if let Some((m, ExemptionCategory::Mitigated)) = decide(env, exemptions, a, at) {
            for &w in &here {
                if exemptions[w.index()].category == ExemptionCategory::Waiver {
                    overridden[w.index()] += 1;
                    first_mitigation[w.index()] = first_mitigation[w.index()].min(m.index());
                }
            }
        }
    }
    let mut out = Vec::new();
    for (i, e) in exemptions.iter().enumerate() {
        if e.expires_on.is_some_and(|x| at >= x) {
            continue;
        }
        if sets[i].is_empty() {
            out.push((i, "unused".to_string()));
            continue;
        }
        if sets[i]
            .iter()
            .all(|&a| env.raw_status(a) == Status::Healthy)
        {
            out.push((i, "allHealthy".to_string()));
        }
        let covering = (0..n).find(|&o| {
            o != i
                && exemptions[o].category == e.category
                && sets[i].iter().all(|a| sets[o].contains(a))
                && (o < i || sets[o].len() > sets[i].len())
        });
        if let Some(o) = covering {
            out.push((i, format!("redundant by {o}")));
        }
        if overridden[i] > 0 {
            out.push((
                i,
                format!("conflict with {} on {}", first_mitigation[i], overridden[i]),
            ));
        }
    }
    out
}
