//! Exemptions hung on the scope tree, ready to decide assessments.
//!
//! Each active exemption is turned into slots: one per (tree node, cloud,
//! recommendation or category) it names. A slot remembers its members split
//! by category, in list order, and the two best decisions among them, which
//! is all the evaluation, the findings and the "without this one" scores
//! need. Before that, each exemption's scopes are reduced to those no other
//! of its scopes covers, and its targets are deduplicated, so an exemption
//! reaches any assessment through exactly one slot: counts summed over its
//! slots are then exact.

use super::{pack, Decision};
use crate::environment::Environment;
use crate::error::Error;
use crate::exemption::{Exemption, Policy, Target};
use crate::ids::{narrow, GroupIx};
use crate::model::{Cloud, ExemptionCategory};
use crate::scope::{NodeId, NONE};
use chrono::{DateTime, Utc};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

/// One slot's members and best decisions.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    /// Mitigating members, in list order.
    pub mitigated: Vec<u32>,
    /// Waiving members, in list order.
    pub waivers: Vec<u32>,
    /// The smallest decision among the members.
    pub best: Decision,
    /// The smallest decision of a member other than `best`'s.
    pub second: Decision,
}

/// What an exemption names that nothing loaded has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Unknown {
    pub scopes: Vec<String>,
    pub targets: Vec<String>,
}

/// Active exemptions as slots on the tree.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    /// Slot numbers, per (cloud, by category) and keyed by (node, target).
    index: [FxHashMap<u64, u32>; 6],
    pub slots: Vec<Slot>,
    /// Each exemption's slots (empty when inactive or naming nothing).
    pub exemption_slots: Vec<Vec<u32>>,
    /// Nearest strict ancestor with slots, per tree node.
    up: Vec<NodeId>,
    has_slots: Vec<bool>,
    /// Per subscription, its management groups' nodes that have slots.
    group_nodes: Vec<Vec<NodeId>>,
    /// Whether each exemption is in force.
    pub active: Vec<bool>,
    /// Scopes and targets that name nothing, per exemption.
    pub unknown: Vec<Unknown>,
    /// Exemptions that decide findings.
    pub conditions: super::findings::Conditions,
}

fn map_of(cloud: Cloud, by_category: bool) -> usize {
    let c = match cloud {
        Cloud::Azure => 0,
        Cloud::Aws => 1,
        Cloud::Gcp => 2,
    };
    c * 2 + usize::from(by_category)
}

fn edge(node: NodeId, target: u32) -> u64 {
    (u64::from(node) << 32) | u64::from(target)
}

impl Compiled {
    /// Compiles `exemptions` as in force at `at` under `policy`: expired,
    /// pending and rejected ones decide nothing.
    pub fn new(
        env: &Environment,
        exemptions: &[Arc<Exemption>],
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Compiled, Error> {
        let mut c = Compiled {
            index: Default::default(),
            slots: Vec::new(),
            exemption_slots: vec![Vec::new(); exemptions.len()],
            up: Vec::new(),
            has_slots: vec![false; env.tree.len()],
            group_nodes: Vec::new(),
            active: Vec::with_capacity(exemptions.len()),
            unknown: Vec::with_capacity(exemptions.len()),
            conditions: super::findings::Conditions::new(exemptions.len()),
        };
        let sub_by_node: FxHashMap<NodeId, usize> = env
            .subscriptions
            .iter()
            .enumerate()
            .map(|(i, s)| (s.node, i))
            .collect();
        for (i, e) in exemptions.iter().enumerate() {
            let mut unknown = Unknown::default();
            let targets = resolve_targets(env, e, &mut unknown.targets);
            let mut nodes: Vec<NodeId> = e
                .scopes
                .iter()
                .filter_map(|s| {
                    let node = env.scope_node(s);
                    // A connector loaded from its own row names something,
                    // even when no assessment lies below it.
                    let connector = || {
                        env.connectors()
                            .iter()
                            .any(|c| crate::fold::eq(&c.id, s.trim().trim_end_matches('/')))
                    };
                    if node.is_none() && !connector() {
                        unknown.scopes.push(s.clone());
                    }
                    node
                })
                .collect();
            let active = policy.in_force(e, at);
            c.active.push(active);
            c.unknown.push(unknown);
            if !active {
                continue;
            }
            nodes.sort_unstable();
            nodes.dedup();
            let nodes = outermost(env, &sub_by_node, nodes);
            let d = pack(i, e.category)?;
            if let Target::Vulnerabilities(v) = &e.target {
                c.conditions.of[i] = Some(super::findings::Condition::new(env, v));
                let keys: Vec<u32> = if v.recommendations.is_empty() {
                    vec![super::findings::ANY]
                } else {
                    targets.iter().map(|&(_, k)| k).collect()
                };
                for &node in &nodes {
                    c.has_slots[node as usize] = true;
                    for &k in &keys {
                        c.conditions.add(node, e.cloud, k, d)?;
                    }
                }
                continue;
            }
            let member = d & !super::WAIVER_BIT;
            for &node in &nodes {
                c.has_slots[node as usize] = true;
                for &(by_category, t) in &targets {
                    let slot = c.slot(node, e.cloud, by_category, t)?;
                    let s = &mut c.slots[slot as usize];
                    match e.category {
                        ExemptionCategory::Mitigated => s.mitigated.push(member),
                        ExemptionCategory::Waiver => s.waivers.push(member),
                    }
                    if d < s.best {
                        s.second = s.best;
                        s.best = d;
                    } else if d < s.second {
                        s.second = d;
                    }
                    c.exemption_slots[i].push(slot);
                }
            }
        }
        let parents = env.tree.parents();
        c.up = vec![NONE; parents.len()];
        // Parents are numbered before their children, so one forward pass
        // sees every parent's link before its children need it.
        for (n, &p) in parents.iter().enumerate().skip(1) {
            c.up[n] = if c.has_slots[p as usize] {
                p
            } else {
                c.up[p as usize]
            };
        }
        c.group_nodes = env
            .subscriptions
            .iter()
            .map(|s| {
                s.management_groups
                    .iter()
                    .map(|&g| env.management_groups[g.index()].node)
                    .filter(|&n| c.has_slots[n as usize])
                    .collect()
            })
            .collect();
        Ok(c)
    }

    fn slot(
        &mut self,
        node: NodeId,
        cloud: Cloud,
        by_category: bool,
        target: u32,
    ) -> Result<u32, Error> {
        let map = &mut self.index[map_of(cloud, by_category)];
        if let Some(&slot) = map.get(&edge(node, target)) {
            return Ok(slot);
        }
        let slot = narrow(self.slots.len(), "exemption scopes and targets")?;
        map.insert(edge(node, target), slot);
        self.slots.push(Slot {
            mitigated: Vec::new(),
            waivers: Vec::new(),
            best: NONE,
            second: NONE,
        });
        Ok(slot)
    }

    /// The nodes worth asking for resource number `r`: its own and its
    /// ancestors' that have slots, then its subscription's management groups
    /// that do.
    pub fn chain(&self, env: &Environment, r: usize, chain: &mut Vec<NodeId>) {
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
    pub fn matching_slots(
        &self,
        env: &Environment,
        chain: &[NodeId],
        cloud: Cloud,
        a: usize,
        mut f: impl FnMut(u32),
    ) {
        let k = env.assessments.key[a];
        let categories = &env.recommendations[k as usize].categories;
        let by_key = &self.index[map_of(cloud, false)];
        let by_category = &self.index[map_of(cloud, true)];
        for &b in chain {
            if let Some(&slot) = by_key.get(&edge(b, k)) {
                f(slot);
            }
            if by_category.is_empty() {
                continue;
            }
            for c in categories {
                if let Some(&slot) = by_category.get(&edge(b, c.0)) {
                    f(slot);
                }
            }
        }
    }
}

/// `nodes` without those another of them covers: a tree ancestor, or a
/// management group above the node's subscription or above its group.
fn outermost(
    env: &Environment,
    sub_by_node: &FxHashMap<NodeId, usize>,
    nodes: Vec<NodeId>,
) -> Vec<NodeId> {
    if nodes.len() < 2 {
        return nodes;
    }
    let set: FxHashSet<NodeId> = nodes.iter().copied().collect();
    let groups_above = |g: GroupIx| {
        let mut out = Vec::new();
        let mut next = env.management_groups[g.index()].parent;
        while let Some(p) = next {
            if out.len() > env.management_groups.len() {
                break; // a cycle in the input's parents
            }
            out.push(env.management_groups[p.index()].node);
            next = env.management_groups[p.index()].parent;
        }
        out
    };
    nodes
        .iter()
        .copied()
        .filter(|&n| {
            if let Some(&g) = env.management_group_by_node.get(&n) {
                return !groups_above(GroupIx(g)).iter().any(|x| set.contains(x));
            }
            let mut p = env.tree.parent(n);
            while let Some(x) = p {
                if set.contains(&x) {
                    return false;
                }
                if let Some(&s) = sub_by_node.get(&x) {
                    if env.subscriptions[s]
                        .management_groups
                        .iter()
                        .any(|g| set.contains(&env.management_groups[g.index()].node))
                    {
                        return false;
                    }
                }
                p = env.tree.parent(x);
            }
            // The node may itself be a subscription.
            sub_by_node.get(&n).is_none_or(|&s| {
                !env.subscriptions[s]
                    .management_groups
                    .iter()
                    .any(|g| set.contains(&env.management_groups[g.index()].node))
            })
        })
        .collect()
}

/// The exemption's targets as (by category, number) pairs without repeats;
/// names that no assessment has are reported and dropped.
pub(crate) fn resolve_targets(
    env: &Environment,
    e: &Exemption,
    unknown: &mut Vec<String>,
) -> Vec<(bool, u32)> {
    let mut keys = |keys: &[String]| -> Vec<(bool, u32)> {
        keys.iter()
            .filter_map(|k| {
                let found = env.recommendation_index(k);
                if found.is_none() {
                    unknown.push(k.clone());
                }
                found.map(|k| (false, k.0))
            })
            .collect()
    };
    let mut out: Vec<(bool, u32)> = match &e.target {
        Target::Recommendations(ks) => keys(ks),
        Target::Vulnerabilities(v) => keys(&v.recommendations),
        Target::Category(c) => match env.category_index(c) {
            Some(c) => vec![(true, c.0)],
            None => {
                unknown.push(c.clone());
                Vec::new()
            }
        },
    };
    out.sort_unstable();
    out.dedup();
    out
}
