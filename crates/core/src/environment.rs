//! The loaded world: management groups, subscriptions and connectors,
//! resources, recommendations, controls and assessments.
//!
//! Everything is stored as dense arrays indexed by small numbers (struct of
//! arrays) because the engine walks a million assessments at a time and the
//! browser holds the same data in a wasm heap. Resources are numbered in
//! depth-first order of the scope tree, so every scope covers one contiguous
//! run of resource numbers and the assessments of a resource sit together.

use crate::model::{Cloud, Status};
use crate::scope::{NodeId, ScopeTree, NONE};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::ops::Range;

pub use crate::builder::EnvironmentBuilder;

/// A management group, as read from Resource Graph.
#[derive(Debug, Clone)]
pub struct ManagementGroup {
    /// The group's name (its id's last segment).
    pub name: String,
    /// The name shown in the portal.
    pub display_name: Option<String>,
    /// The parent group's index, `None` at the root.
    pub parent: Option<usize>,
    pub(crate) node: NodeId,
}

/// A subscription: from the containers input, or only seen in resource ids.
#[derive(Debug, Clone)]
pub struct Subscription {
    /// The subscription id as first spelled.
    pub id: String,
    /// The name shown in the portal.
    pub display_name: Option<String>,
    /// Indices of its management groups, nearest first.
    pub management_groups: Vec<usize>,
    /// False when the subscription appears in resource ids but not in the
    /// containers input, and so is under no management group.
    pub listed: bool,
    pub(crate) node: NodeId,
}

/// What a scoring unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// An Azure subscription.
    Subscription,
    /// An AWS account or GCP project, through its security connector.
    SecurityConnector,
}

/// Where Defender computes a secure score: a subscription for Azure
/// resources, a security connector for AWS and GCP ones.
#[derive(Debug, Clone)]
pub struct Unit {
    /// The unit's id as first spelled in a resource id.
    pub id: String,
    /// Subscription or connector.
    pub kind: UnitKind,
    /// The cloud of its resources.
    pub cloud: Cloud,
    /// The subscription's name, when known.
    pub display_name: Option<String>,
}

/// A recommendation: what assessments of one key have in common.
#[derive(Debug, Clone, Default)]
pub struct Recommendation {
    /// The assessment key as first spelled.
    pub key: String,
    /// The recommendation's title.
    pub display_name: Option<String>,
    /// `High`, `Medium` or `Low`, as Defender reports it.
    pub severity: Option<String>,
    /// Indices into [`Environment::categories`].
    pub categories: Vec<u16>,
    /// Preview recommendations do not count toward the secure score.
    pub preview: bool,
    /// Indices into [`Environment::controls`]; empty means it does not count.
    pub controls: Vec<u16>,
}

impl Recommendation {
    /// Whether its assessments count toward the secure score.
    pub fn counts(&self) -> bool {
        !self.preview && !self.controls.is_empty()
    }
}

/// A security control definition.
#[derive(Debug, Clone)]
pub struct Control {
    /// The definition's `name` (a GUID for built-in controls).
    pub name: String,
    /// The control's title.
    pub display_name: String,
    /// The points it is worth.
    pub max_score: f64,
}

/// The loaded data. Build it with [`EnvironmentBuilder`].
#[derive(Debug, Clone)]
pub struct Environment {
    pub(crate) tree: ScopeTree,
    pub(crate) management_groups: Vec<ManagementGroup>,
    pub(crate) subscriptions: Vec<Subscription>,
    pub(crate) units: Vec<Unit>,
    pub(crate) recommendations: Vec<Recommendation>,
    pub(crate) key_index: FxHashMap<Box<str>, u32>,
    pub(crate) categories: Vec<String>,
    pub(crate) controls: Vec<Control>,
    pub(crate) resources: Resources,
    pub(crate) assessments: Assessments,
    /// Resource number range covered by each tree node.
    pub(crate) node_ranges: Vec<(u32, u32)>,
    pub(crate) management_group_by_node: FxHashMap<NodeId, u32>,
    pub(crate) warnings: Vec<String>,
}

/// Resources, indexed by resource number (depth-first order).
#[derive(Debug, Clone, Default)]
pub(crate) struct Resources {
    pub id: Vec<Box<str>>,
    pub node: Vec<NodeId>,
    pub cloud: Vec<Cloud>,
    /// Scoring unit, or `NONE` for a resource outside any subscription.
    pub unit: Vec<u32>,
    /// Subscription index, or `NONE`.
    pub subscription: Vec<u32>,
    /// Where each resource's assessments start in `Assessments::by_resource`;
    /// one more entry than there are resources.
    pub start: Vec<u32>,
}

/// Assessments, indexed by their position in the input.
#[derive(Debug, Clone, Default)]
pub(crate) struct Assessments {
    pub resource: Vec<u32>,
    pub key: Vec<u32>,
    pub status: Vec<Status>,
    /// Row ids that are not `<resource>/providers/Microsoft.Security/assessments/<key>`
    /// spelled exactly as stored; the rest are rebuilt on demand.
    pub odd_ids: FxHashMap<u32, Box<str>>,
    /// Assessment numbers grouped by resource, in resource order.
    pub by_resource: Vec<u32>,
}

pub(crate) const ASSESSMENT_INFIX: &str = "/providers/Microsoft.Security/assessments/";

impl Environment {
    /// How many assessments were loaded.
    pub fn assessment_count(&self) -> usize {
        self.assessments.key.len()
    }

    /// How many distinct resources the assessments name.
    pub fn resource_count(&self) -> usize {
        self.resources.id.len()
    }

    /// The assessment's row id, as given in the input.
    pub fn assessment_id(&self, a: usize) -> Cow<'_, str> {
        match self.assessments.odd_ids.get(&(a as u32)) {
            Some(id) => Cow::Borrowed(id),
            None => {
                let r = self.assessments.resource[a] as usize;
                let k = self.assessments.key[a] as usize;
                Cow::Owned(format!(
                    "{}{}{}",
                    self.resources.id[r], ASSESSMENT_INFIX, self.recommendations[k].key
                ))
            }
        }
    }

    /// The assessment's status as loaded, before exemptions.
    pub fn raw_status(&self, a: usize) -> Status {
        self.assessments.status[a]
    }

    /// All raw statuses, indexed by assessment.
    pub fn raw_statuses(&self) -> &[Status] {
        &self.assessments.status
    }

    /// The recommendation an assessment belongs to.
    pub fn assessment_recommendation(&self, a: usize) -> usize {
        self.assessments.key[a] as usize
    }

    /// The resource an assessment concerns.
    pub fn assessment_resource(&self, a: usize) -> usize {
        self.assessments.resource[a] as usize
    }

    /// The resource's id, as first spelled.
    pub fn resource_id(&self, r: usize) -> &str {
        &self.resources.id[r]
    }

    /// The cloud the resource lives in.
    pub fn resource_cloud(&self, r: usize) -> Cloud {
        self.resources.cloud[r]
    }

    /// The resource's scoring unit, if it has one.
    pub fn resource_unit(&self, r: usize) -> Option<usize> {
        let u = self.resources.unit[r];
        (u != NONE).then_some(u as usize)
    }

    /// The resource's subscription, if it has one.
    pub fn resource_subscription(&self, r: usize) -> Option<usize> {
        let s = self.resources.subscription[r];
        (s != NONE).then_some(s as usize)
    }

    /// The assessments of resource `r`.
    pub fn resource_assessments(&self, r: usize) -> &[u32] {
        let s = &self.resources.start;
        &self.assessments.by_resource[s[r] as usize..s[r + 1] as usize]
    }

    /// Recommendations, indexed by key number.
    pub fn recommendations(&self) -> &[Recommendation] {
        &self.recommendations
    }

    /// The key number of an assessment key, compared without case.
    pub fn recommendation_index(&self, key: &str) -> Option<usize> {
        self.key_index
            .get(crate::fold::fold(key).as_ref())
            .map(|&k| k as usize)
    }

    /// Recommendation category names, as first spelled.
    pub fn categories(&self) -> &[String] {
        &self.categories
    }

    /// The number of a category name, compared without case.
    pub fn category_index(&self, name: &str) -> Option<usize> {
        self.categories
            .iter()
            .position(|c| crate::fold::eq(c, name))
    }

    /// Security control definitions, in input order.
    pub fn controls(&self) -> &[Control] {
        &self.controls
    }

    /// Scoring units, in order of first appearance.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// Subscriptions, listed ones first in input order.
    pub fn subscriptions(&self) -> &[Subscription] {
        &self.subscriptions
    }

    /// Management groups, in input order.
    pub fn management_groups(&self) -> &[ManagementGroup] {
        &self.management_groups
    }

    /// What the input left unclear: unlisted subscriptions, resources outside
    /// subscriptions, a missing input kind.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The resource numbers an exemption scope covers, as sorted disjoint
    /// ranges. Empty when the scope names nothing loaded.
    pub fn scope_resources(&self, scope: &str) -> Vec<Range<usize>> {
        match self.scope_node(scope) {
            Some(node) => self.node_resources(node),
            None => Vec::new(),
        }
    }

    /// The resource numbers any of `scopes` covers, as sorted disjoint ranges.
    pub fn scopes_resources(&self, scopes: &[String]) -> Vec<Range<usize>> {
        merge_ranges(
            scopes
                .iter()
                .filter_map(|s| self.scope_node(s))
                .flat_map(|n| self.node_resources(n))
                .collect(),
        )
    }

    pub(crate) fn node_resources(&self, node: NodeId) -> Vec<Range<usize>> {
        let range = |n: NodeId| {
            let (lo, hi) = self.node_ranges[n as usize];
            lo as usize..hi as usize
        };
        match self.management_group_by_node.get(&node) {
            // A management group's own node has no resources below it in the
            // tree: its subscriptions' ranges stand in for it.
            Some(&g) => merge_ranges(
                self.subscriptions
                    .iter()
                    .filter(|s| s.management_groups.contains(&(g as usize)))
                    .map(|s| range(s.node))
                    .collect(),
            ),
            None => merge_ranges(vec![range(node)]),
        }
    }

    /// The tree node an exemption scope names, if it names anything loaded.
    pub(crate) fn scope_node(&self, scope: &str) -> Option<NodeId> {
        crate::scope::classify(scope)?;
        self.tree.find(scope)
    }
}

fn merge_ranges(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.retain(|r| !r.is_empty());
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}
