//! What a draft exemption would change, before it is created.
//!
//! The draft is measured against an existing evaluation: only the resources
//! its scopes cover are visited (scopes are contiguous runs of resource
//! numbers), and only the resources whose statuses change are taken out of
//! and put back into a copy of the posture. The draft ranks after every
//! existing exemption of its category, as it would once appended.

use crate::environment::Environment;
use crate::evaluate::compile::resolve_targets;
use crate::evaluate::{unpack, Evaluation, WAIVER_BIT};
use crate::exemption::{Exemption, Target};

mod findings;
use crate::ids::AssessmentIx;
use crate::ids::{CategoryIx, ControlIx, UnitIx};
use crate::model::{ExemptionCategory, Status};
use crate::scope::NONE;
use crate::score::{Posture, ResourceStates, Score, Tally};
use serde::{Deserialize, Serialize};

/// A control whose counts the draft changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ControlChange {
    /// The control.
    pub control: ControlIx,
    /// Pooled counts now.
    pub before: Tally,
    /// Pooled counts with the draft.
    pub after: Tally,
    /// Pooled points now.
    pub points_before: f64,
    /// Pooled points with the draft.
    pub points_after: f64,
}

/// A scoring unit whose score the draft changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitChange {
    /// The unit.
    pub unit: UnitIx,
    /// Its score now.
    pub before: Score,
    /// Its score with the draft.
    pub after: Score,
}

/// The draft's added effect.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Impact {
    /// Healthy or Unhealthy assessments the draft applies to.
    pub matched: usize,
    /// Of those, the ones no exemption decided before.
    pub newly_exempt: usize,
    /// Of those, decided before in the other category (waived ones a
    /// mitigating draft would mark Healthy, or the reverse).
    pub recategorized: usize,
    /// Assessments Unhealthy now that would no longer be.
    pub unhealthy_resolved: usize,
    /// Resources with at least one assessment whose status changes.
    pub resources: usize,
    /// For a Vulnerabilities condition: Unhealthy findings of Unhealthy
    /// assessments it matches.
    pub findings_matched: usize,
    /// Of those, the ones no exemption decided before.
    pub findings_exempted: usize,
    /// The overall secure score now.
    pub before: Score,
    /// The overall secure score with the draft.
    pub after: Score,
    /// The draft's cloud's secure score now, over its subscriptions or
    /// connectors: what the Overview shows with that cloud chosen.
    pub cloud_before: Score,
    /// The draft's cloud's secure score with the draft.
    pub cloud_after: Score,
    /// Controls whose pooled counts change.
    pub controls: Vec<ControlChange>,
    /// Units whose scores change.
    pub units: Vec<UnitChange>,
}

/// The effect of adding `draft` to the exemptions behind `evaluation`, whose
/// posture is `posture`.
pub(crate) fn what_if(
    env: &Environment,
    evaluation: &Evaluation,
    posture: &Posture,
    draft: &Exemption,
) -> Impact {
    let before = posture.overall();
    let in_cloud = |u: UnitIx| env.unit(u).cloud == draft.cloud;
    let cloud_before = posture.overall_of(in_cloud);
    let mut impact = Impact {
        before,
        after: before,
        cloud_before,
        cloud_after: cloud_before,
        ..Impact::default()
    };
    if !draft.is_active(evaluation.at) {
        return impact;
    }
    let mut changer = Changer {
        after: posture.clone(),
        scratch: ResourceStates::new(env.controls.len()),
        touched_units: Vec::new(),
    };
    match &draft.target {
        Target::Vulnerabilities(v) => {
            findings::visit(env, evaluation, draft, v, &mut impact, &mut changer);
        }
        _ => whole(env, evaluation, draft, &mut impact, &mut changer),
    }
    let Changer {
        after,
        mut touched_units,
        ..
    } = changer;
    impact.after = after.overall();
    impact.cloud_after = after.overall_of(in_cloud);
    touched_units.sort_unstable();
    touched_units.dedup();
    impact.units = touched_units
        .into_iter()
        .map(|unit| UnitChange {
            unit: UnitIx::at(unit),
            before: posture.unit_score(UnitIx::at(unit)),
            after: after.unit_score(UnitIx::at(unit)),
        })
        .filter(|u| u.before != u.after)
        .collect();
    impact.controls = (0..env.controls.len())
        .map(ControlIx::at)
        .filter_map(|c| {
            let (b, pb) = posture.control(c);
            let (a, pa) = after.control(c);
            (b != a).then_some(ControlChange {
                control: c,
                before: b,
                after: a,
                points_before: pb,
                points_after: pa,
            })
        })
        .collect();
    impact
}

/// The draft's place in the order: after every existing exemption (whose
/// positions are at most `WAIVER_BIT - 3`).
const DRAFT: u32 = WAIVER_BIT - 2;

/// The draft's effect when it exempts whole assessments.
fn whole(
    env: &Environment,
    evaluation: &Evaluation,
    draft: &Exemption,
    impact: &mut Impact,
    changer: &mut Changer,
) {
    let mut targeted = vec![false; env.recommendations.len()];
    for (is_category, t) in resolve_targets(env, draft, &mut Vec::new()) {
        if is_category {
            for (k, rec) in env.recommendations.iter().enumerate() {
                if rec.categories.contains(&CategoryIx(t)) {
                    targeted[k] = true;
                }
            }
        } else {
            targeted[t as usize] = true;
        }
    }
    let ranges = env.scopes_resources(&draft.scopes);

    let d = match draft.category {
        ExemptionCategory::Mitigated => DRAFT,
        ExemptionCategory::Waiver => DRAFT | WAIVER_BIT,
    };
    let effect = draft.category.effect();
    let decisions = evaluation.decisions();
    // Only an exemption of the whole assessment holds it against the draft.
    let whole_decision = |a: usize| evaluation.whole_decision(env, a);
    let applies =
        |a: usize| env.exemptible(AssessmentIx::at(a)) && targeted[env.assessments.key[a] as usize];
    let wins = |a: usize| applies(a) && d < whole_decision(a);
    let changes = |a: usize| wins(a) && evaluation.statuses()[a] != effect;

    for range in ranges.0 {
        for r in range {
            if env.resources.cloud[r] != draft.cloud {
                continue;
            }
            let mut changed = false;
            for &a in env.assessments_of(r) {
                let a = a as usize;
                if !applies(a) {
                    continue;
                }
                impact.matched += 1;
                if d >= whole_decision(a) {
                    continue;
                }
                match unpack(decisions[a]) {
                    None => impact.newly_exempt += 1,
                    Some((_, c)) if c != draft.category => impact.recategorized += 1,
                    Some(_) => {}
                }
                if evaluation.statuses()[a] != effect {
                    changed = true;
                    if evaluation.statuses()[a] == Status::Unhealthy {
                        impact.unhealthy_resolved += 1;
                    }
                }
            }
            if !changed {
                continue;
            }
            impact.resources += 1;
            changer.change(env, evaluation, r, |a| {
                if changes(a) {
                    effect
                } else {
                    evaluation.statuses()[a]
                }
            });
        }
    }
}

/// The posture with the draft, one changed resource at a time.
pub(crate) struct Changer {
    after: Posture,
    scratch: ResourceStates,
    touched_units: Vec<usize>,
}

impl Changer {
    /// Resource `r`'s assessments now have the statuses `new` gives.
    pub fn change(
        &mut self,
        env: &Environment,
        evaluation: &Evaluation,
        r: usize,
        new: impl Fn(usize) -> Status,
    ) {
        let unit = env.resources.unit[r];
        if unit == NONE {
            return;
        }
        let unit = unit as usize;
        self.scratch.fold(env, r, |a| evaluation.statuses()[a]);
        self.scratch.apply(&mut self.after, unit, -1);
        self.scratch.fold(env, r, new);
        self.scratch.apply(&mut self.after, unit, 1);
        if self.touched_units.last() != Some(&unit) {
            self.touched_units.push(unit);
        }
    }
}
