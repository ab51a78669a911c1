//! The scope picker: management groups, subscriptions, connectors and
//! resources of the chosen cloud, as a searchable tree of checkboxes.
//! Large subscriptions show their resources a page at a time.

use super::basics::{field_error, invalid};
use super::model::Field;
use super::reducer::WizardAction;
use super::StepProps;
use crate::context::use_ctx;
use crate::data::{resource_label, World};
use exempt_core::environment::UnitKind;
use exempt_core::scope::management_group_scope;
use exempt_core::Cloud;
use std::collections::HashSet;
use web_sys::HtmlInputElement;
use yew::prelude::*;

const PAGE: usize = 50;
const MAX_MATCHES: usize = 100;

/// One selectable scope.
#[derive(Clone, PartialEq)]
struct Node {
    scope: String,
    label: String,
    kind: &'static str,
    children: Vec<usize>,
    /// Resource numbers listed below it, a page at a time.
    resources: Vec<usize>,
}

#[derive(PartialEq)]
struct Model {
    nodes: Vec<Node>,
    roots: Vec<usize>,
}

fn model(world: &World, cloud: Cloud) -> Model {
    let env = &world.env;
    let mut nodes: Vec<Node> = Vec::new();
    let groups = env.management_groups();
    let group_node: Vec<usize> = groups
        .iter()
        .map(|g| {
            nodes.push(Node {
                scope: management_group_scope(&g.name),
                label: g.display_name.clone().unwrap_or_else(|| g.name.clone()),
                kind: "Management group",
                children: Vec::new(),
                resources: Vec::new(),
            });
            nodes.len() - 1
        })
        .collect();
    let mut roots: Vec<usize> = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        match g.parent {
            Some(p) => nodes[group_node[p]].children.push(group_node[i]),
            None => roots.push(group_node[i]),
        }
    }
    for s in env.subscriptions() {
        let scope = format!("/subscriptions/{}", s.id);
        let mut direct = Vec::new();
        let mut connectors: Vec<(String, Vec<usize>)> = Vec::new();
        for range in env.scope_resources(&scope) {
            for r in range {
                if env.resource_cloud(r) != cloud {
                    continue;
                }
                let unit = env.resource_unit(r).map(|u| &env.units()[u]);
                match unit {
                    Some(u) if u.kind == UnitKind::SecurityConnector => {
                        match connectors.iter_mut().find(|(id, _)| *id == u.id) {
                            Some((_, list)) => list.push(r),
                            None => connectors.push((u.id.clone(), vec![r])),
                        }
                    }
                    _ => direct.push(r),
                }
            }
        }
        if cloud != Cloud::Azure && connectors.is_empty() {
            continue;
        }
        let mut children = Vec::new();
        for (id, list) in connectors {
            nodes.push(Node {
                label: id.rsplit('/').next().unwrap_or(&id).to_string(),
                scope: id,
                kind: "Security connector",
                children: Vec::new(),
                resources: list,
            });
            children.push(nodes.len() - 1);
        }
        nodes.push(Node {
            scope,
            label: s.display_name.clone().unwrap_or_else(|| s.id.clone()),
            kind: "Subscription",
            children,
            resources: direct,
        });
        let me = nodes.len() - 1;
        match s.management_groups.first() {
            Some(&g) => nodes[group_node[g]].children.push(me),
            None => roots.push(me),
        }
    }
    // Hide management groups with nothing of this cloud below them.
    fn prune(nodes: &mut Vec<Node>, i: usize) -> bool {
        let kids = nodes[i].children.clone();
        let keep: Vec<usize> = kids.into_iter().filter(|&c| prune(nodes, c)).collect();
        nodes[i].children = keep;
        nodes[i].kind != "Management group" || !nodes[i].children.is_empty()
    }
    let roots = roots
        .into_iter()
        .filter(|&r| prune(&mut nodes, r))
        .collect();
    Model { nodes, roots }
}

#[function_component(ScopeTree)]
pub fn scope_tree(props: &StepProps) -> Html {
    let ctx = use_ctx();
    let cloud = props.wizard.draft.cloud;
    let model = use_memo((ctx.world.clone(), cloud), |(world, cloud)| {
        model(world, *cloud)
    });
    // The top of the hierarchy starts open, so the first choices are in view.
    let expanded = {
        let model = model.clone();
        use_state(move || {
            let mut open = HashSet::new();
            for &r in &model.roots {
                open.insert(model.nodes[r].scope.clone());
                for &c in &model.nodes[r].children {
                    open.insert(model.nodes[c].scope.clone());
                }
            }
            open
        })
    };
    let shown = use_state(std::collections::HashMap::<String, usize>::new);
    let query = use_state(String::new);
    let selected: HashSet<String> = props
        .wizard
        .draft
        .scopes
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    let env = &ctx.world.env;

    let toggle = |scope: String| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: Event| dispatch.emit(WizardAction::ToggleScope(scope.clone())))
    };
    let checkbox = |scope: &str, label: &str, kind: &str, key: &str| {
        let id = format!("scope-{key}");
        html! {
            <span class="scope-choice">
                <input type="checkbox" id={id.clone()} checked={selected.contains(&scope.to_lowercase())} onchange={toggle(scope.to_string())} />
                <label for={id}>{ label.to_string() }<span class="muted small">{ format!(" · {kind}") }</span></label>
            </span>
        }
    };

    let q = query.trim().to_lowercase();
    let body = if !q.is_empty() {
        // Flat list of matches across groups, subscriptions, connectors and resources.
        let mut matches: Vec<Html> = Vec::new();
        let mut total = 0usize;
        for (i, n) in model.nodes.iter().enumerate() {
            if n.label.to_lowercase().contains(&q) || n.scope.to_lowercase().contains(&q) {
                total += 1;
                if matches.len() < MAX_MATCHES {
                    matches.push(html! { <li>{ checkbox(&n.scope, &n.label, n.kind, &format!("m{i}")) }</li> });
                }
            }
            for &r in &n.resources {
                let id = env.resource_id(r);
                if id.to_lowercase().contains(&q) {
                    total += 1;
                    if matches.len() < MAX_MATCHES {
                        matches.push(html! { <li>{ checkbox(id, &resource_label(id), "Resource", &format!("r{r}")) }</li> });
                    }
                }
            }
        }
        html! {
            <>
                <p class="muted small" role="status">{
                    if total > MAX_MATCHES { format!("{total} matches; the first {MAX_MATCHES} are shown. Refine the search to see others.") }
                    else { format!("{total} matches") }
                }</p>
                <ul class="scope-list">{ for matches }</ul>
            </>
        }
    } else {
        fn render(
            i: usize,
            model: &Model,
            expanded: &UseStateHandle<HashSet<String>>,
            shown: &UseStateHandle<std::collections::HashMap<String, usize>>,
            env: &exempt_core::Environment,
            checkbox: &dyn Fn(&str, &str, &str, &str) -> Html,
        ) -> Html {
            let n = &model.nodes[i];
            let open = expanded.contains(&n.scope);
            let has_children = !n.children.is_empty() || !n.resources.is_empty();
            let on_expand = {
                let expanded = expanded.clone();
                let scope = n.scope.clone();
                Callback::from(move |_: MouseEvent| {
                    let mut set = (*expanded).clone();
                    if !set.remove(&scope) {
                        set.insert(scope.clone());
                    }
                    expanded.set(set);
                })
            };
            let limit = shown.get(&n.scope).copied().unwrap_or(PAGE);
            let more = n.resources.len().saturating_sub(limit);
            let on_more = {
                let shown = shown.clone();
                let scope = n.scope.clone();
                Callback::from(move |_: MouseEvent| {
                    let mut map = (*shown).clone();
                    map.insert(scope.clone(), limit + PAGE * 4);
                    shown.set(map);
                })
            };
            html! {
                <li>
                    <div class="scope-row">
                        if has_children {
                            <button class="expander" aria-expanded={open.to_string()} aria-label={format!("{} {}", if open { "Collapse" } else { "Expand" }, n.label)} onclick={on_expand}>
                                { if open { "▾" } else { "▸" } }
                            </button>
                        } else {
                            <span class="expander-space"></span>
                        }
                        { checkbox(&n.scope, &n.label, n.kind, &format!("n{i}")) }
                    </div>
                    if open {
                        <ul>
                            { for n.children.iter().map(|&c| render(c, model, expanded, shown, env, checkbox)) }
                            { for n.resources.iter().take(limit).map(|&r| {
                                let id = env.resource_id(r);
                                html! { <li><div class="scope-row"><span class="expander-space"></span>{ checkbox(id, &resource_label(id), "Resource", &format!("r{r}")) }</div></li> }
                            }) }
                            if more > 0 {
                                <li><button class="link-button" onclick={on_more}>{ format!("Show more ({more} more resources)") }</button></li>
                            }
                        </ul>
                    }
                </li>
            }
        }
        html! {
            <ul class="scope-list tree-root">
                { for model.roots.iter().map(|&r| render(r, &model, &expanded, &shown, env, &checkbox)) }
            </ul>
        }
    };

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
        let label = ctx.world.scope_label(s);
        html! {
            <li class="chip">
                <span title={s.clone()}>{ label.clone() }</span>
                <button class="icon-button small" aria-label={format!("Remove {label}")}
                    onclick={Callback::from(move |_| dispatch.emit(WizardAction::ToggleScope(scope.clone())))}>{ "✕" }</button>
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
