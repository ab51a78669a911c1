//! The tree of scopes: every resource id, interned one path segment at a time.
//!
//! A scope covers a resource when the resource's id equals it or continues it
//! at a `/` boundary, compared without case. Storing ids as a trie of folded
//! segments turns that rule into "is an ancestor of", makes a trailing `/`
//! irrelevant, and shares the long common prefixes of Azure ids, so a million
//! assessments do not each carry their own copy of a subscription path.
//!
//! Nodes are numbered in creation order, so a parent's number is always
//! smaller than its children's: one forward pass over the nodes visits
//! parents first.

use crate::error::Error;
use crate::fold::fold;
use crate::ids::narrow;
use rustc_hash::FxHashMap;

/// A node of the tree: one distinct scope path.
pub type NodeId = u32;

/// The root: the empty path `/`.
pub const ROOT: NodeId = 0;

/// Marks "none" in the dense `u32` arrays used throughout the engine.
pub(crate) const NONE: u32 = u32::MAX;

/// Interned, case-folded path segments arranged as a tree.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct ScopeTree {
    segment_ids: FxHashMap<Box<str>, u32>,
    children: FxHashMap<u64, NodeId>,
    parent: Vec<NodeId>,
    depth: Vec<u32>,
}

impl ScopeTree {
    /// A tree holding only the root.
    pub fn new() -> Self {
        ScopeTree {
            parent: vec![NONE],
            depth: vec![0],
            ..Default::default()
        }
    }

    /// How many nodes the tree has, the root included.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    /// Never true: the root is always there.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The node's parent, or `None` for the root.
    pub fn parent(&self, node: NodeId) -> Option<NodeId> {
        let p = self.parent[node as usize];
        (p != NONE).then_some(p)
    }

    /// The node for `path`, created with its ancestors if new. Fails only
    /// when the tree would outgrow 32-bit node numbers.
    pub fn insert(&mut self, path: &str) -> Result<NodeId, Error> {
        let mut node = ROOT;
        for segment in segments(path) {
            let seg = self.intern(segment)?;
            let key = edge(node, seg);
            node = match self.children.get(&key) {
                Some(&child) => child,
                None => {
                    let child = narrow(self.parent.len(), "distinct scopes and resource ids")?;
                    self.parent.push(node);
                    // A child is one deeper than its parent, and there are
                    // fewer nodes than u32::MAX, so this cannot overflow.
                    self.depth.push(self.depth[node as usize] + 1);
                    self.children.insert(key, child);
                    child
                }
            };
        }
        Ok(node)
    }

    /// The node for `path`, if some inserted id equals or continues it.
    pub fn find(&self, path: &str) -> Option<NodeId> {
        let mut node = ROOT;
        for segment in segments(path) {
            let seg = *self.segment_ids.get(fold(segment).as_ref())?;
            node = *self.children.get(&edge(node, seg))?;
        }
        Some(node)
    }

    /// True when `ancestor` is `node` or one of its ancestors.
    pub fn covers(&self, ancestor: NodeId, node: NodeId) -> bool {
        let mut n = node;
        let target_depth = self.depth[ancestor as usize];
        while self.depth[n as usize] > target_depth {
            n = self.parent[n as usize];
        }
        n == ancestor
    }

    /// Parent numbers of all nodes, indexed by node.
    pub(crate) fn parents(&self) -> &[NodeId] {
        &self.parent
    }

    fn intern(&mut self, segment: &str) -> Result<u32, Error> {
        let folded = fold(segment);
        if let Some(&id) = self.segment_ids.get(folded.as_ref()) {
            return Ok(id);
        }
        let id = narrow(self.segment_ids.len(), "distinct id segments")?;
        self.segment_ids
            .insert(folded.into_owned().into_boxed_str(), id);
        Ok(id)
    }
}

fn edge(parent: NodeId, segment: u32) -> u64 {
    (u64::from(parent) << 32) | u64::from(segment)
}

/// The non-empty segments of an id: a leading or trailing `/` changes nothing.
pub fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// What kind of scope an exemption names, judged from its id alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeKind {
    /// `/providers/Microsoft.Management/managementGroups/<name>`.
    ManagementGroup(String),
    /// `/subscriptions/<id>` or anything below it.
    Subscription,
}

/// Reads an exemption scope: a management group, or an id at or below a
/// subscription. Anything else cannot name Defender resources.
pub fn classify(scope: &str) -> Option<ScopeKind> {
    let parts: Vec<&str> = segments(scope).collect();
    match parts.as_slice() {
        [p, m, g, name]
            if p.eq_ignore_ascii_case("providers")
                && m.eq_ignore_ascii_case("microsoft.management")
                && g.eq_ignore_ascii_case("managementgroups") =>
        {
            Some(ScopeKind::ManagementGroup((*name).to_string()))
        }
        [s, _, ..] if s.eq_ignore_ascii_case("subscriptions") => Some(ScopeKind::Subscription),
        _ => None,
    }
}

/// The id of a management group's scope.
pub fn management_group_scope(name: &str) -> String {
    format!("/providers/Microsoft.Management/managementGroups/{name}")
}

/// The prefix of `id` that ends at its `index`-th segment (counting from 1),
/// keeping the id's own spelling.
pub(crate) fn prefix(id: &str, count: usize) -> Option<&str> {
    let mut seen = 0;
    let mut in_segment = false;
    for (i, b) in id.bytes().enumerate() {
        if b == b'/' {
            if in_segment {
                seen += 1;
                if seen == count {
                    return Some(&id[..i]);
                }
            }
            in_segment = false;
        } else {
            in_segment = true;
        }
    }
    (in_segment && seen + 1 == count).then_some(id.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_is_case_insensitive_and_ignores_trailing_slash() {
        let mut t = ScopeTree::new();
        let vm = t
            .insert(
                "/subscriptions/S1/resourceGroups/App/providers/Microsoft.Compute/virtualMachines/vm1",
            )
            .unwrap();
        let rg = t.find("/SUBSCRIPTIONS/s1/resourcegroups/app/").unwrap();
        assert!(t.covers(rg, vm));
        assert_eq!(t.find("/subscriptions/s1/resourceGroups/app2"), None);
        assert!(!t.covers(vm, rg));
    }

    #[test]
    fn boundary_is_exact() {
        let mut t = ScopeTree::new();
        let a = t.insert("/subscriptions/s/resourceGroups/app").unwrap();
        let b = t.insert("/subscriptions/s/resourceGroups/app2/x").unwrap();
        assert!(!t.covers(a, b));
        assert!(t.covers(ROOT, b));
    }

    #[test]
    fn prefix_keeps_spelling() {
        let id = "/subscriptions/ABC/resourceGroups/rg/providers/Microsoft.Security/securityConnectors/aws1/x";
        assert_eq!(prefix(id, 2), Some("/subscriptions/ABC"));
        assert_eq!(prefix(id, 8), Some("/subscriptions/ABC/resourceGroups/rg/providers/Microsoft.Security/securityConnectors/aws1"));
        assert_eq!(prefix("/subscriptions/ABC/", 2), Some("/subscriptions/ABC"));
        assert_eq!(prefix("/subscriptions/ABC", 3), None);
    }

    #[test]
    fn classify_scopes() {
        assert_eq!(
            classify("/providers/microsoft.management/managementGroups/corp/"),
            Some(ScopeKind::ManagementGroup("corp".into()))
        );
        assert_eq!(classify("/subscriptions/x"), Some(ScopeKind::Subscription));
        assert_eq!(classify("/subscriptions"), None);
        assert_eq!(classify("/resourceGroups/x"), None);
    }
}
