//! Keeping exemptions honest over time: overlaps and conflicts, exemptions
//! that no longer do anything, and what each one is worth to the score.

use crate::environment::Environment;
use crate::evaluate::{Applications, Evaluation};
use crate::exemption::Exemption;
use crate::model::{ExemptionCategory, Status};
use crate::score::{Posture, ResourceStates, Score};
use chrono::Duration;
use serde::Serialize;

/// Something about an exemption that deserves a look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Finding {
    /// Active, but applies to no Healthy or Unhealthy assessment.
    Unused {
        /// The exemption.
        exemption: usize,
    },
    /// Every assessment it applies to is Healthy without it: nothing is left
    /// to mitigate, and a waiver there lowers the score by removing healthy
    /// resources.
    AllHealthy {
        /// The exemption.
        exemption: usize,
        /// Whether it is a waiver (which lowers the score).
        waiver: bool,
    },
    /// Another exemption of the same category applies to every assessment
    /// this one applies to: removing this one changes nothing.
    Redundant {
        /// The redundant exemption.
        exemption: usize,
        /// The one that covers it.
        covered_by: usize,
    },
    /// A Waiver applies where Mitigated exemptions also apply and win.
    Conflict {
        /// The first mitigating exemption in order that wins over it.
        mitigated: usize,
        /// The waiver.
        waiver: usize,
        /// Assessments where a mitigation wins over the waiver.
        assessments: usize,
    },
    /// Past its expiry.
    Expired {
        /// The exemption.
        exemption: usize,
    },
    /// Expires within the window given to [`review`].
    Expiring {
        /// The exemption.
        exemption: usize,
        /// Days left, rounded up.
        days: i64,
    },
}

impl Finding {
    /// The exemptions it concerns.
    pub fn exemptions(&self) -> Vec<usize> {
        match *self {
            Finding::Unused { exemption }
            | Finding::AllHealthy { exemption, .. }
            | Finding::Expired { exemption }
            | Finding::Expiring { exemption, .. } => vec![exemption],
            Finding::Redundant {
                exemption,
                covered_by,
            } => vec![exemption, covered_by],
            Finding::Conflict {
                mitigated, waiver, ..
            } => vec![mitigated, waiver],
        }
    }

    /// In words, naming the exemptions.
    pub fn describe(&self, list: &[Exemption]) -> String {
        let n = |i: usize| format!("“{}”", list[i].name);
        match *self {
            Finding::Unused { exemption } => format!("{} applies to no healthy or unhealthy assessment.", n(exemption)),
            Finding::AllHealthy { exemption, waiver: true } => format!(
                "{} only covers assessments that are healthy without it: as a waiver it lowers the secure score by removing healthy resources.",
                n(exemption)
            ),
            Finding::AllHealthy { exemption, waiver: false } => {
                format!("{} only covers assessments that are healthy without it: nothing is left to mitigate.", n(exemption))
            }
            Finding::Redundant { exemption, covered_by } => {
                format!("{} is redundant: {} already covers every assessment it applies to.", n(exemption), n(covered_by))
            }
            Finding::Conflict { mitigated, waiver, assessments } => format!(
                "{} (Mitigated) and {} (Waiver) both apply to {assessments} assessment{}; the mitigation wins there.",
                n(mitigated),
                n(waiver),
                if assessments == 1 { "" } else { "s" }
            ),
            Finding::Expired { exemption } => format!("{} has expired.", n(exemption)),
            Finding::Expiring { exemption, days } => {
                format!("{} expires in {days} day{}.", n(exemption), if days == 1 { "" } else { "s" })
            }
        }
    }
}

/// Every finding about `list`, exemption by exemption. `window` is how far
/// ahead expiry is flagged.
pub fn review(
    env: &Environment,
    list: &[Exemption],
    evaluation: &Evaluation,
    apps: &Applications,
    window: Duration,
) -> Vec<Finding> {
    let at = evaluation.at;
    let n = list.len();
    // Assessments per exemption (as one flat array), and for each waiver the
    // assessments where a mitigation wins over it. Both are linear in the
    // number of (assessment, exemption) applications.
    let mut start = vec![0u32; n + 1];
    for a in 0..env.assessment_count() {
        for &e in apps.of(a) {
            start[e as usize + 1] += 1;
        }
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut flat = vec![0u32; start[n] as usize];
    let mut healthy = vec![0usize; n];
    let mut overridden = vec![0usize; n];
    let mut overrider = vec![u32::MAX; n];
    for a in 0..env.assessment_count() {
        let here = apps.of(a);
        let is_healthy = env.raw_status(a) == Status::Healthy;
        for &e in here {
            let e = e as usize;
            flat[fill[e] as usize] = a as u32;
            fill[e] += 1;
            if is_healthy {
                healthy[e] += 1;
            }
        }
        if let Some(&m) = here
            .first()
            .filter(|&&m| list[m as usize].category == ExemptionCategory::Mitigated)
        {
            for &w in here
                .iter()
                .filter(|&&w| list[w as usize].category == ExemptionCategory::Waiver)
            {
                overridden[w as usize] += 1;
                overrider[w as usize] = overrider[w as usize].min(m);
            }
        }
    }
    let of_exemption = |i: usize| &flat[start[i] as usize..start[i + 1] as usize];
    let mut findings = Vec::new();
    let mut seen_at = vec![u32::MAX; n];
    for (i, e) in list.iter().enumerate() {
        if !e.is_active(at) {
            findings.push(Finding::Expired { exemption: i });
            continue;
        }
        if let Some(exp) = e.expires_on {
            if exp - at <= window {
                let days = ((exp - at).num_seconds() + 86_399) / 86_400;
                findings.push(Finding::Expiring { exemption: i, days });
            }
        }
        let mine = of_exemption(i);
        if mine.is_empty() {
            findings.push(Finding::Unused { exemption: i });
            continue;
        }
        if healthy[i] == mine.len() {
            findings.push(Finding::AllHealthy {
                exemption: i,
                waiver: e.category == ExemptionCategory::Waiver,
            });
        }
        // Candidates for covering it: those of its category at its first
        // assessment that apply at least as widely, narrowed at each of its
        // other assessments (marking who is there, so each step is linear).
        let mut cover: Vec<u32> = apps
            .of(mine[0] as usize)
            .iter()
            .copied()
            .filter(|&o| {
                o as usize != i
                    && list[o as usize].category == e.category
                    && of_exemption(o as usize).len() >= mine.len()
            })
            .collect();
        for &a in &mine[1..] {
            if cover.is_empty() {
                break;
            }
            for &o in apps.of(a as usize) {
                seen_at[o as usize] = a;
            }
            cover.retain(|&o| seen_at[o as usize] == a);
        }
        // When two cover each other exactly, the later one is the redundant one.
        let covering = cover
            .iter()
            .map(|&o| o as usize)
            .filter(|&o| o < i || of_exemption(o).len() != mine.len())
            .min();
        if let Some(covered_by) = covering {
            findings.push(Finding::Redundant {
                exemption: i,
                covered_by,
            });
        }
    }
    for (w, &assessments) in overridden.iter().enumerate() {
        if assessments > 0 {
            findings.push(Finding::Conflict {
                mitigated: overrider[w] as usize,
                waiver: w,
                assessments,
            });
        }
    }
    findings.sort_by_key(|f| f.exemptions().into_iter().min().unwrap_or(0));
    findings
}

/// For each exemption, the overall score if it alone were removed (its
/// assessments fall back to the next applying exemption, or to their scanned
/// status). Exemptions that decide nothing get the current score.
pub fn scores_without_each(
    env: &Environment,
    list: &[Exemption],
    evaluation: &Evaluation,
    posture: &Posture,
    apps: &Applications,
) -> Vec<Score> {
    let current = posture.overall();
    let mut by_decider: Vec<Vec<u32>> = vec![Vec::new(); list.len()];
    for a in 0..env.assessment_count() {
        if let Some((e, _)) = evaluation.decided_by(a) {
            by_decider[e].push(a as u32);
        }
    }
    let fallback = |a: usize| -> Status {
        match apps.of(a).get(1) {
            Some(&next) => list[next as usize].category.effect(),
            None => env.raw_status(a),
        }
    };
    let mut scratch = ResourceStates::new(env.controls.len());
    let mut work = posture.clone();
    let mut resources: Vec<usize> = Vec::new();
    by_decider
        .iter()
        .map(|decided| {
            if decided.is_empty() {
                return current;
            }
            resources.clear();
            resources.extend(decided.iter().map(|&a| env.assessment_resource(a as usize)));
            resources.sort_unstable();
            resources.dedup();
            let mine = |a: usize| decided.binary_search(&(a as u32)).is_ok();
            let changed = |a: usize| {
                if mine(a) {
                    fallback(a)
                } else {
                    evaluation.status(a)
                }
            };
            for &r in &resources {
                let Some(unit) = env.resource_unit(r) else {
                    continue;
                };
                scratch.fold(env, r, |a| evaluation.status(a));
                scratch.apply(&mut work, unit, -1);
                scratch.fold(env, r, changed);
                scratch.apply(&mut work, unit, 1);
            }
            let without = work.overall();
            for &r in &resources {
                let Some(unit) = env.resource_unit(r) else {
                    continue;
                };
                scratch.fold(env, r, changed);
                scratch.apply(&mut work, unit, -1);
                scratch.fold(env, r, |a| evaluation.status(a));
                scratch.apply(&mut work, unit, 1);
            }
            without
        })
        .collect()
}
