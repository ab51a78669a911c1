//! The scope picker: management groups, subscriptions, connectors and
//! resources of the chosen cloud, as a searchable tree of checkboxes. The
//! worker sends the tree without resources, each node's resources a page at
//! a time when opened, and search results across all of them.

use super::form::{field_error, invalid};
use super::model::Field;
use super::reducer::WizardAction;
use super::StepProps;
use crate::client::use_query;
use crate::components::icon::{icon, Icon};
use crate::context::use_ctx;
use crate::protocol::ask;
use exempt_core::session::{ScopeItem, ScopeKind};
use std::collections::{HashMap, HashSet};
use web_sys::HtmlInputElement;
use yew::prelude::*;

const PAGE: u32 = 50;
const MAX_MATCHES: u32 = 100;

#[derive(Properties, PartialEq)]
struct ResourcesProps {
    cloud: exempt_core::Cloud,
    scope: String,
    depth: u32,
    total: u32,
    selected: HashSet<String>,
    dispatch: Callback<WizardAction>,
}

/// A node's resources, a page more at a time.
#[function_component(NodeResources)]
fn node_resources(props: &ResourcesProps) -> Html {
    let ctx = use_ctx();
    let limit = use_state(|| PAGE);
    let page = use_query(
        Some(ask::scope_resources(
            props.cloud,
            props.scope.clone(),
            0,
            *limit,
        )),
        ctx.revision(),
    );
    let Some(p) = page.data.clone() else {
        return html! { <li class="muted small" role="status">{ "Loading resources…" }</li> };
    };
    let more = p.matching.saturating_sub(p.rows.len());
    let on_more = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit + PAGE * 4))
    };
    html! {
        <>
            { for p.rows.iter().enumerate().map(|(i, r)| html! {
                <li><div class={classes!("scope-row", format!("depth-{}", props.depth.min(8)))}><span class="expander-space"></span>
                    { checkbox(r, &props.selected, &props.dispatch, &format!("r{i}-{}", dom_id(&r.scope))) }
                </div></li>
            }) }
            if more > 0 {
                <li><button class="link-button" onclick={on_more}>{ format!("Show more ({more} more resources)") }</button></li>
            }
        </>
    }
}

/// A scope id as the tail of an element id.
fn dom_id(scope: &str) -> String {
    scope
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn checkbox(
    item: &ScopeItem,
    selected: &HashSet<String>,
    dispatch: &Callback<WizardAction>,
    key: &str,
) -> Html {
    let id = format!("scope-{key}");
    let scope = item.scope.clone();
    let dispatch = dispatch.clone();
    let onchange =
        Callback::from(move |_: Event| dispatch.emit(WizardAction::ToggleScope(scope.clone())));
    html! {
        <span class="scope-choice">
            <input type="checkbox" id={id.clone()} checked={selected.contains(&item.scope.to_lowercase())} {onchange} />
            <label for={id} class="wrap" title={item.scope.clone()}>{ item.label.clone() }<span class="muted small">{ format!(" · {}", item.kind.label()) }</span></label>
        </span>
    }
}

#[function_component(ScopeTree)]
pub fn scope_tree(props: &StepProps) -> Html {
    let ctx = use_ctx();
    let revision = ctx.revision();
    let cloud = props.wizard.draft.cloud;
    let query = use_state(String::new);
    let tree = use_query(Some(ask::scope_tree(cloud)), revision);
    let text = query.trim().to_string();
    let search = use_query(
        (!text.is_empty()).then(|| ask::scope_search(cloud, text.clone(), MAX_MATCHES)),
        revision,
    );
    // The top two levels start open, so the first choices are in view.
    let expanded = use_state(|| None::<HashSet<String>>);
    let labels = use_state(HashMap::<String, String>::new);
    let selected: HashSet<String> = props
        .wizard
        .draft
        .scopes
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    let open: HashSet<String> = match (&*expanded, &tree.data) {
        (Some(set), _) => set.clone(),
        (None, Some(items)) => items
            .iter()
            .filter(|i| i.depth <= 1)
            .map(|i| i.scope.clone())
            .collect(),
        (None, None) => HashSet::new(),
    };
    let body = if !text.is_empty() {
        match &search.data {
            Some(p) => html! {
                <>
                    <p class="muted small" role="status">{
                        if p.matching > p.rows.len() { format!("{} matches; the first {} are shown. Refine the search to see others.", p.matching, p.rows.len()) }
                        else { format!("{} matches", p.matching) }
                    }</p>
                    <ul class="scope-list">{ for p.rows.iter().enumerate().map(|(i, r)| html! {
                        <li>{ checkbox(r, &selected, &props.dispatch, &format!("m{i}-{}", dom_id(&r.scope))) }</li>
                    }) }</ul>
                </>
            },
            None => html! { <p class="muted small" role="status">{ "Searching…" }</p> },
        }
    } else {
        match &tree.data {
            None => html! { <p class="muted small" role="status">{ "Loading…" }</p> },
            Some(items) => {
                // Pre-order with depths: an item is shown when every
                // ancestor is open.
                let mut visible_depth = u32::MAX;
                let mut rows = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    if item.depth > visible_depth {
                        continue;
                    }
                    visible_depth = u32::MAX;
                    let is_open = open.contains(&item.scope);
                    if !is_open {
                        visible_depth = item.depth;
                    }
                    let has_children = item.children > 0 || item.resources > 0;
                    let toggle = {
                        let expanded = expanded.clone();
                        let open = open.clone();
                        let scope = item.scope.clone();
                        Callback::from(move |_: MouseEvent| {
                            let mut set = open.clone();
                            if !set.remove(&scope) {
                                set.insert(scope.clone());
                            }
                            expanded.set(Some(set));
                        })
                    };
                    rows.push(html! {
                        <li key={item.scope.clone()}>
                            <div class={classes!("scope-row", format!("depth-{}", item.depth.min(8)))}>
                                if has_children {
                                    <button class="expander" aria-expanded={is_open.to_string()} aria-label={format!("{} {}", if is_open { "Collapse" } else { "Expand" }, item.label)} onclick={toggle}>
                                        { icon(if is_open { Icon::Collapse } else { Icon::Expand }) }
                                    </button>
                                } else {
                                    <span class="expander-space"></span>
                                }
                                { checkbox(item, &selected, &props.dispatch, &format!("n{i}-{}", dom_id(&item.scope))) }
                            </div>
                        </li>
                    });
                    if is_open && item.resources > 0 && item.kind != ScopeKind::ManagementGroup {
                        rows.push(html! {
                            <NodeResources key={format!("{}#resources", item.scope)} cloud={cloud} scope={item.scope.clone()} depth={item.depth + 1}
                                total={item.resources} selected={selected.clone()} dispatch={props.dispatch.clone()} />
                        });
                    }
                }
                html! { <ul class="scope-list tree-root">{ for rows }</ul> }
            }
        }
    };
    // Names for the chips of chosen scopes, from whatever the tree and the
    // search have shown.
    {
        let labels = labels.clone();
        let found: Vec<(String, String)> = tree
            .data
            .iter()
            .flat_map(|t| t.iter())
            .chain(search.data.iter().flat_map(|p| p.rows.iter()))
            .map(|i| (i.scope.to_lowercase(), i.label.clone()))
            .collect();
        // Keyed on the names themselves: a search that finds as many scopes
        // as the one before must still name its own (keyed on the count, a
        // scope picked from such a search showed as its bare id).
        use_effect_with(found, move |found| {
            let mut map = (*labels).clone();
            let mut changed = false;
            for (k, v) in found {
                if map.get(k) != Some(v) {
                    map.insert(k.clone(), v.clone());
                    changed = true;
                }
            }
            if changed {
                labels.set(map);
            }
        });
    }
    let on_search = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let (inv, described) = invalid(&props.wizard.errors, Field::Scopes);
    let chips = props.wizard.draft.scopes.iter().map(|s| {
        let dispatch = props.dispatch.clone();
        let scope = s.clone();
        let label = labels.get(&s.to_lowercase()).cloned().unwrap_or_else(|| s.rsplit('/').next().unwrap_or(s).to_string());
        html! {
            <li class="chip">
                <span class="truncate" title={s.clone()} tabindex="0">{ label.clone() }</span>
                <button class="icon-button small" aria-label={format!("Remove {label}")}
                    onclick={Callback::from(move |_| dispatch.emit(WizardAction::ToggleScope(scope.clone())))}>{ icon(Icon::Close) }</button>
            </li>
        }
    });
    html! {
        <fieldset class="field scope-field">
            <legend>{ "Scope" }<span class="required" aria-hidden="true">{ " *" }</span></legend>
            <p class="hint">{ "Select a management group, subscriptions, or resources per subscription. Several may be selected." }</p>
            if !props.wizard.draft.scopes.is_empty() {
                <ul class="chips" aria-label="Selected scopes">{ for chips }</ul>
            }
            <label for="scope-search" class="sr-only">{ "Search scopes" }</label>
            <input id="scope-search" type="search" placeholder="Search management groups, subscriptions and resources"
                value={(*query).clone()} oninput={on_search} aria-invalid={inv} aria-describedby={described} />
            { field_error(&props.wizard.errors, Field::Scopes) }
            <div class="scope-tree" role="group" aria-label="Scopes">{ body }</div>
        </fieldset>
    }
}
