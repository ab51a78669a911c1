//! "Review findings": redundant, conflicting, unused and stale exemptions,
//! in words, each with a link; shown as soon as the worker's review is done.

use crate::client::use_query;
use crate::components::link::RouteLink;
use crate::context::use_ctx;
use crate::protocol::ask;
use crate::route::Route;
use yew::prelude::*;

/// How many findings the panel lists.
const SHOWN: u32 = 200;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub ready: bool,
}

#[function_component(FindingsPanel)]
pub fn findings_panel(props: &FindingsProps) -> Html {
    let ctx = use_ctx();
    // The list is only rendered while the panel is open.
    let (open, ontoggle) = crate::components::disclosure::use_disclosure();
    let findings = use_query(
        props.ready.then_some(ask::findings(SHOWN)),
        ctx.review_revision(),
    );
    if !props.ready {
        return html! {
            <p class="muted small" role="status"><span class="spinner small" aria-hidden="true"></span>{ "Checking exemptions for overlaps and stale ones…" }</p>
        };
    }
    let Some(f) = findings.data.clone() else {
        return html! {};
    };
    if f.total == 0 {
        return html! { <p class="muted small" role="status">{ "No findings: no exemption is redundant, conflicting, unused or stale." }</p> };
    }
    html! {
        <details class="findings" {ontoggle}>
            <summary>{ format!("Review findings ({})", f.total) }</summary>
            if open {
                <ul class="plain">{ for f.items.iter().map(|i| html! {
                    <li class="wrap">{ i.message.clone() }{ " " }<RouteLink to={Route::Exemption { id: i.id.clone().unwrap_or_default() }}>{ "Open" }</RouteLink></li>
                }) }</ul>
            }
            if f.total > f.items.len() {
                <p class="muted small">{ format!("The first {} are shown; filter the list “With findings” to see every exemption concerned.", f.items.len()) }</p>
            }
        </details>
    }
}
