//! What each exemption is worth: the overall score if it alone were removed,
//! and without all mitigations or all waivers.
//!
//! Removing one exemption hands each assessment it decides to the next
//! applying exemption, or back to its scanned status. The next one is the
//! best decision among the assessment's matching slots once the removed
//! exemption is left out, and each slot already knows its two best, so the
//! fallback costs one pass over the slots of the assessment's signature.
//! Only the resources the exemption decides something on are re-tallied.

use crate::environment::Environment;
use crate::evaluate::compile::Compiled;
use crate::evaluate::matching::Matching;
use crate::evaluate::{unpack, Evaluation, WAIVER_BIT};
use crate::ids::AssessmentIx;
use crate::model::Status;
use crate::scope::NONE;
use crate::score::{Posture, ResourceStates, Score};
use serde::{Deserialize, Serialize};

/// Each exemption's worth to the overall secure score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contributions {
    /// For each exemption, the overall score if it alone were removed.
    pub without_each: Vec<Score>,
    /// The overall score with no mitigating exemption.
    pub without_mitigated: Score,
    /// The overall score with no waiver.
    pub without_waivers: Score,
}

pub(crate) fn contributions(
    env: &Environment,
    compiled: &Compiled,
    matching: &Matching,
    evaluation: &Evaluation,
    posture: &Posture,
    exemptions: usize,
) -> Contributions {
    let decisions = evaluation.decisions();
    // Assessments grouped by their deciding exemption.
    let mut start = vec![0u32; exemptions + 1];
    for &d in decisions {
        if d != NONE {
            start[(d & !WAIVER_BIT) as usize + 1] += 1;
        }
    }
    for i in 0..exemptions {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut decided = vec![0u32; start[exemptions] as usize];
    for (a, &d) in decisions.iter().enumerate() {
        if d != NONE {
            let e = (d & !WAIVER_BIT) as usize;
            // Assessment positions were narrowed to 32 bits when loaded.
            decided[fill[e] as usize] = AssessmentIx::at(a).0;
            fill[e] += 1;
        }
    }
    let fallback = |a: usize| -> Status {
        let best = decisions[a];
        let sig = matching.signature_of[a];
        let next = matching
            .slots_of(sig as usize)
            .iter()
            .map(|&s| {
                let slot = &compiled.slots[s as usize];
                if same_exemption(slot.best, best) {
                    slot.second
                } else {
                    slot.best
                }
            })
            .min()
            .unwrap_or(NONE);
        unpack(next).map_or(env.assessments.status[a], |(_, c)| c.effect())
    };

    let current = posture.overall();
    let mut scratch = ResourceStates::new(env.controls.len());
    let mut work = posture.clone();
    let mut resources: Vec<usize> = Vec::new();
    let mut mine = vec![false; env.assessment_count()];
    let without_each = (0..exemptions)
        .map(|e| {
            let list = &decided[start[e] as usize..start[e + 1] as usize];
            if list.is_empty() {
                return current;
            }
            resources.clear();
            resources.extend(
                list.iter()
                    .map(|&a| env.assessments.resource[a as usize] as usize),
            );
            resources.sort_unstable();
            resources.dedup();
            for &a in list {
                mine[a as usize] = true;
            }
            let changed = |a: usize| {
                if mine[a] {
                    fallback(a)
                } else {
                    evaluation.statuses()[a]
                }
            };
            let now = |a: usize| evaluation.statuses()[a];
            for &r in &resources {
                retally(env, &mut scratch, &mut work, r, now, changed);
            }
            let without = work.overall();
            for &r in &resources {
                retally(env, &mut scratch, &mut work, r, changed, now);
            }
            for &a in list {
                mine[a as usize] = false;
            }
            without
        })
        .collect();

    let only = |keep_waivers: bool| -> Score {
        let statuses: Vec<Status> = (0..env.assessment_count())
            .map(|a| {
                let sig = matching.signature_of[a];
                if sig == NONE {
                    return evaluation.statuses()[a];
                }
                let best = matching
                    .slots_of(sig as usize)
                    .iter()
                    .filter_map(|&s| {
                        let slot = &compiled.slots[s as usize];
                        if keep_waivers {
                            slot.waivers.first().map(|&w| w | WAIVER_BIT)
                        } else {
                            slot.mitigated.first().copied()
                        }
                    })
                    .min()
                    .unwrap_or(NONE);
                unpack(best).map_or(env.assessments.status[a], |(_, c)| c.effect())
            })
            .collect();
        Posture::compute(env, &statuses).overall()
    };
    Contributions {
        without_each,
        without_mitigated: only(true),
        without_waivers: only(false),
    }
}

fn same_exemption(a: u32, b: u32) -> bool {
    a != NONE && b != NONE && (a & !WAIVER_BIT) == (b & !WAIVER_BIT)
}

/// Moves resource `r` in `work` from the statuses `from` to `to`.
fn retally(
    env: &Environment,
    scratch: &mut ResourceStates,
    work: &mut Posture,
    r: usize,
    from: impl Fn(usize) -> Status,
    to: impl Fn(usize) -> Status,
) {
    let unit = env.resources.unit[r];
    if unit == NONE {
        return;
    }
    scratch.fold(env, r, from);
    scratch.apply(work, unit as usize, -1);
    scratch.fold(env, r, to);
    scratch.apply(work, unit as usize, 1);
}
