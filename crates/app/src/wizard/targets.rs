//! Step 2: selected recommendations (with severity and unhealthy resources
//! in the chosen scope) or one recommendation category.

use super::basics::{field_error, invalid};
use super::model::{Field, TargetMode};
use super::reducer::WizardAction;
use super::StepProps;
use crate::context::use_ctx;
use exempt_core::stats::recommendation_counts;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[function_component(Targets)]
pub fn targets(props: &StepProps) -> Html {
    let ctx = use_ctx();
    let d = &props.wizard.draft;
    let query = use_state(String::new);
    let cloud = d.cloud;
    let counts = use_memo(
        (
            ctx.world.clone(),
            ctx.analysis.clone(),
            d.scopes.clone(),
            cloud,
        ),
        |(world, analysis, scopes, cloud)| {
            let ranges = world.env.scopes_resources(scopes);
            recommendation_counts(
                &world.env,
                analysis.evaluation.statuses(),
                &ranges,
                Some(*cloud),
            )
        },
    );
    let list = use_memo((ctx.world.clone(), cloud), |(world, cloud)| {
        world.recommendations_of(*cloud)
    });
    let world = &ctx.world;
    let recs = world.env.recommendations();

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
    let body = match d.mode {
        TargetMode::Selected => {
            let q = query.trim().to_lowercase();
            let chosen = |k: &str| d.keys.iter().any(|x| x.eq_ignore_ascii_case(k));
            let rows: Vec<Html> = list
                .iter()
                .filter(|&&k| q.is_empty() || world.title(k).to_lowercase().contains(&q) || recs[k].key.to_lowercase().contains(&q))
                .map(|&k| {
                    let r = &recs[k];
                    let id = format!("rec-{k}");
                    let key = r.key.clone();
                    let dispatch = props.dispatch.clone();
                    let severity = r.severity.clone().unwrap_or_else(|| "Unknown".into());
                    let unhealthy = counts[k].unhealthy;
                    html! {
                        <li class="rec-choice">
                            <input type="checkbox" id={id.clone()} checked={chosen(&r.key)}
                                onchange={Callback::from(move |_| dispatch.emit(WizardAction::ToggleKey(key.clone())))} />
                            <label for={id}>
                                <span class="rec-title">{ world.title(k).to_string() }</span>
                                <span class={classes!("badge", "severity", severity.to_lowercase())}>{ severity.clone() }</span>
                                <span class="muted small">{ format!("{unhealthy} unhealthy resource{} in scope", if unhealthy == 1 { "" } else { "s" }) }</span>
                                if r.preview { <span class="badge">{ "Preview" }</span> }
                            </label>
                        </li>
                    }
                })
                .collect();
            let on_search = {
                let query = query.clone();
                Callback::from(move |e: InputEvent| {
                    query.set(e.target_unchecked_into::<HtmlInputElement>().value())
                })
            };
            let (inv, described) = invalid(&props.wizard.errors, Field::Recommendations);
            let shown = rows.len();
            html! {
                <div class="field">
                    <label for="recommendation-search">{ "Search recommendations" }</label>
                    <input id="recommendation-search" type="search" value={(*query).clone()} oninput={on_search}
                        aria-invalid={inv} aria-describedby={described} placeholder="Filter by name or key" />
                    <p class="muted small" role="status">{ format!("{} selected · {shown} of {} shown", d.keys.len(), list.len()) }</p>
                    { field_error(&props.wizard.errors, Field::Recommendations) }
                    <div role="group" aria-label="Recommendations"><ul class="rec-list">{ for rows }</ul></div>
                </div>
            }
        }
        TargetMode::Category => {
            let categories = world.categories_of(cloud);
            let dispatch = props.dispatch.clone();
            let onchange = Callback::from(move |e: Event| {
                dispatch.emit(WizardAction::SetTargetCategory(
                    e.target_unchecked_into::<HtmlSelectElement>().value(),
                ))
            });
            let in_category = |name: &str| {
                list.iter()
                    .filter(|&&k| {
                        recs[k]
                            .categories
                            .iter()
                            .any(|&c| world.env.categories()[c as usize].eq_ignore_ascii_case(name))
                    })
                    .count()
            };
            let (inv, described) = invalid(&props.wizard.errors, Field::RecommendationCategory);
            html! {
                <div class="field">
                    <label for="recommendation-category">{ "Recommendation category" }</label>
                    <select id="recommendation-category" {onchange} aria-invalid={inv} aria-describedby={described}>
                        <option value="" selected={d.target_category.is_empty()}>{ "Select a category" }</option>
                        { for categories.iter().map(|c| html! {
                            <option value={c.clone()} selected={d.target_category.eq_ignore_ascii_case(c)}>
                                { format!("{c} ({} recommendations)", in_category(c)) }
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
            </fieldset>
            { body }
        </div>
    }
}
