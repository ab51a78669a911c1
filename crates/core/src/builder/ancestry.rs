//! Management groups and subscriptions: each group's parent and each
//! subscription's chain of groups, completed from whatever rows gave it.
//!
//! A subscription row may list its whole ancestry or only its immediate
//! parent; group rows give each group's parent. Both are merged, so the chain
//! of every subscription reaches as far up as any input says.

use super::EnvironmentBuilder;
use crate::environment::{ManagementGroup, Subscription};
use crate::error::Error;
use crate::fold::fold;
use crate::ids::{narrow, GroupIx};
use crate::scope::{self, NodeId};
use rustc_hash::FxHashMap;

pub(super) type GroupIndex = FxHashMap<String, usize>;

impl EnvironmentBuilder {
    pub(super) fn resolve_groups(
        &mut self,
        warnings: &mut Vec<String>,
    ) -> Result<(Vec<ManagementGroup>, GroupIndex), Error> {
        let mut groups: Vec<ManagementGroup> = Vec::new();
        let mut index: GroupIndex = FxHashMap::default();
        let mut parents: Vec<Option<String>> = Vec::new();
        let mut rows: Vec<(String, Option<String>, Option<String>)> = self
            .groups
            .iter()
            .map(|g| (g.name.clone(), g.display_name.clone(), g.parent.clone()))
            .collect();
        // A subscription's chain names its ancestors in order: each one's
        // parent is the next, which fills in groups the input did not list.
        for s in &self.subscriptions {
            for (i, (name, display)) in s.chain.iter().enumerate() {
                rows.push((
                    name.clone(),
                    display.clone(),
                    s.chain.get(i + 1).map(|(n, _)| n.clone()),
                ));
            }
        }
        for (name, display, parent) in rows {
            let folded = fold(&name).into_owned();
            if let Some(&g) = index.get(&folded) {
                if parents[g].is_none() {
                    parents[g] = parent;
                }
                if groups[g].display_name.is_none() {
                    groups[g].display_name = display;
                }
                continue;
            }
            narrow(groups.len(), "management groups")?;
            index.insert(folded, groups.len());
            groups.push(ManagementGroup {
                node: self.tree.insert(&scope::management_group_scope(&name))?,
                name,
                display_name: display,
                parent: None,
            });
            parents.push(parent);
        }
        for (g, parent) in parents.iter().enumerate() {
            if let Some(p) = parent {
                match index.get(fold(p).as_ref()) {
                    Some(&pi) if pi != g => groups[g].parent = Some(GroupIx::at(pi)),
                    _ => warnings.push(format!(
                        "management group {} names parent {}, which is not in the input",
                        crate::text::quote(&groups[g].name),
                        crate::text::quote(p)
                    )),
                }
            }
        }
        Ok((groups, index))
    }

    pub(super) fn resolve_subscriptions(
        &mut self,
        groups: &[ManagementGroup],
        index: &GroupIndex,
    ) -> Result<Vec<Subscription>, Error> {
        let mut out: Vec<Subscription> = Vec::new();
        let mut seen: FxHashMap<NodeId, usize> = FxHashMap::default();
        for s in &self.subscriptions {
            let node = self.tree.insert(&format!("/subscriptions/{}", s.id))?;
            if let Some(&i) = seen.get(&node) {
                if out[i].display_name.is_none() {
                    out[i].display_name = s.display_name.clone();
                }
                if out[i].management_groups.is_empty() {
                    out[i].management_groups = chain_of(s.chain.first(), groups, index);
                }
                continue;
            }
            narrow(out.len(), "subscriptions")?;
            seen.insert(node, out.len());
            out.push(Subscription {
                id: s.id.clone(),
                display_name: s.display_name.clone(),
                management_groups: chain_of(s.chain.first(), groups, index),
                listed: true,
                node,
            });
        }
        Ok(out)
    }
}

/// The chain of groups from `parent` up to the root, following parents and
/// stopping at a cycle.
fn chain_of(
    parent: Option<&(String, Option<String>)>,
    groups: &[ManagementGroup],
    index: &GroupIndex,
) -> Vec<GroupIx> {
    let mut chain: Vec<GroupIx> = Vec::new();
    let mut next = parent.and_then(|(n, _)| index.get(fold(n).as_ref()).map(|&g| GroupIx::at(g)));
    while let Some(g) = next {
        if chain.contains(&g) {
            break;
        }
        chain.push(g);
        next = groups[g.index()].parent;
    }
    chain
}
