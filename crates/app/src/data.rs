//! The environments the app can show: the embedded demo, or the generated
//! large one.

use exempt_core::document::Dataset;
use exempt_core::scope::management_group_scope;
use exempt_core::stats::recommendation_clouds;
use exempt_core::synth::{Spec, Synth};
use exempt_core::{Cloud, Environment, Posture};
use std::collections::HashMap;

/// A loaded environment and what never changes about it.
pub struct World {
    /// Which one it is.
    pub dataset: Dataset,
    /// The data.
    pub env: Environment,
    /// Per recommendation, the clouds it has assessments in.
    pub clouds: Vec<Vec<Cloud>>,
    /// The posture without any exemption.
    pub raw: Posture,
    /// Readable names of management-group and subscription scopes, by
    /// folded scope id.
    scope_names: HashMap<String, String>,
}

impl World {
    /// Builds the chosen environment.
    pub fn new(dataset: Dataset) -> World {
        let env = match dataset {
            Dataset::Demo => exempt_core::demo::environment().expect("the embedded demo loads"),
            Dataset::Large => Synth::new(Spec::large()).environment(),
        };
        let raw = Posture::compute(&env, env.raw_statuses());
        let mut scope_names = HashMap::new();
        for g in env.management_groups() {
            let name = g.display_name.as_deref().unwrap_or(&g.name);
            scope_names.insert(
                management_group_scope(&g.name).to_lowercase(),
                format!("{name} (management group)"),
            );
        }
        for s in env.subscriptions() {
            let name = s.display_name.as_deref().unwrap_or(&s.id);
            scope_names.insert(
                format!("/subscriptions/{}", s.id).to_lowercase(),
                format!("{name} (subscription)"),
            );
        }
        World {
            dataset,
            clouds: recommendation_clouds(&env),
            env,
            raw,
            scope_names,
        }
    }

    /// A readable name for a scope id: the group's or subscription's name,
    /// else the resource's name, type and resource group.
    pub fn scope_label(&self, scope: &str) -> String {
        let key = scope.trim_end_matches('/').to_lowercase();
        match self.scope_names.get(&key) {
            Some(name) => name.clone(),
            None => resource_label(scope),
        }
    }

    /// Recommendation numbers that have assessments in `cloud`, by title.
    pub fn recommendations_of(&self, cloud: Cloud) -> Vec<usize> {
        let mut list: Vec<usize> = (0..self.env.recommendations().len())
            .filter(|&k| self.clouds[k].contains(&cloud))
            .collect();
        list.sort_by_cached_key(|&k| self.title(k).to_lowercase());
        list
    }

    /// A recommendation's title, or its key.
    pub fn title(&self, k: usize) -> &str {
        let r = &self.env.recommendations()[k];
        r.display_name.as_deref().unwrap_or(&r.key)
    }

    /// Category names used by recommendations of `cloud`.
    pub fn categories_of(&self, cloud: Cloud) -> Vec<String> {
        let mut seen = vec![false; self.env.categories().len()];
        for k in self.recommendations_of(cloud) {
            for &c in &self.env.recommendations()[k].categories {
                seen[c as usize] = true;
            }
        }
        let mut names: Vec<String> = self
            .env
            .categories()
            .iter()
            .enumerate()
            .filter(|(i, _)| seen[*i])
            .map(|(_, n)| n.clone())
            .collect();
        names.sort();
        names
    }
}

impl PartialEq for World {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
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
