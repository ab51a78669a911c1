//! Azure's side of the report: assessments Azure already exempts, and the
//! secure scores Azure itself reported, beside ours.

use crate::environment::Environment;
use crate::evaluate::Evaluation;
use crate::score::Score;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// A count of Azure-exempt assessments for one recommendation or unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExemptCount {
    /// The assessment key or `/subscriptions/<id>` (or connector id).
    pub id: String,
    /// The recommendation's title or the subscription's name, when known.
    pub display_name: Option<String>,
    /// Assessments.
    pub assessments: usize,
}

/// Assessments whose status cause is `Exempt`: Azure already exempts them,
/// and the export does not carry the status they would have.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExemptedInAzure {
    /// Assessments.
    pub assessments: usize,
    /// Resources with at least one.
    pub resources: usize,
    /// Of the assessments, those an exemption here decides (so attributed
    /// to it).
    pub attributed: usize,
    /// Those no exemption here decides: their status without exemptions is
    /// unknown, and they count as Not applicable.
    pub unknown: usize,
    /// By recommendation, most first.
    pub by_recommendation: Vec<ExemptCount>,
    /// By subscription or connector, most first.
    pub by_subscription: Vec<ExemptCount>,
}

impl ExemptedInAzure {
    pub(super) fn new(env: &Environment, evaluation: &Evaluation) -> ExemptedInAzure {
        let mut out = ExemptedInAzure::default();
        let mut resources = rustc_hash::FxHashSet::default();
        let mut by_rec: FxHashMap<u32, usize> = FxHashMap::default();
        let mut by_unit: FxHashMap<u32, usize> = FxHashMap::default();
        for a in env.azure_exempt_assessments() {
            out.assessments += 1;
            if evaluation.decided_by(a).is_some() {
                out.attributed += 1;
            }
            let r = env.assessment_resource(a);
            resources.insert(r.0);
            *by_rec
                .entry(env.assessment_recommendation(a).0)
                .or_default() += 1;
            if let Some(u) = env.resource_unit(r) {
                *by_unit.entry(u.0).or_default() += 1;
            }
        }
        out.resources = resources.len();
        out.unknown = out.assessments - out.attributed;
        out.by_recommendation = sorted(by_rec, |k| {
            let rec = &env.recommendations()[k as usize];
            (rec.key.clone(), rec.display_name.clone())
        });
        out.by_subscription = sorted(by_unit, |u| {
            let unit = &env.units()[u as usize];
            (unit.id.clone(), unit.display_name.clone())
        });
        out
    }
}

fn sorted(
    counts: FxHashMap<u32, usize>,
    describe: impl Fn(u32) -> (String, Option<String>),
) -> Vec<ExemptCount> {
    let mut out: Vec<ExemptCount> = counts
        .into_iter()
        .map(|(i, n)| {
            let (id, display_name) = describe(i);
            ExemptCount {
                id,
                display_name,
                assessments: n,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.assessments
            .cmp(&a.assessments)
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// One scope's score as Azure reported it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportedUnit {
    /// `/subscriptions/<id>` or the management group's id.
    pub id: String,
    /// Azure's figures.
    pub secure_score: Score,
}

/// One control as Azure reported it, summed over the scopes loaded.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportedControlSum {
    /// The control definition's name.
    pub id: String,
    /// Its title.
    pub display_name: Option<String>,
    /// Azure's figures.
    pub secure_score: Score,
    /// Healthy resources.
    pub healthy: u32,
    /// Unhealthy resources.
    pub unhealthy: u32,
    /// Not applicable resources.
    pub not_applicable: u32,
}

/// The secure scores Azure reported (`secureScores`, `secureScoreControls`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportedByAzure {
    /// Overall: a management group's score when one was loaded, else the
    /// subscriptions' points summed.
    pub secure_score: Option<Score>,
    /// Per subscription.
    pub subscriptions: Vec<ReportedUnit>,
    /// Per management group.
    pub management_groups: Vec<ReportedUnit>,
    /// Per control, summed over subscriptions (or a management group's).
    pub controls: Vec<ReportedControlSum>,
}

fn is_group(scope: &str) -> bool {
    scope.to_ascii_lowercase().contains("/managementgroups/")
}

fn sum(scores: impl Iterator<Item = Score>) -> Option<Score> {
    let (mut current, mut max, mut any) = (0.0, 0.0, false);
    for s in scores {
        current += s.current;
        max += s.max;
        any = true;
    }
    any.then(|| Score {
        current,
        max,
        percentage: if max > 0.0 { current / max } else { 0.0 },
    })
}

impl ReportedByAzure {
    /// Azure's scores, or `None` when the input had none.
    pub(crate) fn new(env: &Environment) -> Option<ReportedByAzure> {
        let reported = env.reported();
        if reported.is_empty() {
            return None;
        }
        let unit = |s: &crate::environment::ReportedScore| ReportedUnit {
            id: s.scope.clone(),
            secure_score: s.score,
        };
        let subscriptions: Vec<ReportedUnit> = reported
            .scores
            .iter()
            .filter(|s| !is_group(&s.scope))
            .map(unit)
            .collect();
        let management_groups: Vec<ReportedUnit> = reported
            .scores
            .iter()
            .filter(|s| is_group(&s.scope))
            .map(unit)
            .collect();
        let secure_score = match (management_groups.first(), subscriptions.as_slice()) {
            (Some(g), _) => Some(g.secure_score),
            // Azure's own rounding of its one figure is kept.
            (None, [one]) => Some(one.secure_score),
            (None, many) => sum(many.iter().map(|s| s.secure_score)),
        };
        // Controls of a management group's score when there is one, else
        // every subscription's, summed per control.
        let group_scope = reported
            .controls
            .iter()
            .find(|c| is_group(&c.scope))
            .map(|c| c.scope.clone());
        let mut controls: Vec<ReportedControlSum> = Vec::new();
        for c in reported.controls.iter().filter(|c| {
            group_scope
                .as_ref()
                .map_or(!is_group(&c.scope), |g| &c.scope == g)
        }) {
            match controls
                .iter_mut()
                .find(|s| s.id.eq_ignore_ascii_case(&c.control))
            {
                Some(s) => {
                    s.secure_score =
                        sum([s.secure_score, c.score].into_iter()).unwrap_or(s.secure_score);
                    s.healthy += c.healthy;
                    s.unhealthy += c.unhealthy;
                    s.not_applicable += c.not_applicable;
                }
                None => controls.push(ReportedControlSum {
                    id: c.control.clone(),
                    display_name: c.display_name.clone(),
                    secure_score: c.score,
                    healthy: c.healthy,
                    unhealthy: c.unhealthy,
                    not_applicable: c.not_applicable,
                }),
            }
        }
        Some(ReportedByAzure {
            secure_score,
            subscriptions,
            management_groups,
            controls,
        })
    }
}
