//! Exemptions with a Vulnerabilities condition: they decide findings, not
//! assessments. Each hangs on the same tree nodes as any exemption, in
//! slots of its own keyed by (node, recommendation or any), so a resource
//! finds them through the same chain. An Unhealthy assessment whose
//! Unhealthy findings are all covered is decided by them: Healthy when
//! every finding's decider mitigates, Not applicable otherwise (the rule
//! and its sources are in the README).

use super::compile::Compiled;
use super::{Decision, WAIVER_BIT};
use crate::environment::Environment;
use crate::exemption::Vulnerabilities;
use crate::model::{Cloud, Status};
use crate::scope::{NodeId, NONE};
use rustc_hash::FxHashMap;

/// The slot key of a condition that looks at every recommendation.
pub(crate) const ANY: u32 = u32::MAX;

/// One exemption's condition, its CVEs as the environment's string numbers.
#[derive(Debug, Clone)]
pub(crate) struct Condition {
    pub rule: Vulnerabilities,
    /// The CVEs findings report, sorted; those no finding reports are gone.
    pub cves: Vec<u32>,
}

impl Condition {
    pub fn new(env: &Environment, rule: &Vulnerabilities) -> Condition {
        let mut cves: Vec<u32> = rule
            .cves
            .iter()
            .filter_map(|c| env.findings.cve(c))
            .collect();
        cves.sort_unstable();
        cves.dedup();
        Condition {
            rule: rule.clone(),
            cves,
        }
    }

    /// Whether finding `f` matches.
    pub fn matches(&self, env: &Environment, f: usize) -> bool {
        let has = |_: &[String]| env.findings.has_any_cve(f, &self.cves);
        self.rule.matches(&env.findings.facts(f, &has))
    }
}

/// Conditions hung on the tree.
#[derive(Debug, Clone, Default)]
pub(crate) struct Conditions {
    /// Per cloud, (node, key or [`ANY`]) to slot.
    index: [FxHashMap<u64, u32>; 3],
    /// Each slot's members, as decisions, best first.
    pub slots: Vec<Vec<Decision>>,
    /// Each exemption's condition, when it has one and is in force.
    pub of: Vec<Option<Condition>>,
}

fn cloud_ix(cloud: Cloud) -> usize {
    match cloud {
        Cloud::Azure => 0,
        Cloud::Aws => 1,
        Cloud::Gcp => 2,
    }
}

fn edge(node: NodeId, target: u32) -> u64 {
    (u64::from(node) << 32) | u64::from(target)
}

impl Conditions {
    /// None yet, for a list of `exemptions`.
    pub fn new(exemptions: usize) -> Conditions {
        Conditions {
            of: vec![None; exemptions],
            ..Default::default()
        }
    }

    /// Exemption `d` (a decision) looks at `target` below `node`.
    pub fn add(
        &mut self,
        node: NodeId,
        cloud: Cloud,
        target: u32,
        d: Decision,
    ) -> Result<(), crate::error::Error> {
        let next = crate::ids::narrow(self.slots.len(), "exemption scopes and targets")?;
        let slot = *self.index[cloud_ix(cloud)]
            .entry(edge(node, target))
            .or_insert(next);
        if slot == next {
            self.slots.push(Vec::new());
        }
        let members = &mut self.slots[slot as usize];
        let at = members.partition_point(|&m| m < d);
        members.insert(at, d);
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The members of every slot on `chain` for recommendation `k`, best
    /// first and each once, into `out`.
    pub fn members(&self, chain: &[NodeId], cloud: Cloud, k: u32, out: &mut Vec<Decision>) {
        out.clear();
        let index = &self.index[cloud_ix(cloud)];
        for &b in chain {
            for t in [k, ANY] {
                if let Some(&s) = index.get(&edge(b, t)) {
                    out.extend_from_slice(&self.slots[s as usize]);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
    }

    /// The decision of assessment `a` by its findings, with each Unhealthy
    /// finding's decider written to `decided` and every exemption whose
    /// condition matches one marked in `hit`: `NONE` unless the assessment
    /// is Unhealthy and every one of its Unhealthy findings (one at least)
    /// is covered.
    pub fn decide(
        &self,
        env: &Environment,
        a: usize,
        members: &[Decision],
        decided: &mut [Decision],
        hit: &mut [bool],
    ) -> Decision {
        self.decide_each(env, a, members, |f, best, matched| {
            decided[f] = best;
            for &e in matched {
                hit[(e & !WAIVER_BIT) as usize] = true;
            }
        })
    }

    /// The rule itself: `each` hears every Unhealthy finding's best
    /// decider and the members that matched it.
    fn decide_each(
        &self,
        env: &Environment,
        a: usize,
        members: &[Decision],
        mut each: impl FnMut(usize, Decision, &[Decision]),
    ) -> Decision {
        if members.is_empty() || env.assessments.status[a] != Status::Unhealthy {
            return NONE;
        }
        let mut worst: Option<Decision> = Some(0);
        let mut covered = 0usize;
        let mut matched: Vec<Decision> = Vec::new();
        for f in env.findings.of(a) {
            if !env.findings.unhealthy(f) {
                continue;
            }
            matched.clear();
            matched.extend(members.iter().copied().filter(|&d| {
                self.of[(d & !WAIVER_BIT) as usize]
                    .as_ref()
                    .is_some_and(|c| c.matches(env, f))
            }));
            // Members are sorted: the first that matches is the best.
            let best = matched.first().copied().unwrap_or(NONE);
            each(f, best, &matched);
            if best == NONE {
                worst = None;
            } else {
                covered += 1;
                worst = worst.map(|w| w.max(best));
            }
        }
        match worst {
            Some(w) if covered > 0 => w,
            _ => NONE,
        }
    }
}

/// Assessment `a`'s decision by its findings alone, counting only the
/// conditions `keep` accepts (by decision): what it falls back to when an
/// exemption, or a whole category, is taken away.
pub(crate) fn decide_kept(
    env: &Environment,
    compiled: &Compiled,
    a: usize,
    keep: impl Fn(Decision) -> bool,
) -> Decision {
    let conditions = &compiled.conditions;
    if conditions.is_empty()
        || env.findings.of(a).is_empty()
        || env.assessments.status[a] != Status::Unhealthy
    {
        return NONE;
    }
    let r = env.assessments.resource[a] as usize;
    let mut chain = Vec::new();
    compiled.chain(env, r, &mut chain);
    let mut members = Vec::new();
    conditions.members(
        &chain,
        env.resources.cloud[r],
        env.assessments.key[a],
        &mut members,
    );
    members.retain(|&d| keep(d));
    conditions.decide_each(env, a, &members, |_, _, _| {})
}

/// What deciding by findings needs between assessments.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    members: Vec<Decision>,
    /// Per exemption: whether its condition matched an Unhealthy finding
    /// of an Unhealthy assessment.
    pub hit: Vec<bool>,
}

impl Scratch {
    pub fn new(exemptions: usize) -> Scratch {
        Scratch {
            members: Vec::new(),
            hit: vec![false; exemptions],
        }
    }
}

/// Assessment `a`'s decision once its findings are looked at: `own` (the
/// decision of exemptions of whole assessments) when there is one, else
/// the findings' (see [`Conditions::decide`]). The findings' deciders go
/// to `decided`, and stay `NONE` when `own` decides.
#[allow(clippy::too_many_arguments)]
pub(crate) fn with_findings(
    env: &Environment,
    conditions: &Conditions,
    chain: &[NodeId],
    cloud: Cloud,
    a: usize,
    own: Decision,
    decided: &mut [Decision],
    scratch: &mut Scratch,
) -> Decision {
    if conditions.is_empty()
        || env.findings.of(a).is_empty()
        || env.assessments.status[a] != Status::Unhealthy
    {
        return own;
    }
    conditions.members(chain, cloud, env.assessments.key[a], &mut scratch.members);
    let by_findings = conditions.decide(env, a, &scratch.members, decided, &mut scratch.hit);
    if own == NONE {
        return by_findings;
    }
    for f in env.findings.of(a) {
        decided[f] = NONE;
    }
    own
}
