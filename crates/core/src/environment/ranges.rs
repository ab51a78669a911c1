//! Which resources a scope covers, as runs of resource numbers.
//!
//! Resources are numbered depth-first, so any tree node covers one run. A
//! management group's own node has no resources below it in the tree (groups
//! are attached above their subscriptions by ancestry, not by id), so its
//! subscriptions' runs stand in for it.

use super::Environment;
use crate::ids::{GroupIx, ResourceIx};
use crate::scope::NodeId;
use std::ops::Range;

/// Sorted, disjoint runs of resource numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceRanges(pub(crate) Vec<Range<usize>>);

impl ResourceRanges {
    /// Every one of `n` resources.
    pub(crate) fn all(n: usize) -> ResourceRanges {
        ResourceRanges(std::iter::once(0..n).collect())
    }

    /// Every resource in the runs, in order.
    pub fn iter(&self) -> impl Iterator<Item = ResourceIx> + '_ {
        self.0.iter().flat_map(|r| r.clone().map(ResourceIx::at))
    }

    /// How many resources the runs hold.
    pub fn len(&self) -> usize {
        self.0.iter().map(ExactSizeIterator::len).sum()
    }

    /// Whether the runs hold no resource.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether resource `r` is in the runs.
    pub fn contains(&self, r: ResourceIx) -> bool {
        let i = r.index();
        self.0
            .binary_search_by(|run| {
                if run.end <= i {
                    std::cmp::Ordering::Less
                } else if run.start > i {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }
}

impl Environment {
    /// The resources an exemption scope covers. Empty when the scope names
    /// nothing loaded.
    pub fn scope_resources(&self, scope: &str) -> ResourceRanges {
        match self.scope_node(scope) {
            Some(node) => ResourceRanges(self.node_resources(node)),
            None => ResourceRanges::default(),
        }
    }

    /// The resources any of `scopes` covers.
    pub fn scopes_resources(&self, scopes: &[String]) -> ResourceRanges {
        ResourceRanges(merge_ranges(
            scopes
                .iter()
                .filter_map(|s| self.scope_node(s))
                .flat_map(|n| self.node_resources(n))
                .collect(),
        ))
    }

    pub(crate) fn node_resources(&self, node: NodeId) -> Vec<Range<usize>> {
        let range = |n: NodeId| {
            let (lo, hi) = self.node_ranges[n as usize];
            lo as usize..hi as usize
        };
        match self.management_group_by_node.get(&node) {
            Some(&g) => merge_ranges(
                self.subscriptions
                    .iter()
                    .filter(|s| s.management_groups.contains(&GroupIx(g)))
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

pub(crate) fn merge_ranges(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
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

impl Environment {
    /// The assessment whose row id is `id` (compared without case, as
    /// exports spell ids in any case), found without an index of every id:
    /// an id is its resource's id, `/providers/Microsoft.Security/
    /// assessments/` and the key, so the tree finds the resource and only
    /// its assessments are compared. Ids not of that shape are the few kept
    /// as given. Spaces around either id do not count. Of two assessments
    /// with the same id, the later one.
    pub fn find_assessment(&self, id: &str) -> Option<crate::ids::AssessmentIx> {
        use crate::environment::ASSESSMENT_INFIX;
        use crate::ids::AssessmentIx;
        let wanted = id.trim().to_lowercase();
        let same = |a: u32| self.assessment_id(AssessmentIx(a)).trim().to_lowercase() == wanted;
        let odd = self
            .assessments
            .odd_ids
            .iter()
            .filter(|(_, given)| given.trim().to_lowercase() == wanted)
            .map(|(&a, _)| a);
        let infix = ASSESSMENT_INFIX.to_lowercase();
        let shaped = wanted.match_indices(&infix).flat_map(|(at, _)| {
            let node = self.tree.find(&wanted[..at]);
            let (lo, hi) = node.map_or((0, 0), |n| self.node_ranges[n as usize]);
            (lo as usize..hi as usize)
                .filter(move |&r| Some(self.resources.node[r]) == node)
                .flat_map(|r| self.assessments_of(r).iter().copied())
                .filter(|&a| same(a))
        });
        odd.chain(shaped).max().map(AssessmentIx)
    }
}
