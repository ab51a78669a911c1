//! Management groups, subscriptions, connectors and resources: the
//! Environment settings tree with scores, and the wizard's scope picker (a
//! tree per cloud, resources a page at a time, and search).
//!
//! Trees are sent as flat lists in pre-order with a depth, and built with
//! explicit stacks: input may nest management groups deeply, and neither
//! building nor serializing should recurse on it.

use super::labels::{resource_label, Labels};
use super::Page;
use crate::environment::UnitKind;
use crate::error::Error;
use crate::fold::fold;
use crate::ids::UnitIx;
use crate::model::Cloud;
use crate::scope::management_group_scope;
use crate::score::Score;
use crate::session::Session;
use serde::{Deserialize, Serialize};

/// What a tree item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScopeKind {
    /// A management group.
    ManagementGroup,
    /// A subscription.
    Subscription,
    /// An AWS or GCP security connector.
    SecurityConnector,
    /// A resource.
    Resource,
}

impl ScopeKind {
    /// The portal's word for it.
    pub fn label(self) -> &'static str {
        match self {
            ScopeKind::ManagementGroup => "Management group",
            ScopeKind::Subscription => "Subscription",
            ScopeKind::SecurityConnector => "Security connector",
            ScopeKind::Resource => "Resource",
        }
    }
}

/// An item of the scope picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScopeItem {
    /// The id an exemption names.
    pub scope: String,
    /// Its readable name.
    pub label: String,
    /// What it is.
    pub kind: ScopeKind,
    /// Nesting depth, from 0.
    pub depth: u32,
    /// Groups, subscriptions and connectors right below it.
    pub children: u32,
    /// Resources listed right below it.
    pub resources: u32,
}

/// An item of the Environment settings tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TreeItem {
    /// What it is (no resources here).
    pub kind: ScopeKind,
    /// Its name.
    pub name: String,
    /// Its scope id.
    pub scope: String,
    /// The cloud, for connectors.
    pub cloud: Option<Cloud>,
    /// Nesting depth, from 0.
    pub depth: u32,
    /// Its secure score with exemptions, for a unit with a score.
    pub score: Option<Score>,
    /// The same without exemptions.
    pub without: Option<Score>,
}

struct Node {
    item: ScopeItem,
    kids: Vec<usize>,
    resources: Vec<u32>,
    unit: Option<UnitIx>,
    cloud: Option<Cloud>,
}

/// One cloud's tree (or every cloud's, for the Environment settings page).
pub(crate) struct ScopeModel {
    /// In pre-order.
    nodes: Vec<Node>,
}

impl Session {
    /// A readable name for a scope id.
    pub fn scope_label(&self, scope: &str) -> String {
        self.views
            .labels
            .get_or_init(|| Labels::new(self.environment()))
            .of(scope)
    }

    /// `cloud` None builds every cloud's tree without resources.
    fn build_model(&self, cloud: Option<Cloud>) -> ScopeModel {
        let env = self.environment();
        let mut nodes: Vec<Node> = Vec::new();
        let group_node: Vec<usize> = env
            .management_groups()
            .iter()
            .map(|g| {
                nodes.push(Node {
                    item: ScopeItem {
                        scope: management_group_scope(&g.name),
                        label: g.display_name.clone().unwrap_or_else(|| g.name.clone()),
                        kind: ScopeKind::ManagementGroup,
                        depth: 0,
                        children: 0,
                        resources: 0,
                    },
                    kids: Vec::new(),
                    resources: Vec::new(),
                    unit: None,
                    cloud: None,
                });
                nodes.len() - 1
            })
            .collect();
        let mut roots: Vec<usize> = Vec::new();
        let mut has_parent = vec![false; group_node.len()];
        for (i, g) in env.management_groups().iter().enumerate() {
            if let Some(p) = g.parent {
                nodes[group_node[p.index()]].kids.push(group_node[i]);
                has_parent[i] = true;
            }
        }
        let unit_of: rustc_hash::FxHashMap<String, UnitIx> = env
            .units()
            .iter()
            .enumerate()
            .map(|(i, u)| (fold(&u.id).into_owned(), UnitIx::at(i)))
            .collect();
        for s in env.subscriptions() {
            let scope = s.scope();
            let mut direct = Vec::new();
            let mut connectors: Vec<(UnitIx, Vec<u32>)> = Vec::new();
            let itself = fold(scope.trim_end_matches('/')).into_owned();
            for r in env.scope_resources(&scope).iter() {
                let rc = env.resource_cloud(r);
                if cloud.is_some_and(|c| c != rc) {
                    continue;
                }
                // Subscription-level assessments name the subscription as
                // their resource: it is the node itself, not a resource
                // below it named by a bare id.
                let id = env.resource_id(r);
                if fold(id.trim_end_matches('/')) == itself
                    || env
                        .resource_unit(r)
                        .is_some_and(|u| crate::fold::eq(&env.unit(u).id, id))
                {
                    continue;
                }
                match env.resource_unit(r) {
                    Some(u) if env.unit(u).kind == UnitKind::SecurityConnector => {
                        match connectors.iter_mut().find(|(x, _)| *x == u) {
                            Some((_, list)) => list.push(r.0),
                            None => connectors.push((u, vec![r.0])),
                        }
                    }
                    _ => direct.push(r.0),
                }
            }
            if cloud.is_some_and(|c| c != Cloud::Azure) && connectors.is_empty() {
                continue;
            }
            let mut kids = Vec::new();
            for (u, list) in connectors {
                let unit = env.unit(u);
                nodes.push(Node {
                    item: ScopeItem {
                        scope: unit.id.clone(),
                        label: unit.display_name.clone().unwrap_or_else(|| {
                            unit.id.rsplit('/').next().unwrap_or(&unit.id).to_string()
                        }),
                        kind: ScopeKind::SecurityConnector,
                        depth: 0,
                        children: 0,
                        resources: 0,
                    },
                    kids: Vec::new(),
                    resources: if cloud.is_some() { list } else { Vec::new() },
                    unit: Some(u),
                    cloud: Some(unit.cloud),
                });
                kids.push(nodes.len() - 1);
            }
            nodes.push(Node {
                item: ScopeItem {
                    label: s.display_name.clone().unwrap_or_else(|| s.id.clone()),
                    ..ScopeItem::leaf(scope.clone(), ScopeKind::Subscription)
                },
                kids,
                resources: if cloud.is_some() { direct } else { Vec::new() },
                unit: unit_of.get(&fold(&scope).into_owned()).copied(),
                cloud: None,
            });
            let me = nodes.len() - 1;
            match s.management_groups.first() {
                Some(&g) => nodes[group_node[g.index()]].kids.push(me),
                None => roots.push(me),
            }
        }
        // Groups with no parent first, then any a parent cycle left out.
        let mut top: Vec<usize> = (0..group_node.len())
            .filter(|&i| !has_parent[i])
            .map(|i| group_node[i])
            .collect();
        top.extend(roots);
        ScopeModel {
            nodes: flatten(nodes, &top, &group_node, cloud.is_some()),
        }
    }

    fn model(&self, cloud: Cloud) -> &ScopeModel {
        let slot = match cloud {
            Cloud::Azure => 0,
            Cloud::Aws => 1,
            Cloud::Gcp => 2,
        };
        self.views.scope_models[slot].get_or_init(|| self.build_model(Some(cloud)))
    }

    /// The scope picker's tree for `cloud`, without resources: management
    /// groups (those with something of the cloud below), subscriptions and
    /// connectors, in pre-order.
    pub fn scope_tree(&self, cloud: Cloud) -> Vec<ScopeItem> {
        self.model(cloud)
            .nodes
            .iter()
            .map(|n| n.item.clone())
            .collect()
    }

    /// The resources listed right below `scope` in the picker of `cloud`.
    pub fn scope_resources(
        &self,
        cloud: Cloud,
        scope: &str,
        offset: usize,
        limit: usize,
    ) -> Result<Page<ScopeItem>, Error> {
        let model = self.model(cloud);
        let wanted = fold(scope).into_owned();
        let node = model
            .nodes
            .iter()
            .find(|n| fold(&n.item.scope) == wanted)
            .ok_or_else(|| Error::not_found(format!("no scope {}", crate::text::quote(scope))))?;
        let env = self.environment();
        Ok(Page::window(
            &node.resources,
            node.resources.len(),
            offset,
            limit,
            |r| {
                let id = env.resource_id(crate::ids::ResourceIx(r));
                ScopeItem {
                    label: resource_label(id),
                    depth: node.item.depth + 1,
                    ..ScopeItem::leaf(id.to_string(), ScopeKind::Resource)
                }
            },
        ))
    }

    /// Items of the picker of `cloud` (resources included) whose name or id
    /// contains `text`, without case; the first `limit` of them.
    pub fn scope_search(&self, cloud: Cloud, text: &str, limit: usize) -> Page<ScopeItem> {
        let model = self.model(cloud);
        let env = self.environment();
        let q = fold(text.trim()).into_owned();
        let mut rows = Vec::new();
        let mut matching = 0usize;
        let mut total = 0usize;
        for n in &model.nodes {
            total += 1 + n.resources.len();
            if fold(&n.item.label).contains(&q) || fold(&n.item.scope).contains(&q) {
                matching += 1;
                if rows.len() < limit {
                    rows.push(ScopeItem {
                        depth: 0,
                        ..n.item.clone()
                    });
                }
            }
            for &r in &n.resources {
                let id = env.resource_id(crate::ids::ResourceIx(r));
                if fold(id).contains(&q) {
                    matching += 1;
                    if rows.len() < limit {
                        rows.push(ScopeItem {
                            label: resource_label(id),
                            ..ScopeItem::leaf(id.to_string(), ScopeKind::Resource)
                        });
                    }
                }
            }
        }
        Page {
            offset: 0,
            matching,
            total,
            rows,
        }
    }

    /// Management groups, subscriptions and connectors of every cloud, with
    /// each unit's score, in pre-order.
    pub fn environment_tree(&self) -> Vec<TreeItem> {
        let model = self.build_model(None);
        model
            .nodes
            .iter()
            .map(|n| {
                let scored = n.unit.filter(|&u| self.posture().weight(u) > 0);
                TreeItem {
                    kind: n.item.kind,
                    name: n.item.label.clone(),
                    scope: n.item.scope.clone(),
                    cloud: n.cloud,
                    depth: n.item.depth,
                    score: scored.map(|u| self.posture().unit_score(u)),
                    without: scored.map(|u| self.raw_posture().unit_score(u)),
                }
            })
            .collect()
    }
}

impl ScopeItem {
    fn leaf(scope: String, kind: ScopeKind) -> ScopeItem {
        ScopeItem {
            label: String::new(),
            scope,
            kind,
            depth: 0,
            children: 0,
            resources: 0,
        }
    }
}

/// Pre-order with depths; with `prune`, management groups with nothing
/// below them are left out.
fn flatten(mut nodes: Vec<Node>, top: &[usize], groups: &[usize], prune: bool) -> Vec<Node> {
    let n = nodes.len();
    // Whether to keep each node, bottom-up without recursion.
    let mut keep = vec![true; n];
    if prune {
        let is_group: Vec<bool> = {
            let mut v = vec![false; n];
            for &g in groups {
                v[g] = true;
            }
            v
        };
        let mut order = Vec::with_capacity(n);
        let mut seen = vec![false; n];
        let mut stack: Vec<(usize, bool)> = top.iter().rev().map(|&t| (t, false)).collect();
        while let Some((i, done)) = stack.pop() {
            if done {
                order.push(i);
                continue;
            }
            if seen[i] {
                continue;
            }
            seen[i] = true;
            stack.push((i, true));
            stack.extend(nodes[i].kids.iter().rev().map(|&k| (k, false)));
        }
        for &i in &order {
            if is_group[i] {
                keep[i] = nodes[i].kids.iter().any(|&k| keep[k]);
            }
        }
    }
    let mut out = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    let mut stack: Vec<(usize, u32)> = top.iter().rev().map(|&t| (t, 0)).collect();
    let mut taken: Vec<Option<Node>> = Vec::new();
    let kids: Vec<Vec<usize>> = nodes.iter().map(|x| x.kids.clone()).collect();
    taken.extend(nodes.drain(..).map(Some));
    while let Some((i, depth)) = stack.pop() {
        if seen[i] || !keep[i] {
            continue;
        }
        seen[i] = true;
        let mut node = taken[i].take().expect("each node is visited once");
        let kept: Vec<usize> = kids[i].iter().copied().filter(|&k| keep[k]).collect();
        node.item.depth = depth;
        node.item.children = u32::try_from(kept.len()).unwrap_or(u32::MAX);
        node.item.resources = u32::try_from(node.resources.len()).unwrap_or(u32::MAX);
        out.push(node);
        stack.extend(kept.iter().rev().map(|&k| (k, depth + 1)));
    }
    out
}
