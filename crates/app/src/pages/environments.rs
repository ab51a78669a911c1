//! Environment settings: management groups, subscriptions and connectors as
//! a tree with each one's secure score, and the way to Exemptions.

use crate::client::use_query;
use crate::components::labels::count;
use crate::components::link::RouteLink;
use crate::components::score::percent;
use crate::context::use_ctx;
use crate::protocol::ask;
use crate::route::Route;
use exempt_core::session::{ScopeKind, TreeItem};
use yew::prelude::*;

fn item(t: &TreeItem) -> Html {
    let kind = match (t.kind, t.cloud) {
        (ScopeKind::SecurityConnector, Some(c)) => format!("{c} connector"),
        (k, _) => k.label().to_string(),
    };
    let score = match t.score {
        Some(s) => html! {
            <span class="pill" title={format!("{:.2} of {:.2} points", s.current, s.max)}>{ format!("Secure score {}", percent(s.percentage)) }</span>
        },
        None if t.kind == ScopeKind::ManagementGroup => html! {},
        None => html! { <span class="pill muted">{ "No score" }</span> },
    };
    html! {
        <>
            <span class="kind">{ kind }</span>
            <span class="wrap" title={t.scope.clone()}>{ t.name.clone() }</span>
            { score }
        </>
    }
}

/// Nested lists from a pre-order list with depths, built without recursion.
fn nested(items: &[TreeItem]) -> Html {
    // Each open list holds the items rendered so far at its depth.
    let mut stack: Vec<Vec<Html>> = vec![Vec::new()];
    let mut heads: Vec<Html> = Vec::new();
    let close = |stack: &mut Vec<Vec<Html>>, heads: &mut Vec<Html>| {
        let children = stack.pop().unwrap_or_default();
        let head = heads.pop().unwrap_or_default();
        if let Some(parent) = stack.last_mut() {
            parent.push(html! { <li>{ head }<ul>{ for children }</ul></li> });
        }
    };
    for t in items {
        let depth = t.depth as usize;
        while stack.len() > depth + 1 {
            close(&mut stack, &mut heads);
        }
        // Open this item as a possible parent.
        heads.push(item(t));
        stack.push(Vec::new());
    }
    while stack.len() > 1 {
        close(&mut stack, &mut heads);
    }
    html! { <ul aria-label="Environments" class="env-tree">{ for stack.pop().unwrap_or_default() }</ul> }
}

#[function_component(Environments)]
pub fn environments() -> Html {
    let ctx = use_ctx();
    let tree = use_query(Some(ask::environment_tree()), ctx.revision());
    let exemptions = ctx
        .state
        .summary
        .as_ref()
        .map_or(0, |s| s.status.exemptions);
    html! {
        <div class="page">
            <h1>{ "Environment settings" }</h1>
            <div class="cards">
                <section class="card" aria-labelledby="exemptions-card">
                    <h3 id="exemptions-card">{ "Exemptions" }</h3>
                    <p class="muted">{ format!("{} across your environments", count(exemptions, "exemption", "exemptions")) }</p>
                    <RouteLink to={Route::Exemptions} class="button primary">{ "Exemptions" }</RouteLink>
                </section>
            </div>
            <h2>{ "Environments" }</h2>
            { match &tree.data {
                Some(items) => nested(items),
                None => html! { <p class="muted" role="status">{ "Loading…" }</p> },
            } }
        </div>
    }
}
