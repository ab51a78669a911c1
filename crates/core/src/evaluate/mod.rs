//! Deciding, for every assessment, which exemption applies.
//!
//! Exemptions are compiled into slots ([`compile`]): one per (tree node,
//! cloud, recommendation or category) that some active exemption names, each
//! knowing its best decision (Mitigated before Waiver, then list order). Each
//! tree node learns its nearest ancestor that has slots, so a resource finds
//! the handful of nodes worth asking by following those links, plus the
//! management groups of its subscription that have slots. Resources under no
//! exempted scope cost one comparison. [`matching`] groups assessments by the
//! set of slots that match them, which is what the lifecycle findings and the
//! per-exemption scores work from.

pub(crate) mod change;
pub(crate) mod compile;
pub(crate) mod findings;
pub(crate) mod matching;

use crate::environment::Environment;
use crate::error::Error;
use crate::ids::{AssessmentIx, ExemptionIx};
use crate::model::{ExemptionCategory, Status};
use crate::scope::{NodeId, NONE};
use chrono::{DateTime, Utc};
use compile::Compiled;

/// A decision packed into 32 bits so that the smaller value wins: the top bit
/// is set for waivers, the rest is the exemption's position in the list.
pub(crate) type Decision = u32;

pub(crate) const WAIVER_BIT: u32 = 1 << 31;

/// The most exemptions a list may hold: positions share 32 bits with the
/// waiver bit, and the largest values mark "none" and "the draft".
pub const MAX_EXEMPTIONS: usize = (WAIVER_BIT - 3) as usize;

pub(crate) fn pack(index: usize, category: ExemptionCategory) -> Result<Decision, Error> {
    let index = u32::try_from(index)
        .ok()
        .filter(|&i| i <= WAIVER_BIT - 3)
        .ok_or_else(|| Error::limit("exemptions", MAX_EXEMPTIONS))?;
    Ok(match category {
        ExemptionCategory::Mitigated => index,
        ExemptionCategory::Waiver => index | WAIVER_BIT,
    })
}

pub(crate) fn unpack(d: Decision) -> Option<(ExemptionIx, ExemptionCategory)> {
    if d == NONE {
        return None;
    }
    let category = if d & WAIVER_BIT != 0 {
        ExemptionCategory::Waiver
    } else {
        ExemptionCategory::Mitigated
    };
    Some((ExemptionIx(d & !WAIVER_BIT), category))
}

/// What became of one exemption in an evaluation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExemptionOutcome {
    /// In force at the evaluation time.
    pub active: bool,
    /// Applies to at least one Healthy or Unhealthy assessment.
    pub matched: bool,
    /// Assessments it decides (it applies and wins).
    pub decided: usize,
    /// Resources with at least one assessment it decides.
    pub resources: usize,
    /// Vulnerability findings it decides (a Vulnerabilities condition).
    pub findings: usize,
    /// Its scopes that name nothing in the input.
    pub unknown_scopes: Vec<String>,
    /// Its recommendations, or its category, that no assessment has.
    pub unknown_targets: Vec<String>,
}

/// Effective statuses and deciding exemptions, indexed by assessment.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The instant expiry was judged against.
    pub at: DateTime<Utc>,
    status: Vec<Status>,
    decision: Vec<Decision>,
    outcomes: Vec<ExemptionOutcome>,
    /// Per vulnerability finding, the exemption that decides it.
    finding_decision: Vec<Decision>,
}

impl Evaluation {
    /// Effective statuses, in assessment order.
    pub fn statuses(&self) -> &[Status] {
        &self.status
    }

    /// The effective status of assessment `a`.
    pub fn status(&self, a: AssessmentIx) -> Status {
        self.status[a.index()]
    }

    /// The deciding exemption of assessment `a` and its category.
    pub fn decided_by(&self, a: AssessmentIx) -> Option<(ExemptionIx, ExemptionCategory)> {
        unpack(self.decision[a.index()])
    }

    pub(crate) fn decisions(&self) -> &[Decision] {
        &self.decision
    }

    /// What became of each exemption, in list order.
    pub fn outcomes(&self) -> &[ExemptionOutcome] {
        &self.outcomes
    }

    /// What became of exemption `e`.
    pub fn outcome(&self, e: ExemptionIx) -> &ExemptionOutcome {
        &self.outcomes[e.index()]
    }

    /// The exemption that decides the finding at position `f`, and its
    /// category.
    pub fn finding_decided_by(&self, f: usize) -> Option<(ExemptionIx, ExemptionCategory)> {
        self.finding_decision.get(f).and_then(|&d| unpack(d))
    }

    /// Findings decided by an exemption, in all.
    pub fn findings_exempted(&self) -> usize {
        self.finding_decision.iter().filter(|&&d| d != NONE).count()
    }

    pub(crate) fn finding_decisions(&self) -> &[Decision] {
        &self.finding_decision
    }

    /// Assessment `a`'s decision when an exemption of the whole assessment
    /// makes it, else `NONE`. One made through its findings is not: any
    /// exemption of the whole assessment takes over from that, wherever
    /// it stands in the list ([`findings::with_findings`] leaves the
    /// findings undecided then).
    pub(crate) fn whole_decision(&self, env: &Environment, a: usize) -> Decision {
        let d = self.decision[a];
        if d == NONE || env.findings.of(a).any(|f| self.finding_decision[f] != NONE) {
            NONE
        } else {
            d
        }
    }
}

/// The decision for assessment `a`, of a resource of `cloud` whose
/// slot-bearing nodes are `chain`: the best of the slots that match it,
/// each marked in `hit`. An assessment that cannot be exempted (not
/// applicable as scanned, and not one Azure exempts) has none.
pub(crate) fn decide(
    env: &Environment,
    compiled: &Compiled,
    chain: &[NodeId],
    cloud: crate::model::Cloud,
    a: usize,
    hit: &mut [bool],
) -> Decision {
    if env.assessments.status[a] == Status::NotApplicable && !env.exemptible(AssessmentIx::at(a)) {
        return NONE;
    }
    let mut best = NONE;
    compiled.matching_slots(env, chain, cloud, a, |slot| {
        hit[slot as usize] = true;
        best = best.min(compiled.slots[slot as usize].best);
    });
    best
}

/// [`decide`], then the findings' decision when no exemption of the whole
/// assessment decides it (`findings::with_findings`).
pub(crate) fn decide_with_findings(
    env: &Environment,
    compiled: &Compiled,
    (chain, cloud, a): (&[NodeId], crate::model::Cloud, usize),
    hit: &mut [bool],
    finding_decision: &mut [Decision],
    scratch: &mut findings::Scratch,
) -> Decision {
    let own = decide(env, compiled, chain, cloud, a, hit);
    findings::with_findings(
        env,
        &compiled.conditions,
        chain,
        cloud,
        a,
        own,
        finding_decision,
        scratch,
    )
}

/// Decides every assessment of `env` under the compiled exemptions.
pub(crate) fn evaluate(env: &Environment, compiled: &Compiled, at: DateTime<Utc>) -> Evaluation {
    let mut outcomes: Vec<ExemptionOutcome> = compiled
        .active
        .iter()
        .zip(&compiled.unknown)
        .map(|(&active, unknown)| ExemptionOutcome {
            active,
            unknown_scopes: unknown.scopes.clone(),
            unknown_targets: unknown.targets.clone(),
            ..Default::default()
        })
        .collect();
    let n = env.assessment_count();
    let mut status = env.assessments.status.clone();
    let mut decision = vec![NONE; n];
    let mut hit = vec![false; compiled.slots.len()];
    let mut chain: Vec<NodeId> = Vec::new();
    let mut deciders: Vec<u32> = Vec::new();
    let mut finding_decision = vec![NONE; env.findings.len()];
    let mut scratch = findings::Scratch::new(outcomes.len());
    let res = &env.resources;
    for r in 0..env.resource_count() {
        compiled.chain(env, r, &mut chain);
        if chain.is_empty() {
            continue;
        }
        let cloud = res.cloud[r];
        deciders.clear();
        for &a in env.assessments_of(r) {
            let a = a as usize;
            let best = decide_with_findings(
                env,
                compiled,
                (&chain, cloud, a),
                &mut hit,
                &mut finding_decision,
                &mut scratch,
            );
            if let Some((e, category)) = unpack(best) {
                decision[a] = best;
                status[a] = category.effect();
                outcomes[e.index()].decided += 1;
                if !deciders.contains(&e.0) {
                    deciders.push(e.0);
                }
            }
            for f in env.findings.of(a) {
                if let Some((e, _)) = unpack(finding_decision[f]) {
                    outcomes[e.index()].findings += 1;
                }
            }
        }
        for &e in &deciders {
            outcomes[e as usize].resources += 1;
        }
    }
    for (slot, _) in hit.iter().enumerate().filter(|(_, &h)| h) {
        let s = &compiled.slots[slot];
        for &e in s.mitigated.iter().chain(&s.waivers) {
            outcomes[e as usize].matched = true;
        }
    }
    for (o, &h) in outcomes.iter_mut().zip(&scratch.hit) {
        o.matched |= h;
    }
    Evaluation {
        at,
        status,
        decision,
        outcomes,
        finding_decision,
    }
}
