//! One recommendation: its resources in Unhealthy, Healthy and Not
//! applicable tabs (every one reachable, a window at a time), exempted ones
//! marked with the deciding exemption, "Why?" for any of them, and Exempt to
//! open the wizard filled in.

use crate::client::use_query;
use crate::components::labels::{category, status as status_label, thousands};
use crate::components::link::RouteLink;
use crate::components::table::{use_row_window, VirtualTable};
use crate::context::use_ctx;
use crate::protocol::ask;
use crate::route::Route;
use crate::wizard::hand_over::use_hand_over;
use crate::wizard::model::{Draft, TargetMode};
use exempt_core::{AssessmentIx, Cloud, Status};
use std::collections::BTreeMap;
use yew::prelude::*;

/// Each column's share of the table's width, in percent.
const WIDTHS: &[u8] = &[6, 44, 10, 30, 10];
const TABS: [Status; 3] = [Status::Unhealthy, Status::Healthy, Status::NotApplicable];

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The assessment key.
    pub id: AttrValue,
}

fn tab_id(s: Status) -> String {
    format!("tab-{}", s.as_str())
}

use crate::nav::focus_by_id as focus;

#[function_component(RecommendationPage)]
pub fn recommendation_page(props: &Props) -> Html {
    let ctx = use_ctx();
    let revision = ctx.revision();
    let tab = use_state(|| Status::Unhealthy);
    let (window, on_window) = use_row_window();
    let selected = use_state(BTreeMap::<String, Cloud>::new);
    let why = use_state(|| None::<(AssessmentIx, String)>);
    let (hand, replace_dialog) = use_hand_over();
    let detail = use_query(Some(ask::recommendation(props.id.to_string())), revision);
    let k = detail.data.as_ref().map(|d| d.row.recommendation);
    let resources = use_query(
        k.map(|recommendation| {
            ask::resources(recommendation, *tab, window.0 as u32, window.1 as u32)
        }),
        revision,
    );
    let explained = use_query((*why).as_ref().map(|(a, _)| ask::explain(*a)), revision);
    if let Some(e) = &detail.error {
        return html! {
            <div class="page">
                <h1>{ "Recommendation not found" }</h1>
                <p>{ e.message.clone() }</p>
                <RouteLink to={Route::Recommendations}>{ "Back to Recommendations" }</RouteLink>
            </div>
        };
    }
    let Some(d) = detail.data.clone() else {
        return html! { <div class="page"><p role="status" class="muted">{ "Loading…" }</p></div> };
    };
    let r = &d.row;
    let in_tab = |s: Status| match s {
        Status::Unhealthy => r.counts.unhealthy,
        Status::Healthy => r.counts.healthy,
        Status::NotApplicable => r.counts.not_applicable,
    };
    let tab_button = |s: Status| {
        let onclick = {
            let (tab, window, why) = (tab.clone(), window.clone(), why.clone());
            Callback::from(move |_: MouseEvent| {
                tab.set(s);
                window.set((0, window.1));
                why.set(None);
            })
        };
        let onkeydown = {
            let (tab, window) = (tab.clone(), window.clone());
            Callback::from(move |e: KeyboardEvent| {
                let i = TABS.iter().position(|x| *x == s).unwrap_or(0);
                let next = match e.key().as_str() {
                    "ArrowRight" => TABS[(i + 1) % 3],
                    "ArrowLeft" => TABS[(i + 2) % 3],
                    "Home" => TABS[0],
                    "End" => TABS[2],
                    _ => return,
                };
                e.prevent_default();
                tab.set(next);
                window.set((0, window.1));
                focus(&tab_id(next));
            })
        };
        let active = *tab == s;
        html! {
            <button role="tab" id={tab_id(s)} aria-selected={active.to_string()} aria-controls="resources-panel"
                tabindex={if active { "0" } else { "-1" }} class={classes!("tab", active.then_some("selected"))} {onclick} {onkeydown}>
                { format!("{} ({})", status_label(s), thousands(u64::from(in_tab(s)))) }
            </button>
        }
    };
    let exempt = {
        let selected = selected.clone();
        let key = r.key.clone();
        let hand = hand.clone();
        let default_cloud = d.clouds.first().copied().unwrap_or(Cloud::Azure);
        Callback::from(move |_: MouseEvent| {
            let cloud = selected.values().next().copied().unwrap_or(default_cloud);
            hand.emit(Draft {
                cloud,
                scopes: selected
                    .iter()
                    .filter(|(_, c)| **c == cloud)
                    .map(|(id, _)| id.clone())
                    .collect(),
                mode: TargetMode::Selected,
                keys: vec![key.clone()],
                ..Draft::default()
            });
        })
    };
    let (rows, offset, matching) = match &resources.data {
        Some(p) => {
            let rows = p.rows.iter().map(|row| {
                let checked = selected.contains_key(&row.resource_id);
                let toggle = {
                    let selected = selected.clone();
                    let (id, cloud) = (row.resource_id.clone(), row.cloud);
                    Callback::from(move |_: Event| {
                        let mut next = (*selected).clone();
                        if next.remove(&id).is_none() {
                            next.insert(id.clone(), cloud);
                        }
                        selected.set(next);
                    })
                };
                let reason = match &row.exemption {
                    Some(x) => html! {
                        <>
                            <span class="badge">{ "Exempted" }</span>{ " " }
                            <RouteLink to={Route::Exemption { id: x.id.clone().unwrap_or_default() }}>{ x.name.clone() }</RouteLink>
                            { format!(" ({})", category(x.category)) }
                        </>
                    },
                    None => html! { <span class="muted">{ "—" }</span> },
                };
                let open = why.as_ref().is_some_and(|(a, _)| *a == row.assessment);
                let on_why = {
                    let why = why.clone();
                    let chosen = (row.assessment, row.label.clone());
                    Callback::from(move |_: MouseEvent| why.set(if open { None } else { Some(chosen.clone()) }))
                };
                html! {
                    <tr role="row">
                        <td role="cell"><input type="checkbox" checked={checked} onchange={toggle} aria-label={format!("Select {}", row.label)} /></td>
                        <th scope="row" role="rowheader" class="truncate" title={row.resource_id.clone()} tabindex="0">{ row.label.clone() }</th>
                        <td role="cell">{ row.cloud.as_str() }</td>
                        <td role="cell" class="truncate">{ reason }</td>
                        <td role="cell"><button class="link-button" aria-expanded={open.to_string()} aria-controls="why-panel" aria-label={format!("Why is this exempt? {}", row.label)} onclick={on_why}>{ "Why?" }</button></td>
                    </tr>
                }
            });
            (rows.collect(), p.offset, p.matching)
        }
        None => (Vec::new(), 0, 0),
    };
    let explanation = (*why).clone().map(|(_, label)| match explained.data.as_ref().filter(|_| !explained.loading) {
        Some(x) => html! {
            <section id="why-panel" aria-label={format!("Why: {label}")} class="why">
                <h2>{ "Why is this exempt?" }</h2>
                <p class="wrap"><strong>{ format!("Status: {} (scanned: {}). ", status_label(x.status), status_label(x.raw_status)) }</strong>{ x.reason.clone() }</p>
                if x.candidates.is_empty() { <p class="muted">{ "There are no exemptions." }</p> } else {
                    <ul class="plain">{ for x.candidates.iter().map(|c| {
                        let verdict = if c.applies {
                            format!("applies — {} covers it ({})", c.scope_label.clone().unwrap_or_default(), c.how)
                        } else {
                            format!("does not apply — {}", c.how)
                        };
                        html! {
                            <li class={classes!("wrap", c.decides.then_some("decider"))}>
                                <strong>{ c.name.clone() }</strong>{ format!(" ({}): {verdict}", category(c.category)) }
                                if c.decides { { " " }<span class="badge">{ "Decides" }</span> }
                            </li>
                        }
                    }) }</ul>
                }
            </section>
        },
        None => html! { <p id="why-panel" role="status" class="muted">{ "Explaining…" }</p> },
    });
    let header = html! {
        <tr role="row">
            <th scope="col" role="columnheader"><span class="sr-only">{ "Select" }</span></th><th scope="col" role="columnheader">{ "Resource" }</th>
            <th scope="col" role="columnheader">{ "Cloud" }</th><th scope="col" role="columnheader">{ "Reason" }</th><th scope="col" role="columnheader"><span class="sr-only">{ "Explanation" }</span></th>
        </tr>
    };
    html! {
        <div class="page">
            <nav class="breadcrumb" aria-label="Breadcrumb"><RouteLink to={Route::Recommendations}>{ "Recommendations" }</RouteLink></nav>
            <div class="page-header">
                <h1 class="wrap">{ r.title.clone() }</h1>
                <button class="primary" onclick={exempt}>{ if selected.is_empty() { "Exempt".to_string() } else { format!("Exempt ({} selected)", selected.len()) } }</button>
            </div>
            <p class="muted wrap">
                { format!("Severity: {} · Security control: {} · Category: {}",
                    r.severity.as_deref().unwrap_or("—"),
                    if r.controls.is_empty() { "none (does not count toward the secure score)".to_string() } else { r.controls.join(", ") },
                    r.categories.iter().map(|c| exempt_core::model::category_label(c)).collect::<Vec<_>>().join(", ")) }
            </p>
            if r.preview {
                <p class="banner info" role="note">{ "This is a preview recommendation: it does not count toward the secure score." }</p>
            }
            if r.exempt_in_azure > 0 {
                <p class="banner info" role="note" data-testid="recommendation-exempt-in-azure">
                    { format!("{} assessments of this recommendation are already exempt in Azure: they show as not applicable, since the export does not carry their real status, unless an exemption here decides them.", r.exempt_in_azure) }
                </p>
            }
            <div role="tablist" aria-label="Affected resources" class="tabs">
                { for TABS.iter().map(|&s| tab_button(s)) }
            </div>
            <section role="tabpanel" id="resources-panel" aria-labelledby={tab_id(*tab)}>
                <VirtualTable label="Resources" {header} widths={WIDTHS} total={matching} {offset} {rows} {on_window} reset={*tab as u64}
                    empty={resources.data.is_some().then(|| AttrValue::from(format!("No resource is {} for this recommendation.", status_label(*tab).to_lowercase())))} />
            </section>
            { for explanation }
            if d.findings > 0 {
                <super::recommendation_findings::RecommendationFindings recommendation={r.recommendation} total={d.findings} />
            }
            { replace_dialog }
        </div>
    }
}
