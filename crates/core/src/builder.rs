//! Assembling an [`Environment`] from rows, in any order and from any number
//! of files, and checking what only the whole input can tell (duplicate
//! assessments, management-group ancestry).

use crate::environment::{
    Assessments, Control, Environment, ManagementGroup, Recommendation, Resources, Subscription,
    Unit, UnitKind, ASSESSMENT_INFIX,
};
use crate::error::LoadError;
use crate::fold::fold;
use crate::model::{Cloud, Status};
use crate::scope::{self, NodeId, ScopeTree, NONE, ROOT};
use rustc_hash::FxHashMap;

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
}

/// The optional `properties.metadata` of an assessment row.
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
    category_index: FxHashMap<Box<str>, u16>,
    categories: Vec<String>,
    controls: Vec<Control>,
    a_resource: Vec<u32>,
    a_key: Vec<u32>,
    a_status: Vec<Status>,
    a_origin: Vec<Origin>,
    odd_ids: FxHashMap<u32, Box<str>>,
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
    pub fn file(&mut self, name: &str) -> u32 {
        self.files.push(name.to_string());
        (self.files.len() - 1) as u32
    }

    /// The name of file number `file`.
    pub fn file_name(&self, file: u32) -> &str {
        self.files
            .get(file as usize)
            .map_or("(input)", String::as_str)
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
    pub fn add_control<'k>(
        &mut self,
        name: &str,
        display_name: &str,
        max_score: f64,
        keys: impl IntoIterator<Item = &'k str>,
    ) {
        let c = self.controls.len() as u16;
        self.controls.push(Control {
            name: name.to_string(),
            display_name: display_name.to_string(),
            max_score,
        });
        for key in keys {
            let k = self.key(key) as usize;
            let controls = &mut self.recommendations[k].controls;
            if !controls.contains(&c) {
                controls.push(c);
            }
        }
    }

    /// An assessment row. Returns its recommendation's number, for
    /// [`wants_metadata`](Self::wants_metadata).
    pub fn add_assessment(&mut self, row: AssessmentRow<'_>) -> Result<u32, String> {
        let r = self.resource(row.resource_id, row.cloud, row.origin)?;
        let k = self.key(row.key);
        let a = self.a_key.len() as u32;
        self.a_resource.push(r);
        self.a_key.push(k);
        self.a_status.push(row.status);
        self.a_origin.push(row.origin);
        if let Some(id) = row.id {
            if !self.is_canonical_id(id, r, k) {
                self.odd_ids.insert(a, id.into());
            }
        }
        Ok(k)
    }

    /// Whether recommendation `k` still lacks metadata.
    pub fn wants_metadata(&self, k: u32) -> bool {
        !self.has_metadata[k as usize]
    }

    /// Metadata for recommendation `k`: the first row that has it decides.
    pub fn set_metadata(&mut self, k: u32, m: &Metadata<'_>) {
        let categories: Vec<u16> = m.categories.iter().map(|c| self.category(c)).collect();
        let rec = &mut self.recommendations[k as usize];
        rec.display_name = m
            .display_name
            .map(str::to_string)
            .or(rec.display_name.take());
        rec.severity = m.severity.map(str::to_string);
        rec.categories = categories;
        rec.preview = m.preview.unwrap_or(false);
        self.has_metadata[k as usize] = true;
    }

    /// A title for recommendation `k` from a row without metadata.
    pub fn set_display_name(&mut self, k: u32, name: &str) {
        let rec = &mut self.recommendations[k as usize];
        if rec.display_name.is_none() {
            rec.display_name = Some(name.to_string());
        }
    }

    fn is_canonical_id(&self, id: &str, r: u32, k: u32) -> bool {
        let resource = &*self.res_id[r as usize];
        let key = &self.recommendations[k as usize].key;
        id.strip_prefix(resource)
            .and_then(|rest| rest.strip_prefix(ASSESSMENT_INFIX))
            .is_some_and(|rest| rest == key)
    }

    fn key(&mut self, key: &str) -> u32 {
        let folded = fold(key);
        if let Some(&k) = self.key_index.get(folded.as_ref()) {
            return k;
        }
        let k = self.recommendations.len() as u32;
        self.key_index.insert(folded.into_owned().into(), k);
        self.recommendations.push(Recommendation {
            key: key.to_string(),
            ..Default::default()
        });
        self.has_metadata.push(false);
        k
    }

    fn category(&mut self, name: &str) -> u16 {
        let folded = fold(name);
        if let Some(&c) = self.category_index.get(folded.as_ref()) {
            return c;
        }
        let c = self.categories.len() as u16;
        self.category_index.insert(folded.into_owned().into(), c);
        self.categories.push(name.to_string());
        c
    }

    fn resource(&mut self, id: &str, cloud: Cloud, origin: Origin) -> Result<u32, String> {
        let r = match self.resource_by_spelling.get(id) {
            Some(&r) => r,
            None => {
                if scope::segments(id).next().is_none() {
                    return Err("resourceDetails.Id: empty resource id".into());
                }
                let node = self.tree.insert(id);
                let r = match self.resource_by_node.get(&node) {
                    Some(&r) => r,
                    None => {
                        let r = self.res_id.len() as u32;
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
            return Err(format!(
                "resourceDetails.Source: resource {id} is {cloud} here but {known} in {} row {}",
                self.file_name(first.file),
                first.row
            ));
        }
        Ok(r)
    }

    /// Checks the whole input and builds the environment.
    pub fn finish(mut self) -> Result<Environment, LoadError> {
        let mut warnings = Vec::new();
        let (management_groups, group_index) = self.resolve_groups(&mut warnings);
        let mut subscriptions = self.resolve_subscriptions(&management_groups, &group_index);
        let listed = subscriptions.len();
        let mut sub_by_node: FxHashMap<NodeId, u32> = subscriptions
            .iter()
            .enumerate()
            .map(|(i, s)| (s.node, i as u32))
            .collect();

        // Subscriptions and scoring units of each resource.
        let n = self.res_id.len();
        let mut res_sub = vec![NONE; n];
        let mut res_unit = vec![NONE; n];
        let mut units: Vec<Unit> = Vec::new();
        let mut unit_by_node: FxHashMap<NodeId, u32> = FxHashMap::default();
        let mut outside = 0usize;
        for r in 0..n {
            let id = &*self.res_id[r];
            let first = scope::segments(id).next().unwrap_or("");
            let sub_path = if first.eq_ignore_ascii_case("subscriptions") {
                scope::prefix(id, 2)
            } else {
                None
            };
            let Some(sub_path) = sub_path else {
                outside += 1;
                continue;
            };
            let sub_node = self.tree.find(sub_path).expect("prefix of an inserted id");
            let s = *sub_by_node.entry(sub_node).or_insert_with(|| {
                subscriptions.push(Subscription {
                    id: sub_path.rsplit('/').next().unwrap_or_default().to_string(),
                    display_name: None,
                    management_groups: Vec::new(),
                    listed: false,
                    node: sub_node,
                });
                (subscriptions.len() - 1) as u32
            });
            res_sub[r] = s;
            let cloud = self.res_cloud[r];
            let (unit_path, kind) = match connector_prefix(id) {
                Some(p) if cloud != Cloud::Azure => (p, UnitKind::SecurityConnector),
                _ => (sub_path, UnitKind::Subscription),
            };
            let unit_node = self.tree.find(unit_path).expect("prefix of an inserted id");
            res_unit[r] = *unit_by_node.entry(unit_node).or_insert_with(|| {
                let display_name = match kind {
                    UnitKind::Subscription => subscriptions[s as usize].display_name.clone(),
                    UnitKind::SecurityConnector => unit_path.rsplit('/').next().map(str::to_string),
                };
                units.push(Unit {
                    id: unit_path.to_string(),
                    kind,
                    cloud,
                    display_name,
                });
                (units.len() - 1) as u32
            });
        }
        sub_by_node.clear();

        if self.groups.is_empty() && listed == 0 {
            warnings.push(
                "no management groups or subscriptions were loaded: management-group scopes cover nothing".into(),
            );
        } else {
            for s in &subscriptions[listed..] {
                warnings.push(format!(
                    "subscription {} is not in the containers input: it is under no management group",
                    s.id
                ));
            }
        }
        if outside > 0 {
            warnings.push(format!(
                "{outside} resources are not under a subscription: they count in no secure score"
            ));
        }
        if self.controls.is_empty() {
            warnings.push(
                "no secure score control definitions were loaded: no recommendation counts toward the secure score"
                    .into(),
            );
        }

        // Number resources in depth-first order of the tree.
        let (order, node_ranges) = self.depth_first(n);
        let resources = Resources {
            id: permute(std::mem::take(&mut self.res_id), &order),
            node: permute(std::mem::take(&mut self.res_node), &order),
            cloud: permute(std::mem::take(&mut self.res_cloud), &order),
            unit: permute(res_unit, &order),
            subscription: permute(res_sub, &order),
            start: Vec::new(),
        };
        let mut rank = vec![0u32; n];
        for (new, &old) in order.iter().enumerate() {
            rank[old as usize] = new as u32;
        }
        for r in &mut self.a_resource {
            *r = rank[*r as usize];
        }
        let mut resources = resources;
        let by_resource = group_by(&self.a_resource, n, &mut resources.start);
        self.check_duplicates(&resources, &by_resource)?;

        let management_group_by_node = management_groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.node, i as u32))
            .collect();
        Ok(Environment {
            tree: self.tree,
            management_groups,
            subscriptions,
            units,
            recommendations: self.recommendations,
            key_index: self.key_index,
            categories: self.categories,
            controls: self.controls,
            resources,
            assessments: Assessments {
                resource: self.a_resource,
                key: self.a_key,
                status: self.a_status,
                odd_ids: self.odd_ids,
                by_resource,
            },
            node_ranges,
            management_group_by_node,
            warnings,
        })
    }

    fn resolve_groups(
        &mut self,
        warnings: &mut Vec<String>,
    ) -> (Vec<ManagementGroup>, FxHashMap<String, usize>) {
        let mut groups: Vec<ManagementGroup> = Vec::new();
        let mut index: FxHashMap<String, usize> = FxHashMap::default();
        let mut parents: Vec<Option<String>> = Vec::new();
        let mut add = |tree: &mut ScopeTree,
                       name: &str,
                       display: Option<&String>,
                       parent: Option<&String>| {
            let folded = fold(name).into_owned();
            if let Some(&g) = index.get(&folded) {
                if parents[g].is_none() {
                    parents[g] = parent.cloned();
                }
                return;
            }
            index.insert(folded, groups.len());
            groups.push(ManagementGroup {
                name: name.to_string(),
                display_name: display.cloned(),
                parent: None,
                node: tree.insert(&scope::management_group_scope(name)),
            });
            parents.push(parent.cloned());
        };
        for g in &self.groups {
            add(
                &mut self.tree,
                &g.name,
                g.display_name.as_ref(),
                g.parent.as_ref(),
            );
        }
        // A subscription's chain names its ancestors in order: each one's
        // parent is the next, which fills in groups the input did not list.
        for s in &self.subscriptions {
            for (i, (name, display)) in s.chain.iter().enumerate() {
                add(
                    &mut self.tree,
                    name,
                    display.as_ref(),
                    s.chain.get(i + 1).map(|(n, _)| n),
                );
            }
        }
        for (g, parent) in parents.iter().enumerate() {
            if let Some(p) = parent {
                match index.get(fold(p).as_ref()) {
                    Some(&pi) if pi != g => groups[g].parent = Some(pi),
                    _ => warnings.push(format!(
                        "management group {} names parent {p}, which is not in the input",
                        groups[g].name
                    )),
                }
            }
        }
        (groups, index)
    }

    fn resolve_subscriptions(
        &mut self,
        groups: &[ManagementGroup],
        index: &FxHashMap<String, usize>,
    ) -> Vec<Subscription> {
        let mut out: Vec<Subscription> = Vec::new();
        let mut seen: FxHashMap<NodeId, usize> = FxHashMap::default();
        for s in &self.subscriptions {
            let node = self.tree.insert(&format!("/subscriptions/{}", s.id));
            if let Some(&i) = seen.get(&node) {
                if out[i].display_name.is_none() {
                    out[i].display_name = s.display_name.clone();
                }
                continue;
            }
            let mut chain = Vec::new();
            let mut next = s
                .chain
                .first()
                .and_then(|(n, _)| index.get(fold(n).as_ref()).copied());
            while let Some(g) = next {
                if chain.contains(&g) {
                    break;
                }
                chain.push(g);
                next = groups[g].parent;
            }
            seen.insert(node, out.len());
            out.push(Subscription {
                id: s.id.clone(),
                display_name: s.display_name.clone(),
                management_groups: chain,
                listed: true,
                node,
            });
        }
        out
    }

    /// Resource order and each node's resource range, in one depth-first walk.
    fn depth_first(&self, n: usize) -> (Vec<u32>, Vec<(u32, u32)>) {
        let parents = self.tree.parents();
        let nodes = parents.len();
        let mut child_start = vec![0u32; nodes + 1];
        for &p in &parents[1..] {
            child_start[p as usize + 1] += 1;
        }
        for i in 0..nodes {
            child_start[i + 1] += child_start[i];
        }
        let mut fill = child_start.clone();
        let mut children = vec![0u32; nodes.saturating_sub(1)];
        for (node, &p) in parents.iter().enumerate().skip(1) {
            children[fill[p as usize] as usize] = node as u32;
            fill[p as usize] += 1;
        }
        let mut resource_at = vec![NONE; nodes];
        for (r, &node) in self.res_node.iter().enumerate() {
            resource_at[node as usize] = r as u32;
        }
        let mut order = Vec::with_capacity(n);
        let mut ranges = vec![(0u32, 0u32); nodes];
        let mut stack: Vec<(NodeId, bool)> = vec![(ROOT, false)];
        while let Some((node, leaving)) = stack.pop() {
            let i = node as usize;
            if leaving {
                ranges[i].1 = order.len() as u32;
                continue;
            }
            ranges[i].0 = order.len() as u32;
            if resource_at[i] != NONE {
                order.push(resource_at[i]);
            }
            stack.push((node, true));
            let kids = &children[child_start[i] as usize..child_start[i + 1] as usize];
            stack.extend(kids.iter().rev().map(|&c| (c, false)));
        }
        (order, ranges)
    }

    fn check_duplicates(
        &self,
        resources: &Resources,
        by_resource: &[u32],
    ) -> Result<(), LoadError> {
        let mut group: Vec<(u32, u32)> = Vec::new();
        for r in 0..resources.id.len() {
            let slice = &by_resource[resources.start[r] as usize..resources.start[r + 1] as usize];
            if slice.len() < 2 {
                continue;
            }
            group.clear();
            group.extend(slice.iter().map(|&a| (self.a_key[a as usize], a)));
            group.sort_unstable();
            for pair in group.windows(2) {
                if pair[0].0 == pair[1].0 {
                    let first = self.a_origin[pair[0].1 as usize];
                    let second = self.a_origin[pair[1].1 as usize];
                    return Err(LoadError::new(
                        self.file_name(second.file),
                        Some(second.row as usize),
                        format!(
                            "assessment {} of resource {} is already given by {} row {}",
                            self.recommendations[pair[0].0 as usize].key,
                            resources.id[r],
                            self.file_name(first.file),
                            first.row
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The `.../securityConnectors/<name>` prefix of an AWS or GCP resource id.
fn connector_prefix(id: &str) -> Option<&str> {
    let at = scope::segments(id).position(|s| s.eq_ignore_ascii_case("securityconnectors"))?;
    scope::prefix(id, at + 2)
}

fn permute<T>(values: Vec<T>, order: &[u32]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = values.into_iter().map(Some).collect();
    order
        .iter()
        .map(|&i| slots[i as usize].take().expect("order is a permutation"))
        .collect()
}

/// Assessment numbers grouped by resource (stable), and each group's start.
fn group_by(resource_of: &[u32], n: usize, start: &mut Vec<u32>) -> Vec<u32> {
    start.clear();
    start.resize(n + 1, 0);
    for &r in resource_of {
        start[r as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut grouped = vec![0u32; resource_of.len()];
    for (a, &r) in resource_of.iter().enumerate() {
        grouped[fill[r as usize] as usize] = a as u32;
        fill[r as usize] += 1;
    }
    grouped
}
