//! The loaded world: management groups, subscriptions and connectors,
//! resources, recommendations, controls and assessments.
//!
//! Everything is stored as dense arrays indexed by small numbers (struct of
//! arrays) because the engine walks a million assessments at a time and the
//! browser holds the same data in a wasm heap. Resources are numbered in
//! depth-first order of the scope tree, so every scope covers one contiguous
//! run of resource numbers and the assessments of a resource sit together.
//! The public accessors take and return typed ids ([`crate::ids`]).

mod azure;
pub(crate) mod findings;
pub(crate) mod ranges;
mod stored;
pub use azure::{Connector, Reported, ReportedControl, ReportedScore};
pub use findings::FindingView;
pub use ranges::ResourceRanges;

use crate::fold::fold;
use crate::ids::{
    AssessmentIx, CategoryIx, ControlIx, GroupIx, RecommendationIx, ResourceIx, SubscriptionIx,
    UnitIx,
};
use crate::model::{Cloud, Status};
use crate::scope::{NodeId, ScopeTree, NONE};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A management group, as read from Resource Graph or the REST API.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManagementGroup {
    /// The group's name (its id's last segment).
    pub name: String,
    /// The name shown in the portal.
    pub display_name: Option<String>,
    /// The parent group, `None` at the root.
    pub parent: Option<GroupIx>,
    pub(crate) node: NodeId,
}

/// A subscription: from the containers input, or only seen in resource ids.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Subscription {
    /// The subscription id as first spelled.
    pub id: String,
    /// The name shown in the portal.
    pub display_name: Option<String>,
    /// Its management groups, nearest first.
    pub management_groups: Vec<GroupIx>,
    /// False when the subscription appears in resource ids but not in the
    /// containers input, and so is under no management group.
    pub listed: bool,
    pub(crate) node: NodeId,
}

impl Subscription {
    /// `/subscriptions/<id>`.
    pub fn scope(&self) -> String {
        format!("/subscriptions/{}", self.id)
    }
}

/// What a scoring unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum UnitKind {
    /// An Azure subscription.
    Subscription,
    /// An AWS account or GCP project, through its security connector.
    SecurityConnector,
}

/// Where Defender computes a secure score: a subscription for Azure
/// resources, a security connector for AWS and GCP ones.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Unit {
    /// The unit's id as first spelled in a resource id.
    pub id: String,
    /// Subscription or connector.
    pub kind: UnitKind,
    /// The cloud of its resources.
    pub cloud: Cloud,
    /// The subscription's or connector's name, when known.
    pub display_name: Option<String>,
    /// For a connector: the account or project it reads, when known.
    pub detail: Option<String>,
}

/// A recommendation: what assessments of one key have in common.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Recommendation {
    /// The assessment key as first spelled.
    pub key: String,
    /// The recommendation's title.
    pub display_name: Option<String>,
    /// `High`, `Medium` or `Low`, as Defender reports it.
    pub severity: Option<String>,
    /// Its categories.
    pub categories: Vec<CategoryIx>,
    /// Preview recommendations do not count toward the secure score.
    pub preview: bool,
    /// The controls it counts in; empty means it does not count.
    pub controls: Vec<ControlIx>,
    /// The Azure Policy definition behind it, when there is one.
    pub policy_definition_id: Option<String>,
}

impl Recommendation {
    /// Whether its assessments count toward the secure score.
    pub fn counts(&self) -> bool {
        !self.preview && !self.controls.is_empty()
    }

    /// Its title, or its key when the input gave none.
    pub fn title(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.key)
    }
}

/// A security control definition.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Control {
    /// The definition's `name` (a GUID for built-in controls).
    pub name: String,
    /// The control's title.
    pub display_name: String,
    /// The points it is worth (finite and not negative).
    pub max_score: f64,
}

/// The loaded data. Build it with [`EnvironmentBuilder`]; keep it with
/// [`Environment::to_bytes`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Environment {
    pub(crate) tree: ScopeTree,
    pub(crate) management_groups: Vec<ManagementGroup>,
    pub(crate) subscriptions: Vec<Subscription>,
    pub(crate) units: Vec<Unit>,
    pub(crate) recommendations: Vec<Recommendation>,
    pub(crate) key_index: FxHashMap<Box<str>, u32>,
    pub(crate) categories: Vec<String>,
    pub(crate) category_index: FxHashMap<Box<str>, u32>,
    pub(crate) controls: Vec<Control>,
    pub(crate) resources: Resources,
    pub(crate) assessments: Assessments,
    /// Resource number range covered by each tree node.
    pub(crate) node_ranges: Vec<(u32, u32)>,
    pub(crate) management_group_by_node: FxHashMap<NodeId, u32>,
    pub(crate) warnings: Vec<String>,
    /// Assessments Azure reports as exempt (status cause `Exempt`), sorted.
    pub(crate) azure_exempt: Vec<u32>,
    pub(crate) reported: Reported,
    pub(crate) connectors: Vec<Connector>,
    /// Vulnerability findings, grouped by assessment.
    pub(crate) findings: findings::Findings,
}

/// Resources, indexed by resource number (depth-first order).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Resources {
    pub id: Vec<Box<str>>,
    pub node: Vec<NodeId>,
    pub cloud: Vec<Cloud>,
    /// Scoring unit, or `NONE` for a resource outside any subscription.
    pub unit: Vec<u32>,
    /// Subscription number, or `NONE`.
    pub subscription: Vec<u32>,
    /// Where each resource's assessments start in `Assessments::by_resource`;
    /// one more entry than there are resources.
    pub start: Vec<u32>,
}

/// Assessments, indexed by their position in the input.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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

    /// Every assessment, in input order.
    pub fn assessments(&self) -> impl ExactSizeIterator<Item = AssessmentIx> {
        (0..self.assessment_count()).map(AssessmentIx::at)
    }

    /// The assessment at input position `i`, if there is one.
    pub fn assessment_ix(&self, i: usize) -> Option<AssessmentIx> {
        AssessmentIx::checked(i, self.assessment_count())
    }

    /// How many distinct resources the assessments name.
    pub fn resource_count(&self) -> usize {
        self.resources.id.len()
    }

    /// Every resource, in depth-first order of their ids.
    pub fn resources(&self) -> impl ExactSizeIterator<Item = ResourceIx> {
        (0..self.resource_count()).map(ResourceIx::at)
    }

    /// The assessment's row id, as given in the input.
    pub fn assessment_id(&self, a: AssessmentIx) -> Cow<'_, str> {
        match self.assessments.odd_ids.get(&a.0) {
            Some(id) => Cow::Borrowed(id),
            None => {
                let r = self.assessments.resource[a.index()] as usize;
                let k = self.assessments.key[a.index()] as usize;
                Cow::Owned(format!(
                    "{}{}{}",
                    self.resources.id[r], ASSESSMENT_INFIX, self.recommendations[k].key
                ))
            }
        }
    }

    /// The assessment's status as loaded, before exemptions.
    pub fn raw_status(&self, a: AssessmentIx) -> Status {
        self.assessments.status[a.index()]
    }

    /// All raw statuses, in assessment order.
    pub fn raw_statuses(&self) -> &[Status] {
        &self.assessments.status
    }

    /// The recommendation an assessment belongs to.
    pub fn assessment_recommendation(&self, a: AssessmentIx) -> RecommendationIx {
        RecommendationIx(self.assessments.key[a.index()])
    }

    /// The resource an assessment concerns.
    pub fn assessment_resource(&self, a: AssessmentIx) -> ResourceIx {
        ResourceIx(self.assessments.resource[a.index()])
    }

    /// The resource's id, as first spelled.
    pub fn resource_id(&self, r: ResourceIx) -> &str {
        &self.resources.id[r.index()]
    }

    /// The cloud the resource lives in.
    pub fn resource_cloud(&self, r: ResourceIx) -> Cloud {
        self.resources.cloud[r.index()]
    }

    /// The resource's scoring unit, if it has one.
    pub fn resource_unit(&self, r: ResourceIx) -> Option<UnitIx> {
        let u = self.resources.unit[r.index()];
        (u != NONE).then_some(UnitIx(u))
    }

    /// The resource's subscription, if it has one.
    pub fn resource_subscription(&self, r: ResourceIx) -> Option<SubscriptionIx> {
        let s = self.resources.subscription[r.index()];
        (s != NONE).then_some(SubscriptionIx(s))
    }

    /// The assessments of resource `r`.
    pub fn resource_assessments(
        &self,
        r: ResourceIx,
    ) -> impl ExactSizeIterator<Item = AssessmentIx> + '_ {
        self.assessments_of(r.index())
            .iter()
            .map(|&a| AssessmentIx(a))
    }

    /// The assessment numbers of resource number `r`, for the engine's loops.
    pub(crate) fn assessments_of(&self, r: usize) -> &[u32] {
        let s = &self.resources.start;
        &self.assessments.by_resource[s[r] as usize..s[r + 1] as usize]
    }

    /// Recommendations, in order of their [`RecommendationIx`].
    pub fn recommendations(&self) -> &[Recommendation] {
        &self.recommendations
    }

    /// Every recommendation with its id.
    pub fn recommendation_ixs(
        &self,
    ) -> impl ExactSizeIterator<Item = (RecommendationIx, &Recommendation)> {
        self.recommendations
            .iter()
            .enumerate()
            .map(|(k, r)| (RecommendationIx::at(k), r))
    }

    /// One recommendation.
    pub fn recommendation(&self, k: RecommendationIx) -> &Recommendation {
        &self.recommendations[k.index()]
    }

    /// The recommendation of an assessment key, compared without case.
    pub fn recommendation_index(&self, key: &str) -> Option<RecommendationIx> {
        self.key_index
            .get(fold(key.trim()).as_ref())
            .map(|&k| RecommendationIx(k))
    }

    /// Recommendation category names, as first spelled, in order of their
    /// [`CategoryIx`].
    pub fn categories(&self) -> &[String] {
        &self.categories
    }

    /// One category's name.
    pub fn category(&self, c: CategoryIx) -> &str {
        &self.categories[c.index()]
    }

    /// The category of a name, compared without case.
    pub fn category_index(&self, name: &str) -> Option<CategoryIx> {
        self.category_index
            .get(fold(name.trim()).as_ref())
            .map(|&c| CategoryIx(c))
    }

    /// Security control definitions, in input order.
    pub fn controls(&self) -> &[Control] {
        &self.controls
    }

    /// One control.
    pub fn control(&self, c: ControlIx) -> &Control {
        &self.controls[c.index()]
    }

    /// Scoring units, in order of first appearance.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// One scoring unit.
    pub fn unit(&self, u: UnitIx) -> &Unit {
        &self.units[u.index()]
    }

    /// Subscriptions, listed ones first in input order.
    pub fn subscriptions(&self) -> &[Subscription] {
        &self.subscriptions
    }

    /// One subscription.
    pub fn subscription(&self, s: SubscriptionIx) -> &Subscription {
        &self.subscriptions[s.index()]
    }

    /// Management groups, in input order.
    pub fn management_groups(&self) -> &[ManagementGroup] {
        &self.management_groups
    }

    /// One management group.
    pub fn management_group(&self, g: GroupIx) -> &ManagementGroup {
        &self.management_groups[g.index()]
    }

    /// The resource at position `i`, if there is one.
    pub fn resource_ix(&self, i: usize) -> Option<ResourceIx> {
        ResourceIx::checked(i, self.resource_count())
    }

    /// The recommendation at position `i`, if there is one.
    pub fn recommendation_ix(&self, i: usize) -> Option<RecommendationIx> {
        RecommendationIx::checked(i, self.recommendations.len())
    }

    /// The category at position `i`, if there is one.
    pub fn category_ix(&self, i: usize) -> Option<CategoryIx> {
        CategoryIx::checked(i, self.categories.len())
    }

    /// The control at position `i`, if there is one.
    pub fn control_ix(&self, i: usize) -> Option<ControlIx> {
        ControlIx::checked(i, self.controls.len())
    }

    /// The scoring unit at position `i`, if there is one.
    pub fn unit_ix(&self, i: usize) -> Option<UnitIx> {
        UnitIx::checked(i, self.units.len())
    }

    /// The subscription at position `i`, if there is one.
    pub fn subscription_ix(&self, i: usize) -> Option<SubscriptionIx> {
        SubscriptionIx::checked(i, self.subscriptions.len())
    }

    /// The management group at position `i`, if there is one.
    pub fn group_ix(&self, i: usize) -> Option<GroupIx> {
        GroupIx::checked(i, self.management_groups.len())
    }

    /// What the input left unclear: unlisted subscriptions, resources outside
    /// subscriptions, a missing input kind.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Whether Azure reports assessment `a` as exempt: its status cause is
    /// `Exempt`, and the export does not carry the status it would have.
    pub fn azure_exempt(&self, a: AssessmentIx) -> bool {
        self.azure_exempt.binary_search(&a.0).is_ok()
    }

    /// The assessments Azure reports as exempt, in input order.
    pub fn azure_exempt_assessments(&self) -> impl ExactSizeIterator<Item = AssessmentIx> + '_ {
        self.azure_exempt.iter().map(|&a| AssessmentIx(a))
    }

    /// Whether exemptions can decide assessment `a`: it was scanned Healthy
    /// or Unhealthy, or Azure already exempts it (so its real status is one
    /// of those, unknown here).
    pub fn exemptible(&self, a: AssessmentIx) -> bool {
        self.assessments.status[a.index()] != Status::NotApplicable || self.azure_exempt(a)
    }

    /// Azure's own secure scores, when the input had them.
    pub fn reported(&self) -> &Reported {
        &self.reported
    }

    /// The security connectors the input described.
    pub fn connectors(&self) -> &[Connector] {
        &self.connectors
    }
}
