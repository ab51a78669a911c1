//! Step 3: a summary of every choice and the live impact preview.

use super::model::TargetMode;
use super::StepProps;
use crate::analysis::Analysis;
use crate::clock;
use crate::components::score::percent;
use crate::context::use_ctx;
use exempt_core::exemption::Exemption;
use exempt_core::lifecycle::{review, Finding};
use exempt_core::what_if;
use std::rc::Rc;
use yew::prelude::*;

#[function_component(Review)]
pub fn review(props: &StepProps) -> Html {
    let ctx = use_ctx();
    let d = &props.wizard.draft;
    let editing = props.wizard.editing.as_ref().map(|e| e.id.clone());
    // When editing, the impact is measured against the other exemptions only.
    let baseline = use_memo(
        (
            ctx.world.clone(),
            ctx.analysis.clone(),
            ctx.state.records.clone(),
            editing,
        ),
        |(world, analysis, records, editing)| match editing {
            None => analysis.clone(),
            Some(id) => {
                let others: Vec<_> = records
                    .iter()
                    .filter(|r| r.exemption.id.as_deref() != Some(id))
                    .cloned()
                    .collect();
                Rc::new(Analysis::new(world, &others, clock::now()))
            }
        },
    );
    let base = props
        .wizard
        .editing
        .as_ref()
        .and_then(|e| ctx.state.find(&e.id))
        .map(|r| r.exemption.clone());
    let exemption: Option<Exemption> = d.to_exemption(base.as_ref()).ok();
    let impact = exemption
        .as_ref()
        .map(|e| what_if(&ctx.world.env, &baseline.evaluation, &baseline.posture, e))
        .map(|mut i| {
            // Editing: "now" is the score with the exemption as saved, not
            // the baseline without it.
            i.before = ctx.analysis.posture.overall();
            i
        });
    // Overlaps with the other exemptions need a full pass: shown just after
    // the preview, so the preview itself stays immediate.
    let overlaps = use_state(|| None::<(Option<Exemption>, Vec<String>)>);
    let overlaps_asked = use_state(|| false);
    let check = baseline.small() || *overlaps_asked;
    {
        let overlaps = overlaps.clone();
        let world = ctx.world.clone();
        let baseline = baseline.clone();
        use_effect_with((exemption.clone(), check), move |(draft, check)| {
            let draft = draft.clone();
            let timer = check.then(|| {
                gloo_timers::callback::Timeout::new(30, move || {
                    let messages = draft
                        .as_ref()
                        .map(|d| draft_findings(&world, &baseline, d))
                        .unwrap_or_default();
                    overlaps.set(Some((draft, messages)));
                })
            });
            move || drop(timer)
        });
    }
    let ask_overlaps = {
        let overlaps_asked = overlaps_asked.clone();
        Callback::from(move |_: MouseEvent| overlaps_asked.set(true))
    };
    let overlap_messages: Vec<String> = match &*overlaps {
        Some((d, m)) if *d == exemption => m.clone(),
        _ => Vec::new(),
    };
    let world = &ctx.world;

    let target = match d.mode {
        TargetMode::Selected => html! {
            <ul class="plain">{ for d.keys.iter().map(|k| {
                let title = world.env.recommendation_index(k).map(|i| world.title(i).to_string()).unwrap_or_else(|| k.clone());
                html! { <li>{ title }</li> }
            }) }</ul>
        },
        TargetMode::Category => {
            html! { { format!("Recommendation category: {}", d.target_category) } }
        }
    };
    let summary = html! {
        <dl class="summary">
            <dt>{ "Exemption name" }</dt><dd>{ d.name.clone() }</dd>
            <dt>{ "Description" }</dt><dd>{ if d.description.trim().is_empty() { "—".to_string() } else { d.description.clone() } }</dd>
            <dt>{ "Cloud platform" }</dt><dd>{ d.cloud.as_str() }</dd>
            <dt>{ "Scope" }</dt><dd><ul class="plain">{ for d.scopes.iter().map(|s| html! { <li title={s.clone()}>{ world.scope_label(s) }</li> }) }</ul></dd>
            <dt>{ "Category" }</dt><dd>{ match d.category {
                Some(exempt_core::ExemptionCategory::Mitigated) => "Mitigated (resolved through a third-party service)",
                Some(exempt_core::ExemptionCategory::Waiver) => "Waiver (risk accepted)",
                None => "—",
            } }</dd>
            <dt>{ "Expiry date" }</dt><dd>{ match d.expires_on() {
                Some(e) => format!("{} (valid through that day, UTC; expires {} UTC)", d.expiry.trim(), e.format("%Y-%m-%d %H:%M")),
                None => "None".to_string(),
            } }</dd>
            <dt>{ if d.mode == TargetMode::Selected { "Selected recommendations" } else { "Recommendation category" } }</dt>
            <dd>{ target }</dd>
        </dl>
    };
    let preview = match impact {
        None => html! { <p class="muted">{ "Complete the previous steps to see the impact." }</p> },
        Some(i) => {
            let delta = i.after.current - i.before.current;
            let delta_pct = (i.after.percentage - i.before.percentage) * 100.0;
            let controls = i.controls.iter().map(|c| {
                let def = &world.env.controls()[c.control];
                html! {
                    <tr>
                        <th scope="row">{ def.display_name.clone() }</th>
                        <td>{ format!("{} → {}", c.before.unhealthy, c.after.unhealthy) }</td>
                        <td>{ format!("{} → {}", c.before.healthy, c.after.healthy) }</td>
                        <td>{ format!("{} → {}", c.before.not_applicable, c.after.not_applicable) }</td>
                        <td>{ format!("{:.2} → {:.2}", c.points_before, c.points_after) }</td>
                    </tr>
                }
            });
            let has_controls = !i.controls.is_empty();
            let lowers = delta < -1e-9;
            html! {
                <section class="impact" aria-labelledby="impact-title">
                    <h2 id="impact-title">{ "Impact preview" }</h2>
                    <div class="impact-grid" data-testid="impact">
                        <div class="stat"><div class="stat-value" data-testid="impact-assessments">{ i.newly_exempt + i.recategorized }</div><div class="stat-label">{ "assessments become exempt" }</div></div>
                        <div class="stat"><div class="stat-value" data-testid="impact-unhealthy">{ i.unhealthy_resolved }</div><div class="stat-label">{ "of them unhealthy now" }</div></div>
                        <div class="stat"><div class="stat-value" data-testid="impact-resources">{ i.resources }</div><div class="stat-label">{ "resources affected" }</div></div>
                        <div class="stat">
                            <div class="stat-value" data-testid="impact-score">{ format!("{} → {}", percent(i.before.percentage), percent(i.after.percentage)) }</div>
                            <div class="stat-label">{ format!("secure score ({:+.2} points, {:+.2}%)", delta, delta_pct) }</div>
                        </div>
                    </div>
                    if i.matched == 0 {
                        <p class="banner warning" role="status">{ "This exemption applies to no healthy or unhealthy assessment in the current environment." }</p>
                    } else if lowers {
                        <p class="banner warning" role="status">{ "This waiver lowers the secure score: it removes healthy resources from the score." }</p>
                    }
                    if !check {
                        <p><button class="secondary" onclick={ask_overlaps}>{ "Check overlaps with other exemptions" }</button></p>
                    }
                    if !overlap_messages.is_empty() {
                        <div class="banner warning" role="status" aria-label="Overlaps">
                            <div class="banner-body"><strong>{ "Overlaps with other exemptions" }</strong>
                                <ul class="plain">{ for overlap_messages.iter().map(|m| html! { <li>{ m.clone() }</li> }) }</ul>
                            </div>
                        </div>
                    }
                    if has_controls {
                        <table class="grid compact">
                            <caption>{ "Changes per security control" }</caption>
                            <thead><tr>
                                <th scope="col">{ "Control" }</th><th scope="col">{ "Unhealthy" }</th><th scope="col">{ "Healthy" }</th>
                                <th scope="col">{ "Not applicable" }</th><th scope="col">{ "Points" }</th>
                            </tr></thead>
                            <tbody>{ for controls }</tbody>
                        </table>
                    }
                </section>
            }
        }
    };
    html! { <div class="review">{ summary }{ preview }</div> }
}

/// Findings about the draft among the other exemptions: redundant, in
/// conflict, unused, only healthy assessments.
fn draft_findings(
    world: &crate::data::World,
    baseline: &Analysis,
    draft: &Exemption,
) -> Vec<String> {
    let mut list = baseline.exemptions.clone();
    list.push(draft.clone());
    let me = list.len() - 1;
    let evaluation = exempt_core::evaluate(&world.env, &list, baseline.evaluation.at);
    let apps = exempt_core::applications(&world.env, &list, baseline.evaluation.at);
    review(
        &world.env,
        &list,
        &evaluation,
        &apps,
        chrono::Duration::days(30),
    )
    .into_iter()
    .filter(|f| {
        !matches!(f, Finding::Expired { .. } | Finding::Expiring { .. })
            && f.exemptions().contains(&me)
    })
    .map(|f| f.describe(&list))
    .collect()
}
