//! Step 2: selected recommendations (with severity and unhealthy resources
//! in the chosen scope) or one recommendation category.

use super::form::{field_error, invalid};
use super::model::{Field, TargetMode};
use super::reducer::WizardAction;
use super::StepProps;
use crate::client::use_query;
use crate::components::labels::count;
use crate::components::table::use_progressive;
use crate::context::use_ctx;
use crate::protocol::ask;
use exempt_core::session::TargetRow;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
struct ChoiceProps {
    row: TargetRow,
    index: usize,
    checked: bool,
    /// The one row of the list reached with Tab; arrows move between rows.
    focusable: bool,
    on_focus: Callback<String>,
    dispatch: Callback<WizardAction>,
}

/// One recommendation to choose: a component of its own, so that ticking
/// one box re-renders one row, not the whole list.
#[function_component(Choice)]
fn choice(props: &ChoiceProps) -> Html {
    let r = &props.row;
    let id = format!("rec-{}", props.index);
    let key = r.key.clone();
    let dispatch = props.dispatch.clone();
    let onfocus = props.on_focus.reform({
        let key = r.key.clone();
        move |_: FocusEvent| key.clone()
    });
    let severity = r.severity.clone().unwrap_or_else(|| "Unknown".into());
    html! {
        <li class="rec-choice">
            <input type="checkbox" id={id.clone()} checked={props.checked} tabindex={if props.focusable { "0" } else { "-1" }} {onfocus}
                onchange={Callback::from(move |_| dispatch.emit(WizardAction::ToggleKey(key.clone())))} />
            <label for={id}>
                <span class="rec-title wrap">{ r.title.clone() }</span>
                <span class={classes!("badge", "severity", severity.to_lowercase())}>{ severity.clone() }</span>
                <span class="muted small">{ format!("{} in scope", count(r.unhealthy, "unhealthy resource", "unhealthy resources")) }</span>
                if r.preview { <span class="badge">{ "Preview" }</span> }
            </label>
        </li>
    }
}

#[function_component(Targets)]
pub fn targets(props: &StepProps) -> Html {
    let ctx = use_ctx();
    let d = &props.wizard.draft;
    let query = use_state(String::new);
    // The keys chosen when "Show selected only" was ticked: a box cleared
    // meanwhile stays in view, with focus on it, until the filter is off.
    let selected_only = use_state(|| None::<Vec<String>>);
    let active = use_state(|| None::<String>);
    let targets = use_query(
        Some(ask::targets(d.cloud, d.scopes.clone())),
        ctx.revision(),
    );
    let mode = |m: TargetMode, id: &str, label: &str| {
        let dispatch = props.dispatch.clone();
        html! {
            <label class="radio" for={id.to_string()}>
                <input type="radio" id={id.to_string()} name="target-mode" checked={d.mode == m}
                    onchange={Callback::from(move |_| dispatch.emit(WizardAction::SetMode(m)))} />
                { label.to_string() }
            </label>
        }
    };
    let wanted = targets.data.as_ref().map_or(0, |t| t.recommendations.len());
    let shown = use_progressive(wanted, 25);
    let Some(t) = targets.data.clone() else {
        return html! { <div class="form"><p class="muted" role="status">{ "Loading recommendations…" }</p></div> };
    };
    let body = match d.mode {
        TargetMode::Selected => {
            let q = query.trim().to_lowercase();
            let chosen = |k: &str| d.keys.iter().any(|x| x.eq_ignore_ascii_case(k));
            let matching: Vec<(usize, &TargetRow)> = t
                .recommendations
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    selected_only
                        .as_ref()
                        .is_none_or(|keep| keep.iter().any(|k| k.eq_ignore_ascii_case(&r.key)))
                })
                .filter(|(_, r)| {
                    q.is_empty()
                        || r.title.to_lowercase().contains(&q)
                        || r.key.to_lowercase().contains(&q)
                })
                .collect();
            let matched = matching.len();
            let in_view: Vec<(usize, &TargetRow)> = matching.into_iter().take(shown).collect();
            let tab_stop = active
                .as_ref()
                .filter(|k| in_view.iter().any(|(_, r)| &r.key == *k))
                .cloned()
                .or_else(|| in_view.first().map(|(_, r)| r.key.clone()));
            let on_focus = {
                let active = active.clone();
                Callback::from(move |k: String| active.set(Some(k)))
            };
            let rows: Vec<Html> = in_view
                .iter()
                .map(|(i, r)| html! {
                    <Choice key={r.key.clone()} row={(*r).clone()} index={*i} checked={chosen(&r.key)}
                        focusable={tab_stop.as_deref() == Some(r.key.as_str())} on_focus={on_focus.clone()}
                        dispatch={props.dispatch.clone()} />
                })
                .collect();
            let on_only = {
                let (selected_only, keys) = (selected_only.clone(), d.keys.clone());
                Callback::from(move |e: Event| {
                    let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                    selected_only.set(on.then(|| keys.clone()));
                })
            };
            let on_search = {
                let query = query.clone();
                Callback::from(move |e: InputEvent| {
                    query.set(e.target_unchecked_into::<HtmlInputElement>().value())
                })
            };
            let (inv, described) = invalid(&props.wizard.errors, Field::Recommendations);
            let shown = matched;
            html! {
                <div class="field">
                    <label for="recommendation-search">{ "Search recommendations" }</label>
                    <input id="recommendation-search" type="search" value={(*query).clone()} oninput={on_search}
                        aria-invalid={inv} aria-describedby={described} placeholder="Filter by name or key" />
                    <div class="rec-tools">
                        <label class="checkbox" for="selected-only">
                            <input type="checkbox" id="selected-only" checked={selected_only.is_some()} onchange={on_only} />
                            { "Show selected only" }
                        </label>
                        <p class="muted small" role="status">{ format!("{} selected · {shown} of {} shown", d.keys.len(), t.recommendations.len()) }</p>
                    </div>
                    { field_error(&props.wizard.errors, Field::Recommendations) }
                    <p class="muted small" id="rec-keys">{ "Tab reaches the list once: the arrow keys move between recommendations, Space selects." }</p>
                    <div role="group" aria-label="Recommendations" aria-describedby="rec-keys">
                        <ul class="rec-list" onkeydown={Callback::from(move_between)}>{ for rows }</ul>
                    </div>
                </div>
            }
        }
        TargetMode::Vulnerabilities => html! {
            <super::vulnerabilities::VulnerabilityCondition
                wizard={props.wizard.clone()} dispatch={props.dispatch.clone()}
                base={props.base.clone()} policy={props.policy.clone()} />
        },
        TargetMode::Category => {
            let dispatch = props.dispatch.clone();
            let onchange = Callback::from(move |e: Event| {
                dispatch.emit(WizardAction::SetTargetCategory(
                    e.target_unchecked_into::<HtmlSelectElement>().value(),
                ))
            });
            let (inv, described) = invalid(&props.wizard.errors, Field::RecommendationCategory);
            html! {
                <div class="field">
                    <label for="recommendation-category">{ "Recommendation category" }</label>
                    <select id="recommendation-category" {onchange} aria-invalid={inv} aria-describedby={described}>
                        <option value="" selected={d.target_category.is_empty()}>{ "Select a category" }</option>
                        { for t.categories.iter().map(|c| html! {
                            <option value={c.name.clone()} selected={d.target_category.eq_ignore_ascii_case(&c.name)}>
                                { format!("{} ({})", exempt_core::model::category_label(&c.name), count(c.recommendations, "recommendation", "recommendations")) }
                            </option>
                        }) }
                    </select>
                    { field_error(&props.wizard.errors, Field::RecommendationCategory) }
                </div>
            }
        }
    };
    html! {
        <div class="form">
            <fieldset class="field">
                <legend>{ "Exempt" }</legend>
                { mode(TargetMode::Selected, "mode-selected", "Selected recommendations") }
                { mode(TargetMode::Category, "mode-category", "Recommendation category") }
                { mode(TargetMode::Vulnerabilities, "mode-vulnerabilities", "Vulnerabilities") }
            </fieldset>
            { body }
        </div>
    }
}

/// Up, Down, Home and End move focus between the list's boxes; the box
/// focused becomes the list's one tab stop.
fn move_between(e: KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let step: i64 = match e.key().as_str() {
        "ArrowDown" => 1,
        "ArrowUp" => -1,
        "Home" => i64::MIN,
        "End" => i64::MAX,
        _ => return,
    };
    let Some(list) = e
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Ok(boxes) = list.query_selector_all("input[type=checkbox]") else {
        return;
    };
    let target = e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
    let len = i64::from(boxes.length());
    let Some(at) = (0..boxes.length()).find(|&i| boxes.get(i).as_ref() == target.as_ref()) else {
        return;
    };
    e.prevent_default();
    let next = match step {
        i64::MIN => 0,
        i64::MAX => len - 1,
        s => (i64::from(at) + s).clamp(0, len - 1),
    };
    if let Some(el) = boxes
        .get(u32::try_from(next).unwrap_or(0))
        .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
