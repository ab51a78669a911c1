//! Assembling an [`Environment`] from rows, in any order and from any number
//! of files, and checking what only the whole input can tell (duplicate
//! assessments, management-group ancestry).
//!
//! Rows are collected here ([`EnvironmentBuilder`]); [`ancestry`] resolves
//! management groups and subscriptions, and [`layout`] numbers resources
//! depth-first and groups assessments by resource when the builder finishes.
//! Every count is narrowed to 32 bits through [`narrow`], so input beyond a
//! limit is refused by name instead of wrapping.

mod ancestry;
pub(crate) mod extras;
mod findings;
mod layout;

pub use extras::OwnedMetadata;

use crate::environment::{Control, Recommendation, ASSESSMENT_INFIX};
use crate::error::Error;
use crate::fold::fold;
use crate::ids::{narrow, CategoryIx, ControlIx, RecommendationIx};
use crate::model::{Cloud, Status};
use crate::scope::{self, NodeId, ScopeTree};
use rustc_hash::FxHashMap;

/// The largest maximum score a control may have. Defender's controls are
/// worth 0 to 10 points; the bound keeps every sum of scores finite, so a
/// score is never NaN or infinite.
pub const MAX_CONTROL_SCORE: f64 = 1e9;

/// Where a row came from: file number (see [`EnvironmentBuilder::file`]) and
/// row number, counting from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// The file's number.
    pub file: u32,
    /// The row's position in the file, from 1.
    pub row: u32,
}

/// One assessment row, already read.
#[derive(Debug, Clone, Copy)]
pub struct AssessmentRow<'a> {
    /// Where the row came from.
    pub origin: Origin,
    /// The row's `id`; rebuilt from resource and key when absent.
    pub id: Option<&'a str>,
    /// The assessment key (the row's `name`).
    pub key: &'a str,
    /// `resourceDetails.Id`.
    pub resource_id: &'a str,
    /// From `resourceDetails.Source`.
    pub cloud: Cloud,
    /// `status.code`.
    pub status: Status,
    /// `status.cause` is `Exempt`: Azure already exempts it.
    pub azure_exempt: bool,
}

/// What is known of a recommendation beyond its key.
#[derive(Debug, Clone, Default)]
pub struct Metadata<'a> {
    /// `displayName`.
    pub display_name: Option<&'a str>,
    /// `severity`.
    pub severity: Option<&'a str>,
    /// `categories`.
    pub categories: Vec<&'a str>,
    /// `preview`.
    pub preview: Option<bool>,
    /// `policyDefinitionId`.
    pub policy_definition_id: Option<&'a str>,
}

struct GroupRow {
    name: String,
    display_name: Option<String>,
    parent: Option<String>,
}

struct SubscriptionRow {
    id: String,
    display_name: Option<String>,
    chain: Vec<(String, Option<String>)>,
}

/// Collects rows, then [`finish`](EnvironmentBuilder::finish)es into an
/// [`Environment`].
#[derive(Default)]
pub struct EnvironmentBuilder {
    tree: ScopeTree,
    files: Vec<String>,
    groups: Vec<GroupRow>,
    subscriptions: Vec<SubscriptionRow>,
    resource_by_spelling: FxHashMap<Box<str>, u32>,
    resource_by_node: FxHashMap<NodeId, u32>,
    res_id: Vec<Box<str>>,
    res_node: Vec<NodeId>,
    res_cloud: Vec<Cloud>,
    res_origin: Vec<Origin>,
    key_index: FxHashMap<Box<str>, u32>,
    recommendations: Vec<Recommendation>,
    has_metadata: Vec<bool>,
    category_index: FxHashMap<Box<str>, u32>,
    categories: Vec<String>,
    controls: Vec<Control>,
    control_index: FxHashMap<Box<str>, u32>,
    a_resource: Vec<u32>,
    a_key: Vec<u32>,
    a_status: Vec<Status>,
    a_origin: Vec<Origin>,
    odd_ids: FxHashMap<u32, Box<str>>,
    warnings: Vec<String>,
    /// Metadata rows, by folded key, for recommendations that may have no
    /// assessment yet; applied when the builder finishes.
    pending_metadata: FxHashMap<Box<str>, OwnedMetadata>,
    connectors: Vec<crate::environment::Connector>,
    a_azure_exempt: Vec<u32>,
    reported: crate::environment::Reported,
    findings: findings::Pending,
}

impl EnvironmentBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        EnvironmentBuilder {
            tree: ScopeTree::new(),
            ..Default::default()
        }
    }

    /// Registers an input file's name; rows carry its number in their origin.
    pub fn file(&mut self, name: &str) -> Result<u32, Error> {
        let n = narrow(self.files.len(), "input files")?;
        self.files.push(name.to_string());
        Ok(n)
    }

    /// The name of file number `file`.
    pub fn file_name(&self, file: u32) -> &str {
        self.files
            .get(file as usize)
            .map_or("(input)", String::as_str)
    }

    /// Something the finished environment should warn about.
    pub fn warn(&mut self, warning: String) {
        self.warnings.push(warning);
    }

    /// A management group row.
    pub fn add_management_group(
        &mut self,
        name: &str,
        display_name: Option<&str>,
        parent: Option<&str>,
    ) {
        self.groups.push(GroupRow {
            name: name.to_string(),
            display_name: display_name.map(str::to_string),
            parent: parent.map(str::to_string),
        });
    }

    /// A subscription row with its `managementGroupAncestorsChain` (name and
    /// display name, nearest first; it may hold only the immediate parent).
    pub fn add_subscription(
        &mut self,
        id: &str,
        display_name: Option<&str>,
        chain: &[(&str, Option<&str>)],
    ) {
        self.subscriptions.push(SubscriptionRow {
            id: id.to_string(),
            display_name: display_name.map(str::to_string),
            chain: chain
                .iter()
                .map(|(n, d)| (n.to_string(), d.map(str::to_string)))
                .collect(),
        });
    }

    /// A secure score control definition and the assessment keys it lists.
    /// `max_score` must be a number from 0 to [`MAX_CONTROL_SCORE`].
    pub fn add_control<'k>(
        &mut self,
        name: &str,
        display_name: &str,
        max_score: f64,
        keys: impl IntoIterator<Item = &'k str>,
    ) -> Result<(), Error> {
        if !(0.0..=MAX_CONTROL_SCORE).contains(&max_score) {
            return Err(Error::invalid(format!(
                "properties.maxScore: {max_score} is not a number from 0 to {MAX_CONTROL_SCORE}"
            ))
            .at_field("properties.maxScore"));
        }
        // The same control arrives once per subscription's control scores
        // (`$expand=definition`) and per CSV row: its keys are merged.
        let folded: Box<str> = fold(name.trim()).into_owned().into();
        let c = match self.control_index.get(&folded) {
            Some(&i) => ControlIx(i),
            None => {
                let c = ControlIx(narrow(self.controls.len(), "security controls")?);
                self.controls.push(Control {
                    name: name.to_string(),
                    display_name: display_name.to_string(),
                    max_score,
                });
                self.control_index.insert(folded, c.0);
                c
            }
        };
        for key in keys {
            let k = self.recommendation(key)?;
            let controls = &mut self.recommendations[k.index()].controls;
            if !controls.contains(&c) {
                controls.push(c);
            }
        }
        Ok(())
    }

    /// An assessment row. Returns its recommendation, for
    /// [`wants_metadata`](Self::wants_metadata).
    pub fn add_assessment(&mut self, row: AssessmentRow<'_>) -> Result<RecommendationIx, Error> {
        let r = self.resource(row.resource_id, row.cloud, row.origin)?;
        let k = self.recommendation(row.key)?;
        let a = narrow(self.a_key.len(), "assessments")?;
        self.a_resource.push(r);
        self.a_key.push(k.0);
        self.a_status.push(row.status);
        self.a_origin.push(row.origin);
        if row.azure_exempt {
            self.a_azure_exempt.push(a);
        }
        if let Some(id) = row.id {
            if !self.is_canonical_id(id, r, k) {
                self.odd_ids.insert(a, id.into());
            }
        }
        Ok(k)
    }

    /// A vulnerability finding; it joins its assessment when the builder
    /// finishes, in whichever file that comes.
    pub fn add_finding(
        &mut self,
        origin: Origin,
        finding: &crate::vulnerabilities::Finding,
    ) -> Result<(), Error> {
        self.findings.add(origin, finding)
    }

    /// The findings grouped by assessment, before resources are renumbered.
    fn group_findings(
        &mut self,
        warnings: &mut Vec<String>,
    ) -> Result<crate::environment::findings::Findings, Error> {
        let pending = std::mem::take(&mut self.findings);
        if pending.parent.is_empty() {
            return Ok(Default::default());
        }
        let by_pair: FxHashMap<(u32, u32), u32> = self
            .a_resource
            .iter()
            .zip(&self.a_key)
            .enumerate()
            .map(|(a, (&r, &k))| Ok(((r, k), narrow(a, "assessments")?)))
            .collect::<Result<_, Error>>()?;
        let this = &*self;
        let assessment_of = |resource: &str, key: &str| {
            let r = match this.resource_by_spelling.get(resource) {
                Some(&r) => r,
                None => *this.resource_by_node.get(&this.tree.find(resource)?)?,
            };
            let k = *this.key_index.get(fold(key.trim()).as_ref())?;
            by_pair.get(&(r, k)).copied()
        };
        findings::group(
            pending,
            self.a_key.len(),
            assessment_of,
            |f| this.file_name(f).to_string(),
            warnings,
        )
    }

    /// Whether recommendation `k` still lacks metadata.
    pub fn wants_metadata(&self, k: RecommendationIx) -> bool {
        !self.has_metadata[k.index()]
    }

    /// Metadata for recommendation `k`: the first row that has it decides.
    pub fn set_metadata(&mut self, k: RecommendationIx, m: &Metadata<'_>) -> Result<(), Error> {
        let categories = m
            .categories
            .iter()
            .map(|c| self.category(c))
            .collect::<Result<Vec<_>, _>>()?;
        let rec = &mut self.recommendations[k.index()];
        rec.display_name = m
            .display_name
            .map(str::to_string)
            .or(rec.display_name.take());
        rec.severity = m.severity.map(str::to_string);
        rec.categories = categories;
        rec.preview = m.preview.unwrap_or(false);
        if let Some(p) = m.policy_definition_id {
            rec.policy_definition_id = Some(p.to_string());
        }
        self.has_metadata[k.index()] = true;
        Ok(())
    }

    /// A title for recommendation `k` from a row without metadata.
    pub fn set_display_name(&mut self, k: RecommendationIx, name: &str) {
        let rec = &mut self.recommendations[k.index()];
        if rec.display_name.is_none() {
            rec.display_name = Some(name.to_string());
        }
    }

    fn is_canonical_id(&self, id: &str, r: u32, k: RecommendationIx) -> bool {
        let resource = &*self.res_id[r as usize];
        let key = &self.recommendations[k.index()].key;
        id.strip_prefix(resource)
            .and_then(|rest| rest.strip_prefix(ASSESSMENT_INFIX))
            .is_some_and(|rest| rest == key)
    }

    /// The recommendation of an assessment key, created if new.
    pub fn recommendation(&mut self, key: &str) -> Result<RecommendationIx, Error> {
        let folded = fold(key.trim());
        if let Some(&k) = self.key_index.get(folded.as_ref()) {
            return Ok(RecommendationIx(k));
        }
        let k = narrow(self.recommendations.len(), "recommendations")?;
        self.key_index.insert(folded.into_owned().into(), k);
        self.recommendations.push(Recommendation {
            key: key.trim().to_string(),
            ..Default::default()
        });
        self.has_metadata.push(false);
        Ok(RecommendationIx(k))
    }

    fn category(&mut self, name: &str) -> Result<CategoryIx, Error> {
        let folded = fold(name.trim());
        if let Some(&c) = self.category_index.get(folded.as_ref()) {
            return Ok(CategoryIx(c));
        }
        let c = narrow(self.categories.len(), "recommendation categories")?;
        self.category_index.insert(folded.into_owned().into(), c);
        self.categories.push(name.trim().to_string());
        Ok(CategoryIx(c))
    }

    fn resource(&mut self, id: &str, cloud: Cloud, origin: Origin) -> Result<u32, Error> {
        let r = match self.resource_by_spelling.get(id) {
            Some(&r) => r,
            None => {
                if scope::segments(id).next().is_none() {
                    return Err(Error::invalid("empty resource id")
                        .at_field("properties.resourceDetails.Id"));
                }
                let node = self.tree.insert(id)?;
                let r = match self.resource_by_node.get(&node) {
                    Some(&r) => r,
                    None => {
                        let r = narrow(self.res_id.len(), "resources")?;
                        self.res_id.push(id.trim_end_matches('/').into());
                        self.res_node.push(node);
                        self.res_cloud.push(cloud);
                        self.res_origin.push(origin);
                        self.resource_by_node.insert(node, r);
                        r
                    }
                };
                self.resource_by_spelling.insert(id.into(), r);
                r
            }
        };
        let known = self.res_cloud[r as usize];
        if known != cloud {
            let first = self.res_origin[r as usize];
            return Err(Error::invalid(format!(
                "resource {} is {cloud} here but {known} in {} row {}",
                crate::text::quote(id),
                self.file_name(first.file),
                first.row
            ))
            .at_field("properties.resourceDetails.Source"));
        }
        Ok(r)
    }
}
