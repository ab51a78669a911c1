//! "Why is this exempt?": for one assessment, every exemption and whether it
//! applies, how its scope covers the resource, the first reason it does not,
//! and which one decides and why.
//!
//! This walks all exemptions for a single assessment, so it reads the rules
//! the plain way; the property tests check that it names the same decider as
//! the engine.

use crate::environment::Environment;
use crate::exemption::{Exemption, Policy, State, Target};
use crate::ids::{AssessmentIx, ExemptionIx, RecommendationIx, ResourceIx};
use crate::model::{Cloud, ExemptionCategory, Status};
use crate::scope::{classify, segments, ScopeKind};
use findings::{explain_findings, findings_decider, partly};

mod findings;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use std::sync::Arc;

/// How a scope covers the resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Coverage {
    /// A management group above the resource's subscription.
    ManagementGroup {
        /// The subscription's ancestry from its parent up to the group.
        path: Vec<String>,
    },
    /// The resource's subscription.
    Subscription,
    /// The resource's resource group.
    ResourceGroup,
    /// The security connector the resource belongs to.
    Connector,
    /// The resource itself.
    Resource,
    /// A resource (or other id) the resource sits below, such as a SQL server
    /// above its database.
    Parent,
}

/// The first reason an exemption does not apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Miss {
    /// The assessment is Not applicable: exemptions do not change those.
    NotApplicable,
    /// Written for another cloud.
    OtherCloud {
        /// The exemption's cloud.
        exemption: Cloud,
        /// The resource's cloud.
        resource: Cloud,
    },
    /// Expired at this time.
    Expired {
        /// When.
        on: String,
    },
    /// Waiting for an approved decision, which the team's policy asks for.
    Pending,
    /// Refused.
    Rejected {
        /// Who refused it, as recorded.
        by: String,
    },
    /// Neither this recommendation nor one of its categories is targeted.
    NotTargeted,
    /// None of its scopes covers the resource.
    OutsideScope,
    /// A Vulnerabilities condition, and the assessment has no findings
    /// loaded.
    NoFindings,
    /// A Vulnerabilities condition, and the assessment is not Unhealthy.
    NotUnhealthy,
    /// A Vulnerabilities condition that none of the assessment's Unhealthy
    /// findings matches.
    NoFindingMatches,
}

/// One exemption's verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    /// Position in the list.
    pub index: ExemptionIx,
    /// Its name.
    pub name: String,
    /// Mitigated or waiver.
    pub category: ExemptionCategory,
    /// The covering scope and how it covers, when it applies.
    pub applies: Option<(String, Coverage)>,
    /// Why not, when it does not.
    pub miss: Option<Miss>,
    /// For a Vulnerabilities condition that applies: how many of the
    /// assessment's Unhealthy findings it matches.
    pub findings: Option<usize>,
}

/// The findings of an explained assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingsExplained {
    /// Findings loaded under the assessment.
    pub total: usize,
    /// Of those, the Unhealthy ones.
    pub unhealthy: usize,
    /// Unhealthy findings a Vulnerabilities condition exempts.
    pub exempted: usize,
    /// The CVEs (or titles) of the Unhealthy findings that remain.
    pub remaining: Vec<String>,
}

/// The explanation of one assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// The assessment's row id.
    pub assessment: String,
    /// The resource id.
    pub resource: String,
    /// The recommendation's title or key.
    pub recommendation: String,
    /// Status as scanned.
    pub raw_status: Status,
    /// Status after exemptions.
    pub status: Status,
    /// Every exemption, in list order.
    pub candidates: Vec<Candidate>,
    /// The deciding exemption.
    pub decider: Option<ExemptionIx>,
    /// Why it decides (or why none does), in words.
    pub reason: String,
    /// Its vulnerability findings, when any were loaded.
    pub findings: Option<FindingsExplained>,
}

/// Explains assessment `a` under `exemptions` at `at`.
pub(crate) fn explain(
    env: &Environment,
    exemptions: &[Arc<Exemption>],
    (at, policy): (DateTime<Utc>, &Policy),
    a: AssessmentIx,
) -> Explanation {
    let r = env.assessment_resource(a);
    let k = env.assessment_recommendation(a);
    let raw = env.raw_status(a);
    let resource = env.resource_id(r);
    let candidates: Vec<Candidate> = exemptions
        .iter()
        .enumerate()
        .map(|(index, e)| {
            let verdict = judge(env, e, r, k, env.exemptible(a), at).and_then(|hit| {
                match policy.state(e, at) {
                    State::Pending => Err(Miss::Pending),
                    State::Rejected => Err(Miss::Rejected {
                        by: e
                            .governance
                            .approval
                            .as_ref()
                            .map(|a| a.by.clone())
                            .unwrap_or_default(),
                    }),
                    _ => Ok(hit),
                }
            });
            let (applies, miss, findings) = match verdict.and_then(|hit| {
                let matched = match &e.target {
                    Target::Vulnerabilities(v) => Some(matching_findings(env, a, v)?.len()),
                    _ => None,
                };
                Ok((hit, matched))
            }) {
                Ok((hit, matched)) => (Some(hit), None, matched),
                Err(m) => (None, Some(m), None),
            };
            Candidate {
                index: ExemptionIx::at(index),
                name: e.name.clone(),
                category: e.category,
                applies,
                miss,
                findings,
            }
        })
        .collect();
    let whole = |c: &&Candidate| c.findings.is_none();
    let applying: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.applies.is_some())
        .filter(whole)
        .collect();
    let decider = applying
        .iter()
        .min_by_key(|c| (c.category, c.index))
        .map(|c| c.index);
    let mitigated = applying
        .iter()
        .filter(|c| c.category == ExemptionCategory::Mitigated)
        .count();
    let waivers = applying.len() - mitigated;
    let exemptible = env.exemptible(a);
    let by_findings = (decider.is_none() && exemptible)
        .then(|| findings_decider(env, exemptions, &candidates, a))
        .flatten();
    let findings = explain_findings(env, exemptions, &candidates, a, decider.is_none());
    let reason = match (decider, &by_findings) {
        (None, Some(f)) if exemptible => f.reason.clone(),
        _ => match decider {
        _ if !exemptible => {
            "The assessment is Not applicable as scanned; exemptions change only Healthy and Unhealthy assessments.".to_string()
        }
        None if raw == Status::NotApplicable => {
            "Azure already exempts this assessment (its status cause is Exempt), and no exemption here applies: its status without exemptions is unknown, since the export does not carry it.".to_string()
        }
        None => "No exemption applies: the status is as scanned.".to_string(),
        Some(d) => {
            let name = crate::text::quote(&exemptions[d.index()].name);
            match (mitigated, waivers) {
                (1, 0) | (0, 1) => format!("“{name}” is the only exemption that applies."),
                (m, w) if m > 0 && w > 0 => format!(
                    "Mitigated wins over Waiver: {m} mitigating and {w} waiving exemptions apply, and “{name}” is the first mitigating one in order."
                ),
                (m, _) if m > 0 => format!("{m} mitigating exemptions apply; “{name}” is the first in order."),
                (_, w) => format!("{w} waiving exemptions apply; “{name}” is the first in order."),
            }
        }
        },
    };
    let reason = match (&findings, decider, &by_findings) {
        (Some(f), None, None) if f.exempted > 0 && exemptible => partly(exemptions, &candidates, f),
        _ => reason,
    };
    let decider = decider.or(by_findings.as_ref().and_then(|f| f.decider));
    let status = match decider {
        Some(d) if exemptible => exemptions[d.index()].category.effect(),
        _ => raw,
    };
    Explanation {
        assessment: env.assessment_id(a).into_owned(),
        resource: resource.to_string(),
        recommendation: env.recommendation(k).title().to_string(),
        raw_status: raw,
        status,
        candidates,
        decider: if exemptible { decider } else { None },
        reason,
        findings,
    }
}

fn judge(
    env: &Environment,
    e: &Exemption,
    r: ResourceIx,
    k: RecommendationIx,
    exemptible: bool,
    at: DateTime<Utc>,
) -> Result<(String, Coverage), Miss> {
    if env.resource_cloud(r) != e.cloud {
        return Err(Miss::OtherCloud {
            exemption: e.cloud,
            resource: env.resource_cloud(r),
        });
    }
    if !e.is_active(at) {
        let on = e
            .expires_on
            .map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
            .unwrap_or_default();
        return Err(Miss::Expired { on });
    }
    if !targets(env, e, k) {
        return Err(Miss::NotTargeted);
    }
    let hit = e
        .scopes
        .iter()
        .find_map(|s| coverage(env, s, r).map(|c| (s.clone(), c)));
    let Some(hit) = hit else {
        return Err(Miss::OutsideScope);
    };
    if !exemptible {
        return Err(Miss::NotApplicable);
    }
    Ok(hit)
}

/// The Unhealthy findings of an Unhealthy assessment `a` that condition
/// `v` matches (positions), or why there are none to match.
pub(super) fn matching_findings(
    env: &Environment,
    a: AssessmentIx,
    v: &crate::exemption::Vulnerabilities,
) -> Result<Vec<usize>, Miss> {
    let all = env.finding_views(a);
    if all.is_empty() {
        return Err(Miss::NoFindings);
    }
    if env.raw_status(a) != Status::Unhealthy {
        return Err(Miss::NotUnhealthy);
    }
    let matched: Vec<usize> = all
        .iter()
        .filter(|(_, f)| f.status == crate::vulnerabilities::FindingStatus::Unhealthy)
        .filter(|(_, f)| {
            let has = |wanted: &[String]| {
                f.cves.iter().any(|c| {
                    wanted
                        .iter()
                        .any(|w| w.trim().eq_ignore_ascii_case(c.trim()))
                })
            };
            v.matches(&crate::exemption::Facts {
                has_cve: &has,
                cvss: f.cvss.and_then(crate::exemption::Cvss::nearest),
                severity: f.severity,
                patchable: f.patchable,
            })
        })
        .map(|(i, _)| *i)
        .collect();
    if matched.is_empty() {
        return Err(Miss::NoFindingMatches);
    }
    Ok(matched)
}

/// Whether `e` targets recommendation `k`: by key, or by one of its
/// categories.
fn targets(env: &Environment, e: &Exemption, k: RecommendationIx) -> bool {
    let rec = env.recommendation(k);
    match &e.target {
        Target::Recommendations(keys) => {
            keys.iter().any(|key| crate::fold::eq(key.trim(), &rec.key))
        }
        Target::Category(c) => rec
            .categories
            .iter()
            .any(|&i| crate::fold::eq(env.category(i), c.trim())),
        Target::Vulnerabilities(v) => {
            v.recommendations.is_empty()
                || v.recommendations
                    .iter()
                    .any(|key| crate::fold::eq(key.trim(), &rec.key))
        }
    }
}

/// Whether resource id `id` equals `scope` or continues it at a `/`,
/// segment by segment and without regard to case.
fn id_covers(scope: &str, id: &str) -> bool {
    let mut ids = segments(id);
    segments(scope).all(|s| ids.next().is_some_and(|i| crate::fold::eq(i, s)))
}

/// How `scope` covers resource `r`, if it does.
pub fn coverage(env: &Environment, scope: &str, r: ResourceIx) -> Option<Coverage> {
    let id = env.resource_id(r);
    match classify(scope)? {
        ScopeKind::ManagementGroup(name) => {
            let s = env.resource_subscription(r)?;
            let groups = &env.subscription(s).management_groups;
            let at = groups
                .iter()
                .position(|&g| crate::fold::eq(&env.management_group(g).name, &name))?;
            let path = groups[..=at]
                .iter()
                .map(|&g| {
                    let g = env.management_group(g);
                    g.display_name.clone().unwrap_or_else(|| g.name.clone())
                })
                .collect();
            Some(Coverage::ManagementGroup { path })
        }
        ScopeKind::Subscription => {
            if !id_covers(scope, id) {
                return None;
            }
            let parts: Vec<&str> = segments(scope).collect();
            let exact = segments(scope).count() == segments(id).count();
            Some(match parts.as_slice() {
                _ if exact => Coverage::Resource,
                [_, _] => Coverage::Subscription,
                [_, _, g, _] if g.eq_ignore_ascii_case("resourcegroups") => Coverage::ResourceGroup,
                [.., c, _] if c.eq_ignore_ascii_case("securityconnectors") => Coverage::Connector,
                _ => Coverage::Parent,
            })
        }
    }
}

impl Coverage {
    /// In words, for people.
    pub fn describe(&self) -> String {
        match self {
            Coverage::ManagementGroup { path } => {
                format!("management group ancestry: {}", path.join(" › "))
            }
            Coverage::Subscription => "the resource's subscription".into(),
            Coverage::ResourceGroup => "the resource's resource group".into(),
            Coverage::Connector => "the resource's security connector".into(),
            Coverage::Resource => "the resource itself".into(),
            Coverage::Parent => "a resource the resource sits below".into(),
        }
    }
}

impl Miss {
    /// In words, for people.
    pub fn describe(&self) -> String {
        match self {
            Miss::NotApplicable => "the assessment is Not applicable".into(),
            Miss::OtherCloud {
                exemption,
                resource,
            } => format!("other cloud: written for {exemption}, the resource is in {resource}"),
            Miss::Expired { on } => {
                format!("expired on {}", crate::exemption::shown_instant_text(on))
            }
            Miss::Pending => "pending approval: it applies once approved".into(),
            Miss::Rejected { by } => format!("rejected by “{by}”"),
            Miss::NotTargeted => "recommendation not targeted".into(),
            Miss::OutsideScope => "outside scope".into(),
            Miss::NoFindings => "no vulnerability findings are loaded for the assessment".into(),
            Miss::NotUnhealthy => {
                "the assessment is not Unhealthy: a Vulnerabilities condition removes only Unhealthy findings".into()
            }
            Miss::NoFindingMatches => "none of the assessment's Unhealthy findings matches its condition".into(),
        }
    }
}
