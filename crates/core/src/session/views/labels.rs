//! Readable names for scopes: a management group's or subscription's display
//! name, a connector's name, or a resource's "name · type · resource group".

use crate::environment::{Environment, UnitKind};
use crate::fold::fold;
use crate::scope::management_group_scope;
use rustc_hash::FxHashMap;

pub(crate) struct Labels {
    by_scope: FxHashMap<String, String>,
}

impl Labels {
    pub fn new(env: &Environment) -> Labels {
        let mut by_scope = FxHashMap::default();
        for g in env.management_groups() {
            let name = g.display_name.as_deref().unwrap_or(&g.name);
            by_scope.insert(
                key(&management_group_scope(&g.name)),
                format!("{name} (management group)"),
            );
        }
        for s in env.subscriptions() {
            let name = s.display_name.as_deref().unwrap_or(&s.id);
            by_scope.insert(key(&s.scope()), format!("{name} (subscription)"));
        }
        for u in env.units() {
            if u.kind == UnitKind::SecurityConnector {
                let name = u.display_name.as_deref().unwrap_or(&u.id);
                by_scope.insert(key(&u.id), format!("{name} ({} connector)", u.cloud));
            }
        }
        Labels { by_scope }
    }

    pub fn of(&self, scope: &str) -> String {
        match self.by_scope.get(&key(scope)) {
            Some(name) => name.clone(),
            None => resource_label(scope),
        }
    }
}

fn key(scope: &str) -> String {
    fold(scope.trim_end_matches('/')).into_owned()
}

/// "name · type · resource group" for a resource id.
pub fn resource_label(id: &str) -> String {
    let parts: Vec<&str> = id.split('/').filter(|s| !s.is_empty()).collect();
    let name = parts.last().copied().unwrap_or(id);
    let kind = parts.len().checked_sub(2).map(|i| parts[i]).unwrap_or("");
    let group = parts
        .iter()
        .position(|p| p.eq_ignore_ascii_case("resourcegroups"))
        .and_then(|i| parts.get(i + 1));
    match group {
        Some(g) if !kind.is_empty() => format!("{name} · {kind} · {g}"),
        _ => name.to_string(),
    }
}
