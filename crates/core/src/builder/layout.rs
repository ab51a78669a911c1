//! Finishing: scoring units, depth-first resource numbers, assessments
//! grouped by resource, and the checks only the whole input allows.

use super::EnvironmentBuilder;
use crate::environment::{Assessments, Environment, Resources, Subscription, Unit, UnitKind};
use crate::error::Error;
use crate::ids::narrow;
use crate::model::Cloud;
use crate::scope::{self, NodeId, NONE, ROOT};
use rustc_hash::FxHashMap;

impl EnvironmentBuilder {
    /// Checks the whole input and builds the environment.
    pub fn finish(mut self) -> Result<Environment, Error> {
        self.apply_pending_metadata()?;
        let mut warnings = std::mem::take(&mut self.warnings);
        let (management_groups, group_index) = self.resolve_groups(&mut warnings)?;
        let mut subscriptions = self.resolve_subscriptions(&management_groups, &group_index)?;
        let listed = subscriptions.len();
        let (res_sub, res_unit, mut units, outside) = self.assign_units(&mut subscriptions)?;
        self.describe_connectors(&mut units);
        let (azure_exempt, reported, connectors) = self.take_azure();

        if self.groups.is_empty() && listed == 0 {
            warnings.push(
                "no management groups or subscriptions were loaded: management-group scopes cover nothing".into(),
            );
        } else {
            for s in &subscriptions[listed..] {
                warnings.push(format!(
                    "subscription {} is not in the containers input: it is under no management group",
                    crate::text::quote(&s.id)
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

        let findings = self.group_findings(&mut warnings)?;
        let n = self.res_id.len();
        let (order, node_ranges) = self.depth_first(n)?;
        let mut resources = Resources {
            id: permute(std::mem::take(&mut self.res_id), &order),
            node: permute(std::mem::take(&mut self.res_node), &order),
            cloud: permute(std::mem::take(&mut self.res_cloud), &order),
            unit: permute(res_unit, &order),
            subscription: permute(res_sub, &order),
            start: Vec::new(),
        };
        let mut rank = vec![0u32; n];
        for (new, &old) in order.iter().enumerate() {
            // `order` is a permutation of the resource numbers, which were
            // narrowed when each resource was added.
            rank[old as usize] = narrow(new, "resources")?;
        }
        for r in &mut self.a_resource {
            *r = rank[*r as usize];
        }
        let by_resource = group_by(&self.a_resource, n, &mut resources.start)?;
        self.check_duplicates(&resources, &by_resource)?;

        let management_group_by_node = management_groups
            .iter()
            .enumerate()
            .map(|(i, g)| Ok((g.node, narrow(i, "management groups")?)))
            .collect::<Result<_, Error>>()?;
        Ok(Environment {
            tree: self.tree,
            management_groups,
            subscriptions,
            units,
            recommendations: self.recommendations,
            key_index: self.key_index,
            categories: self.categories,
            category_index: self.category_index,
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
            azure_exempt,
            reported,
            connectors,
            findings,
        })
    }

    /// Each resource's subscription and scoring unit (subscription, or
    /// security connector for AWS and GCP), subscriptions seen only in ids
    /// added after the listed ones. Also counts resources outside any
    /// subscription.
    #[allow(clippy::type_complexity)]
    fn assign_units(
        &mut self,
        subscriptions: &mut Vec<Subscription>,
    ) -> Result<(Vec<u32>, Vec<u32>, Vec<Unit>, usize), Error> {
        let mut sub_by_node: FxHashMap<NodeId, u32> = subscriptions
            .iter()
            .enumerate()
            .map(|(i, s)| Ok((s.node, narrow(i, "subscriptions")?)))
            .collect::<Result<_, Error>>()?;
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
            let s = match sub_by_node.get(&sub_node) {
                Some(&s) => s,
                None => {
                    let s = narrow(subscriptions.len(), "subscriptions")?;
                    subscriptions.push(Subscription {
                        id: sub_path.rsplit('/').next().unwrap_or_default().to_string(),
                        display_name: None,
                        management_groups: Vec::new(),
                        listed: false,
                        node: sub_node,
                    });
                    sub_by_node.insert(sub_node, s);
                    s
                }
            };
            res_sub[r] = s;
            let cloud = self.res_cloud[r];
            let (unit_path, kind) = match connector_prefix(id) {
                Some(p) if cloud != Cloud::Azure => (p, UnitKind::SecurityConnector),
                _ => (sub_path, UnitKind::Subscription),
            };
            let unit_node = self.tree.find(unit_path).expect("prefix of an inserted id");
            res_unit[r] = match unit_by_node.get(&unit_node) {
                Some(&u) => u,
                None => {
                    let u = narrow(units.len(), "scoring units")?;
                    let display_name = match kind {
                        UnitKind::Subscription => subscriptions[s as usize].display_name.clone(),
                        UnitKind::SecurityConnector => {
                            unit_path.rsplit('/').next().map(str::to_string)
                        }
                    };
                    units.push(Unit {
                        id: unit_path.to_string(),
                        kind,
                        cloud,
                        display_name,
                        detail: None,
                    });
                    unit_by_node.insert(unit_node, u);
                    u
                }
            };
        }
        Ok((res_sub, res_unit, units, outside))
    }

    /// Resource order and each node's resource range, in one depth-first walk.
    fn depth_first(&self, n: usize) -> Result<Layout, Error> {
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
            children[fill[p as usize] as usize] = narrow(node, "distinct scopes")?;
            fill[p as usize] += 1;
        }
        let mut resource_at = vec![NONE; nodes];
        for (r, &node) in self.res_node.iter().enumerate() {
            resource_at[node as usize] = narrow(r, "resources")?;
        }
        let mut order: Vec<u32> = Vec::with_capacity(n);
        let mut ranges = vec![(0u32, 0u32); nodes];
        let mut stack: Vec<(NodeId, bool)> = vec![(ROOT, false)];
        while let Some((node, leaving)) = stack.pop() {
            let i = node as usize;
            let here = narrow(order.len(), "resources")?;
            if leaving {
                ranges[i].1 = here;
                continue;
            }
            ranges[i].0 = here;
            if resource_at[i] != NONE {
                order.push(resource_at[i]);
            }
            stack.push((node, true));
            let kids = &children[child_start[i] as usize..child_start[i + 1] as usize];
            stack.extend(kids.iter().rev().map(|&c| (c, false)));
        }
        Ok((order, ranges))
    }

    fn check_duplicates(&self, resources: &Resources, by_resource: &[u32]) -> Result<(), Error> {
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
                    return Err(Error::input(
                        self.file_name(second.file),
                        Some(u64::from(second.row)),
                        format!(
                            "assessment {} of resource {} is already given by {} row {}",
                            crate::text::quote(&self.recommendations[pair[0].0 as usize].key),
                            crate::text::quote(&resources.id[r]),
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

/// Resource order, and each tree node's range of resource numbers.
type Layout = (Vec<u32>, Vec<(u32, u32)>);

/// The `.../securityConnectors/<name>` prefix of an AWS or GCP resource id.
pub(crate) fn connector_prefix(id: &str) -> Option<&str> {
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
fn group_by(resource_of: &[u32], n: usize, start: &mut Vec<u32>) -> Result<Vec<u32>, Error> {
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
        grouped[fill[r as usize] as usize] = narrow(a, "assessments")?;
        fill[r as usize] += 1;
    }
    Ok(grouped)
}
