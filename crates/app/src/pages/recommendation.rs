//! One recommendation: its resources in Unhealthy, Healthy and Not applicable
//! tabs, exempted ones marked with the deciding exemption, "Why?" for any of
//! them, and Exempt to open the wizard filled in.

use crate::components::dialog::ConfirmDialog;
use crate::components::link::RouteLink;
use crate::context::use_ctx;
use crate::data::resource_label;
use crate::pages::overview::category_label;
use crate::route::Route;
use crate::storage;
use crate::wizard::model::{Draft, TargetMode};
use crate::wizard::reducer::WizardState;
use exempt_core::explain::explain;
use exempt_core::Status;
use std::collections::BTreeSet;
use yew::prelude::*;
use yew_router::prelude::*;

const PAGE: usize = 200;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The assessment key.
    pub id: AttrValue,
}

#[function_component(RecommendationPage)]
pub fn recommendation_page(props: &Props) -> Html {
    let ctx = use_ctx();
    let navigator = use_navigator().expect("inside the router");
    let tab = use_state(|| Status::Unhealthy);
    let selected = use_state(BTreeSet::<usize>::new);
    let why = use_state(|| None::<usize>);
    let limit = use_state(|| PAGE);
    let replacing = use_state(|| None::<String>);
    let env = &ctx.world.env;
    let found = env.recommendation_index(&props.id);
    // Hooks run on every render, before any early return.
    let assessments = use_memo((ctx.world.clone(), found), |(world, k)| match k {
        Some(k) => (0..world.env.assessment_count())
            .filter(|&a| world.env.assessment_recommendation(a) == *k)
            .collect::<Vec<usize>>(),
        None => Vec::new(),
    });
    let Some(k) = found else {
        return html! {
            <div class="page">
                <h1>{ "Recommendation not found" }</h1>
                <RouteLink to={Route::Recommendations}>{ "Back to Recommendations" }</RouteLink>
            </div>
        };
    };
    let rec = &env.recommendations()[k];
    let evaluation = &ctx.analysis.evaluation;
    let in_tab = |s: Status| {
        assessments
            .iter()
            .filter(|&&a| evaluation.status(a) == s)
            .count()
    };

    let tab_button = |s: Status, label: &str| {
        let onclick = {
            let tab = tab.clone();
            let limit = limit.clone();
            Callback::from(move |_: MouseEvent| {
                tab.set(s);
                limit.set(PAGE);
            })
        };
        let onkeydown = {
            let tab = tab.clone();
            Callback::from(move |e: KeyboardEvent| {
                let order = [Status::Unhealthy, Status::Healthy, Status::NotApplicable];
                let i = order.iter().position(|x| *x == s).unwrap_or(0);
                let next = match e.key().as_str() {
                    "ArrowRight" => order[(i + 1) % 3],
                    "ArrowLeft" => order[(i + 2) % 3],
                    _ => return,
                };
                e.prevent_default();
                tab.set(next);
                if let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id(&format!("tab-{}", next.as_str())))
                    .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
                {
                    let _ = el.focus();
                }
            })
        };
        let active = *tab == s;
        html! {
            <button role="tab" id={format!("tab-{}", s.as_str())} aria-selected={active.to_string()} aria-controls="resources-panel"
                tabindex={if active { "0" } else { "-1" }} class={classes!("tab", active.then_some("selected"))} {onclick} {onkeydown}>
                { format!("{label} ({})", in_tab(s)) }
            </button>
        }
    };

    let exempt = {
        let navigator = navigator.clone();
        let selected = selected.clone();
        let world = ctx.world.clone();
        let key = rec.key.clone();
        let replacing = replacing.clone();
        Callback::from(move |_: MouseEvent| {
            let env = &world.env;
            let scopes: Vec<String> = selected
                .iter()
                .map(|&r| env.resource_id(r).to_string())
                .collect();
            let cloud = selected
                .iter()
                .next()
                .map(|&r| env.resource_cloud(r))
                .or_else(|| {
                    world.clouds[env.recommendation_index(&key).unwrap_or(0)]
                        .first()
                        .copied()
                })
                .unwrap_or(exempt_core::Cloud::Azure);
            let draft = Draft {
                cloud,
                scopes,
                mode: TargetMode::Selected,
                keys: vec![key.clone()],
                ..Draft::default()
            };
            let Ok(text) = serde_json::to_string(&WizardState::new(draft, None)) else {
                return;
            };
            let unfinished = storage::load_draft(None)
                .and_then(|t| serde_json::from_str::<WizardState>(&t).ok())
                .is_some_and(|w| w.draft != Draft::default());
            if unfinished {
                replacing.set(Some(text));
            } else {
                storage::save_draft(None, &text);
                navigator.push(&Route::NewExemption);
            }
        })
    };
    let replace_dialog = (*replacing).clone().map(|text| {
        let navigator = navigator.clone();
        let close = replacing.clone();
        let on_confirm = Callback::from(move |_| {
            storage::save_draft(None, &text);
            close.set(None);
            navigator.push(&Route::NewExemption);
        });
        let close = replacing.clone();
        html! {
            <ConfirmDialog title="Replace your unfinished exemption?" confirm_label="Replace"
                message="You have an exemption in progress in the Create wizard. Exempting from here starts a new one in its place."
                {on_confirm} on_cancel={Callback::from(move |_| close.set(None))} />
        }
    });

    let list: Vec<usize> = assessments
        .iter()
        .copied()
        .filter(|&a| evaluation.status(a) == *tab)
        .collect();
    let more = list.len().saturating_sub(*limit);
    let rows = list.iter().take(*limit).map(|&a| {
        let r = env.assessment_resource(a);
        let id = env.resource_id(r);
        let label = resource_label(id);
        let checked = selected.contains(&r);
        let toggle = {
            let selected = selected.clone();
            Callback::from(move |_: Event| {
                let mut next = (*selected).clone();
                if !next.remove(&r) {
                    next.insert(r);
                }
                selected.set(next);
            })
        };
        let decided = evaluation.decided_by(a);
        let reason = match decided {
            Some((e, c)) => {
                let ex = &ctx.analysis.exemptions[e];
                html! {
                    <>
                        <span class="badge">{ "Exempted" }</span>{ " " }
                        <RouteLink to={Route::EditExemption { id: ex.id.clone().unwrap_or_default() }}>{ ex.name.clone() }</RouteLink>
                        { format!(" ({})", category_label(c)) }
                    </>
                }
            }
            None => html! { <span class="muted">{ "—" }</span> },
        };
        let open = *why == Some(a);
        let on_why = {
            let why = why.clone();
            Callback::from(move |_: MouseEvent| why.set(if open { None } else { Some(a) }))
        };
        let panel_id = format!("why-{a}");
        let explanation = open.then(|| {
            let x = explain(env, &ctx.analysis.exemptions, evaluation.at, a);
            let items = x.candidates.iter().map(|c| {
                let verdict = match (&c.applies, &c.miss) {
                    (Some((scope, how)), _) => format!("applies — {} covers it ({})", ctx.world.scope_label(scope), how.describe()),
                    (_, Some(miss)) => format!("does not apply — {}", miss.describe()),
                    _ => String::new(),
                };
                let decides = x.decider == Some(c.index);
                html! {
                    <li class={classes!(decides.then_some("decider"))}>
                        <strong>{ c.name.clone() }</strong>{ format!(" ({}): {verdict}", category_label(c.category)) }
                        if decides { <span class="badge">{ "Decides" }</span> }
                    </li>
                }
            });
            html! {
                <tr class="why-row"><td colspan="5">
                    <section id={panel_id.clone()} aria-label={format!("Why: {label}")} class="why">
                        <p><strong>{ format!("Status: {} (scanned: {}). ", x.status, x.raw_status) }</strong>{ x.reason.clone() }</p>
                        if x.candidates.is_empty() { <p class="muted">{ "There are no exemptions." }</p> } else { <ul class="plain">{ for items }</ul> }
                    </section>
                </td></tr>
            }
        });
        html! {
            <>
                <tr>
                    <td><input type="checkbox" checked={checked} onchange={toggle} aria-label={format!("Select {label}")} /></td>
                    <th scope="row" title={id.to_string()}>{ label.clone() }</th>
                    <td>{ env.resource_cloud(r).as_str() }</td>
                    <td>{ reason }</td>
                    <td><button class="link-button" aria-expanded={open.to_string()} aria-controls={panel_id} aria-label={format!("Why is this exempt? {label}")} onclick={on_why}>{ "Why?" }</button></td>
                </tr>
                { for explanation }
            </>
        }
    });
    let on_more = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit + PAGE * 5))
    };
    let controls = rec
        .controls
        .iter()
        .map(|&c| env.controls()[c as usize].display_name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <div class="page">
            <nav class="breadcrumb" aria-label="Breadcrumb"><RouteLink to={Route::Recommendations}>{ "Recommendations" }</RouteLink></nav>
            <div class="page-header">
                <h1>{ ctx.world.title(k).to_string() }</h1>
                <button class="primary" onclick={exempt}>{ if selected.is_empty() { "Exempt".to_string() } else { format!("Exempt ({} selected)", selected.len()) } }</button>
            </div>
            <p class="muted">
                { format!("Severity: {} · Security control: {} · Category: {}",
                    rec.severity.as_deref().unwrap_or("—"),
                    if controls.is_empty() { "none (does not count toward the secure score)".to_string() } else { controls },
                    rec.categories.iter().map(|&c| env.categories()[c as usize].clone()).collect::<Vec<_>>().join(", ")) }
            </p>
            if rec.preview {
                <p class="banner info" role="note">{ "This is a preview recommendation: it does not count toward the secure score." }</p>
            }
            <div role="tablist" aria-label="Affected resources" class="tabs">
                { tab_button(Status::Unhealthy, "Unhealthy") }
                { tab_button(Status::Healthy, "Healthy") }
                { tab_button(Status::NotApplicable, "Not applicable") }
            </div>
            <section role="tabpanel" id="resources-panel" aria-labelledby={format!("tab-{}", tab.as_str())}>
                <table class="grid">
                    <caption class="sr-only">{ "Resources" }</caption>
                    <thead><tr>
                        <th scope="col"><span class="sr-only">{ "Select" }</span></th><th scope="col">{ "Resource" }</th>
                        <th scope="col">{ "Cloud" }</th><th scope="col">{ "Reason" }</th><th scope="col"><span class="sr-only">{ "Explanation" }</span></th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                if more > 0 {
                    <button class="link-button" onclick={on_more}>{ format!("Show more ({more} more resources)") }</button>
                }
            </section>
            { for replace_dialog }
        </div>
    }
}
