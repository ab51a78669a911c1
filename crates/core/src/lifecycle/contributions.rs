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
use crate::evaluate::findings::decide_kept;
use crate::evaluate::matching::Matching;
use crate::evaluate::{unpack, Evaluation, WAIVER_BIT};
use crate::ids::AssessmentIx;
use crate::model::{Cloud, Status};
use crate::scope::NONE;
use crate::score::{Posture, ResourceStates, Score};
use serde::{Deserialize, Serialize};

/// Each exemption's worth to the overall secure score, and to its cloud's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contributions {
    /// For each exemption, the overall score if it alone were removed.
    pub without_each: Vec<Score>,
    /// For each exemption, its cloud's score if it alone were removed: an
    /// exemption decides only its own cloud's assessments.
    pub without_each_in_cloud: Vec<Score>,
    /// The overall score with no mitigating exemption.
    pub without_mitigated: Score,
    /// The overall score with no waiver.
    pub without_waivers: Score,
    /// Each cloud's score (in the order of [`Cloud::ALL`]) with no
    /// mitigating exemption, and with no waiver.
    pub by_cloud: [(Score, Score); 3],
}

/// A cloud's place in [`Cloud::ALL`].
pub(crate) fn cloud_slot(c: Cloud) -> usize {
    match c {
        Cloud::Azure => 0,
        Cloud::Aws => 1,
        Cloud::Gcp => 2,
    }
}

/// Measures each exemption's worth a slice of exemptions at a time.
pub(crate) struct WorthJob {
    /// Assessments grouped by their deciding exemption.
    start: Vec<u32>,
    decided: Vec<u32>,
    work: Posture,
    scratch: ResourceStates,
    resources: Vec<usize>,
    mine: Vec<bool>,
    next: usize,
    current: Score,
    without_each: Vec<Score>,
    /// Each exemption's cloud.
    clouds: Vec<Cloud>,
    current_in: [Score; 3],
    without_each_in_cloud: Vec<Score>,
    without_mitigated: Option<Posture>,
}

impl WorthJob {
    pub fn new(
        env: &Environment,
        evaluation: &Evaluation,
        posture: &Posture,
        clouds: Vec<Cloud>,
    ) -> WorthJob {
        let exemptions = clouds.len();
        let pairs = touched(env, evaluation);
        let mut start = vec![0u32; exemptions + 1];
        for &(e, _) in &pairs {
            start[e as usize + 1] += 1;
        }
        for i in 0..exemptions {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut decided = vec![0u32; start[exemptions] as usize];
        for &(e, a) in &pairs {
            decided[fill[e as usize] as usize] = a;
            fill[e as usize] += 1;
        }
        WorthJob {
            start,
            decided,
            work: posture.clone(),
            scratch: ResourceStates::new(env.controls.len()),
            resources: Vec::new(),
            mine: vec![false; env.assessment_count()],
            next: 0,
            current: posture.overall(),
            without_each: Vec::with_capacity(exemptions),
            current_in: Cloud::ALL.map(|c| in_cloud(env, posture, c)),
            without_each_in_cloud: Vec::with_capacity(exemptions),
            clouds,
            without_mitigated: None,
        }
    }

    /// Exemptions measured and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.start.len() - 1)
    }

    /// Measures exemptions until about `budget` assessments' worth of work
    /// is done; then the scores without each category, one per step.
    pub fn step(
        &mut self,
        env: &Environment,
        compiled: &Compiled,
        matching: &Matching,
        evaluation: &Evaluation,
        budget: usize,
    ) -> Option<Contributions> {
        let exemptions = self.start.len() - 1;
        let mut spent = 0usize;
        while self.next < exemptions && spent < budget {
            let e = self.next;
            self.next += 1;
            spent += 1 + self.without(env, compiled, matching, evaluation, e);
        }
        if self.next < exemptions {
            return None;
        }
        match self.without_mitigated {
            None if budget != usize::MAX => {
                self.without_mitigated = Some(only(env, compiled, matching, evaluation, true));
                None
            }
            _ => {
                let without_mitigated = self
                    .without_mitigated
                    .take()
                    .unwrap_or_else(|| only(env, compiled, matching, evaluation, true));
                let without_waivers = only(env, compiled, matching, evaluation, false);
                Some(Contributions {
                    without_each: std::mem::take(&mut self.without_each),
                    without_each_in_cloud: std::mem::take(&mut self.without_each_in_cloud),
                    without_mitigated: without_mitigated.overall(),
                    without_waivers: without_waivers.overall(),
                    by_cloud: Cloud::ALL.map(|c| {
                        (
                            in_cloud(env, &without_mitigated, c),
                            in_cloud(env, &without_waivers, c),
                        )
                    }),
                })
            }
        }
    }

    /// The score without exemption `e`; returns the assessments it touched.
    fn without(
        &mut self,
        env: &Environment,
        compiled: &Compiled,
        matching: &Matching,
        evaluation: &Evaluation,
        e: usize,
    ) -> usize {
        let list = &self.decided[self.start[e] as usize..self.start[e + 1] as usize];
        let cloud = cloud_slot(self.clouds[e]);
        if list.is_empty() {
            self.without_each.push(self.current);
            self.without_each_in_cloud.push(self.current_in[cloud]);
            return 0;
        }
        // Positions fit: the list was checked against MAX_EXEMPTIONS.
        let gone = u32::try_from(e).unwrap_or(NONE);
        let fallback = |a: usize| -> Status {
            let sig = matching.signature_of[a];
            // The best whole-assessment decision without `e` (each slot
            // knows its two best), else the findings' without it.
            let mut next = if sig == NONE {
                NONE
            } else {
                matching
                    .slots_of(sig as usize)
                    .iter()
                    .map(|&s| {
                        let slot = &compiled.slots[s as usize];
                        if slot.best != NONE && slot.best & !WAIVER_BIT == gone {
                            slot.second
                        } else {
                            slot.best
                        }
                    })
                    .min()
                    .unwrap_or(NONE)
            };
            if next == NONE {
                next = decide_kept(env, compiled, a, |d| d & !WAIVER_BIT != gone);
            }
            unpack(next).map_or(env.assessments.status[a], |(_, c)| c.effect())
        };
        self.resources.clear();
        self.resources.extend(
            list.iter()
                .map(|&a| env.assessments.resource[a as usize] as usize),
        );
        self.resources.sort_unstable();
        self.resources.dedup();
        for &a in list {
            self.mine[a as usize] = true;
        }
        let mine = &self.mine;
        let changed = |a: usize| {
            if mine[a] {
                fallback(a)
            } else {
                evaluation.statuses()[a]
            }
        };
        let now = |a: usize| evaluation.statuses()[a];
        for &r in &self.resources {
            retally(env, &mut self.scratch, &mut self.work, r, now, changed);
        }
        self.without_each.push(self.work.overall());
        self.without_each_in_cloud
            .push(in_cloud(env, &self.work, self.clouds[e]));
        for &r in &self.resources {
            retally(env, &mut self.scratch, &mut self.work, r, changed, now);
        }
        for &a in list {
            self.mine[a as usize] = false;
        }
        list.len() + self.resources.len()
    }
}

/// The overall score with only the waivers (`keep_waivers`) or only the
/// mitigations.
fn only(
    env: &Environment,
    compiled: &Compiled,
    matching: &Matching,
    evaluation: &Evaluation,
    keep_waivers: bool,
) -> Posture {
    let statuses: Vec<Status> = (0..env.assessment_count())
        .map(|a| {
            let sig = matching.signature_of[a];
            let mut best = if sig == NONE {
                NONE
            } else {
                matching
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
                    .unwrap_or(NONE)
            };
            if best == NONE && evaluation.decisions()[a] != NONE {
                best = decide_kept(env, compiled, a, |d| (d & WAIVER_BIT != 0) == keep_waivers);
            }
            unpack(best).map_or(env.assessments.status[a], |(_, c)| c.effect())
        })
        .collect();
    Posture::compute(env, &statuses)
}

/// The score over one cloud's subscriptions and connectors.
fn in_cloud(env: &Environment, posture: &Posture, cloud: Cloud) -> Score {
    posture.overall_of(|u| env.unit(u).cloud == cloud)
}

/// (exemption, assessment) for every assessment an exemption decides, and
/// for every assessment one of whose findings it decides: taking the
/// exemption away can change only those.
fn touched(env: &Environment, evaluation: &Evaluation) -> Vec<(u32, u32)> {
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for (a, &d) in evaluation.decisions().iter().enumerate() {
        // Assessment positions were narrowed to 32 bits when loaded.
        let ax = AssessmentIx::at(a).0;
        let at = pairs.len();
        if d != NONE {
            pairs.push((d & !WAIVER_BIT, ax));
        }
        for f in env.findings.of(a) {
            if let Some((e, _)) = evaluation.finding_decided_by(f) {
                if !pairs[at..].iter().any(|&(x, _)| x == e.0) {
                    pairs.push((e.0, ax));
                }
            }
        }
    }
    pairs
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
