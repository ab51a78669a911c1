//! Deciding, for every assessment, which exemption applies.
//!
//! Exemptions are compiled into slots: one per (tree node, cloud,
//! recommendation or category) that some active exemption names, holding the
//! winning exemption for that slot (Mitigated before Waiver, then file order).
//! Each tree node learns its nearest ancestor that has slots, so a resource
//! finds the handful of nodes worth asking by following those links, plus the
//! management groups of its subscription that have slots. Resources under no
//! exempted scope cost one comparison.

use crate::environment::Environment;
use crate::exemption::{Exemption, Target};
use crate::model::{Cloud, ExemptionCategory, Status};
use crate::scope::{NodeId, NONE};
use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;

/// A decision packed into 32 bits so that the smaller value wins: the top bit
/// is set for waivers, the rest is the exemption's position in the file.
pub(crate) type Decision = u32;

pub(crate) const WAIVER_BIT: u32 = 1 << 31;

pub(crate) fn pack(index: usize, category: ExemptionCategory) -> Decision {
    let bit = match category {
        ExemptionCategory::Mitigated => 0,
        ExemptionCategory::Waiver => WAIVER_BIT,
    };
    index as u32 | bit
}

pub(crate) fn unpack(d: Decision) -> Option<(usize, ExemptionCategory)> {
    if d == NONE {
        return None;
    }
    let category = if d & WAIVER_BIT != 0 {
        ExemptionCategory::Waiver
    } else {
        ExemptionCategory::Mitigated
    };
    Some(((d & !WAIVER_BIT) as usize, category))
}

fn slot_key(node: NodeId, cloud: Cloud, category: bool, target: u32) -> u64 {
    let c = match cloud {
        Cloud::Azure => 0u64,
        Cloud::Aws => 1,
        Cloud::Gcp => 2,
    };
    (u64::from(node) << 32) | (c << 30) | (u64::from(category) << 29) | u64::from(target)
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
}

impl Evaluation {
    /// Effective statuses, indexed by assessment.
    pub fn statuses(&self) -> &[Status] {
        &self.status
    }

    /// The effective status of assessment `a`.
    pub fn status(&self, a: usize) -> Status {
        self.status[a]
    }

    /// The deciding exemption of assessment `a`: its position in the list and
    /// its category.
    pub fn decided_by(&self, a: usize) -> Option<(usize, ExemptionCategory)> {
        unpack(self.decision[a])
    }

    pub(crate) fn decisions(&self) -> &[Decision] {
        &self.decision
    }

    /// What became of each exemption, in list order.
    pub fn outcomes(&self) -> &[ExemptionOutcome] {
        &self.outcomes
    }
}

/// Exemptions hung on the scope tree, ready to decide assessments.
pub(crate) struct Compiled {
    slots: FxHashMap<u64, u32>,
    slot_best: Vec<Decision>,
    slot_exemptions: Vec<Vec<u32>>,
    /// Nearest strict ancestor with slots, per tree node.
    up: Vec<NodeId>,
    has_slots: Vec<bool>,
    /// Per subscription, its management groups' nodes that have slots.
    group_nodes: Vec<Vec<NodeId>>,
}

/// Decides every assessment of `env` under `exemptions` at instant `at`.
pub fn evaluate(env: &Environment, exemptions: &[Exemption], at: DateTime<Utc>) -> Evaluation {
    let mut outcomes = vec![ExemptionOutcome::default(); exemptions.len()];
    let compiled = compile(env, exemptions, at, &mut outcomes);
    let n = env.assessment_count();
    let mut status = env.assessments.status.clone();
    let mut decision = vec![NONE; n];
    let mut hits = vec![0u32; compiled.slot_best.len()];
    let mut chain: Vec<NodeId> = Vec::new();
    let mut deciders: Vec<usize> = Vec::new();
    let res = &env.resources;
    for r in 0..env.resource_count() {
        compiled.chain(env, r, &mut chain);
        if chain.is_empty() {
            continue;
        }
        let cloud = res.cloud[r];
        deciders.clear();
        for &a in env.resource_assessments(r) {
            let a = a as usize;
            if status[a] == Status::NotApplicable {
                continue;
            }
            let mut best = NONE;
            compiled.matching_slots(env, &chain, cloud, a, |slot| {
                hits[slot] += 1;
                best = best.min(compiled.slot_best[slot]);
            });
            if let Some((e, category)) = unpack(best) {
                decision[a] = best;
                status[a] = category.effect();
                outcomes[e].decided += 1;
                if !deciders.contains(&e) {
                    deciders.push(e);
                }
            }
        }
        for &e in &deciders {
            outcomes[e].resources += 1;
        }
    }
    for (slot, &h) in hits.iter().enumerate() {
        if h > 0 {
            for &e in &compiled.slot_exemptions[slot] {
                outcomes[e as usize].matched = true;
            }
        }
    }
    Evaluation {
        at,
        status,
        decision,
        outcomes,
    }
}

impl Compiled {
    /// The nodes worth asking for resource `r`: its own and its ancestors'
    /// that have slots, then its subscription's management groups that do.
    fn chain(&self, env: &Environment, r: usize, chain: &mut Vec<NodeId>) {
        chain.clear();
        let res = &env.resources;
        let node = res.node[r];
        let mut b = if self.has_slots[node as usize] {
            node
        } else {
            self.up[node as usize]
        };
        while b != NONE {
            chain.push(b);
            b = self.up[b as usize];
        }
        let sub = res.subscription[r];
        if sub != NONE {
            chain.extend_from_slice(&self.group_nodes[sub as usize]);
        }
    }

    /// Calls `f` with every slot on `chain` that targets assessment `a` (by
    /// its key or one of its recommendation's categories) in `cloud`.
    fn matching_slots(
        &self,
        env: &Environment,
        chain: &[NodeId],
        cloud: Cloud,
        a: usize,
        mut f: impl FnMut(usize),
    ) {
        let k = env.assessments.key[a];
        let categories = &env.recommendations[k as usize].categories;
        for &b in chain {
            if let Some(&slot) = self.slots.get(&slot_key(b, cloud, false, k)) {
                f(slot as usize);
            }
            for &c in categories {
                if let Some(&slot) = self.slots.get(&slot_key(b, cloud, true, u32::from(c))) {
                    f(slot as usize);
                }
            }
        }
    }
}

/// Every exemption that applies to each Healthy or Unhealthy assessment,
/// the deciding one first, then in the order they would decide.
#[derive(Debug, Clone)]
pub struct Applications {
    /// Where each assessment's list starts in `list`, and its length.
    start: Vec<u32>,
    len: Vec<u32>,
    list: Vec<u32>,
}

impl Applications {
    /// How many (assessment, exemption) pairs apply in all.
    pub fn pairs(&self) -> usize {
        self.list.len()
    }

    /// The exemptions (positions in the list) applying to assessment `a`.
    pub fn of(&self, a: usize) -> &[u32] {
        let s = self.start[a] as usize;
        &self.list[s..s + self.len[a] as usize]
    }
}

/// Which exemptions apply to which assessments, all of them, not only the
/// deciding one: for overlap, redundancy and "what if it were removed".
pub fn applications(
    env: &Environment,
    exemptions: &[Exemption],
    at: DateTime<Utc>,
) -> Applications {
    let mut outcomes = vec![ExemptionOutcome::default(); exemptions.len()];
    let compiled = compile(env, exemptions, at, &mut outcomes);
    let n = env.assessment_count();
    let mut apps = Applications {
        start: vec![0; n],
        len: vec![0; n],
        list: Vec::new(),
    };
    let mut chain = Vec::new();
    let mut found: Vec<Decision> = Vec::new();
    for r in 0..env.resource_count() {
        compiled.chain(env, r, &mut chain);
        if chain.is_empty() {
            continue;
        }
        let cloud = env.resources.cloud[r];
        for &a in env.resource_assessments(r) {
            let a = a as usize;
            if env.assessments.status[a] == Status::NotApplicable {
                continue;
            }
            found.clear();
            compiled.matching_slots(env, &chain, cloud, a, |slot| {
                found.extend(
                    compiled.slot_exemptions[slot]
                        .iter()
                        .map(|&e| pack(e as usize, exemptions[e as usize].category)),
                );
            });
            found.sort_unstable();
            found.dedup();
            apps.start[a] = apps.list.len() as u32;
            apps.len[a] = found.len() as u32;
            apps.list.extend(found.iter().map(|&d| d & !WAIVER_BIT));
        }
    }
    apps
}

fn compile(
    env: &Environment,
    exemptions: &[Exemption],
    at: DateTime<Utc>,
    outcomes: &mut [ExemptionOutcome],
) -> Compiled {
    let mut slots: FxHashMap<u64, u32> = FxHashMap::default();
    let mut slot_best: Vec<Decision> = Vec::new();
    let mut slot_exemptions: Vec<Vec<u32>> = Vec::new();
    let mut has_slots = vec![false; env.tree.len()];
    for (i, e) in exemptions.iter().enumerate() {
        let outcome = &mut outcomes[i];
        outcome.active = e.is_active(at);
        let targets = resolve_targets(env, e, &mut outcome.unknown_targets);
        let nodes: Vec<NodeId> = e
            .scopes
            .iter()
            .filter_map(|s| {
                let node = env.scope_node(s);
                if node.is_none() {
                    outcome.unknown_scopes.push(s.clone());
                }
                node
            })
            .collect();
        if !outcome.active {
            continue;
        }
        let d = pack(i, e.category);
        for &node in &nodes {
            has_slots[node as usize] = true;
            for &(category, t) in &targets {
                let key = slot_key(node, e.cloud, category, t);
                let slot = *slots.entry(key).or_insert_with(|| {
                    slot_best.push(NONE);
                    slot_exemptions.push(Vec::new());
                    (slot_best.len() - 1) as u32
                }) as usize;
                slot_best[slot] = slot_best[slot].min(d);
                if slot_exemptions[slot].last() != Some(&(i as u32)) {
                    slot_exemptions[slot].push(i as u32);
                }
            }
        }
    }
    let parents = env.tree.parents();
    let mut up = vec![NONE; parents.len()];
    for n in 1..parents.len() {
        let p = parents[n] as usize;
        up[n] = if has_slots[p] { p as NodeId } else { up[p] };
    }
    let group_nodes = env
        .subscriptions
        .iter()
        .map(|s| {
            s.management_groups
                .iter()
                .map(|&g| env.management_groups[g].node)
                .filter(|&n| has_slots[n as usize])
                .collect()
        })
        .collect();
    Compiled {
        slots,
        slot_best,
        slot_exemptions,
        up,
        has_slots,
        group_nodes,
    }
}

/// The exemption's targets as (is category, number) pairs; names that no
/// assessment has are reported and dropped.
pub(crate) fn resolve_targets(
    env: &Environment,
    e: &Exemption,
    unknown: &mut Vec<String>,
) -> Vec<(bool, u32)> {
    match &e.target {
        Target::Recommendations(keys) => keys
            .iter()
            .filter_map(|k| {
                let found = env.recommendation_index(k.trim());
                if found.is_none() {
                    unknown.push(k.clone());
                }
                found.map(|k| (false, k as u32))
            })
            .collect(),
        Target::Category(c) => match env.category_index(c.trim()) {
            Some(c) => vec![(true, c as u32)],
            None => {
                unknown.push(c.clone());
                Vec::new()
            }
        },
    }
}
