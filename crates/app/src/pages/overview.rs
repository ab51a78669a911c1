//! Overview: the secure score with and without exemptions, the gap between
//! them by exemption and by category, each subscription and connector, every
//! security control, and exemptions that expire.

use super::overview_tables::{ControlsTable, UnitsTable};
use crate::client::use_query;
use crate::components::badges::expiry_badge;
use crate::components::chart::{HealthBars, Pair, PairBars};
use crate::components::defer::Later;
use crate::components::import::ImportData;
use crate::components::labels::{category, thousands};
use crate::components::link::RouteLink;
use crate::components::score::{effect, percent, ScoreCard};
use crate::components::table::TableWrap;
use crate::context::use_ctx;
use crate::protocol::ask;
use crate::route::Route;
use exempt_core::Cloud;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[function_component(Overview)]
pub fn overview() -> Html {
    let ctx = use_ctx();
    let cloud = use_state(|| None::<Cloud>);
    let revision = ctx.revision();
    let overview = use_query(Some(ask::overview(*cloud)), revision);
    let worth_ready = ctx
        .state
        .summary
        .as_ref()
        .is_some_and(|s| s.status.worth_ready);
    let gap = use_query(
        worth_ready.then_some(ask::gap(*cloud)),
        ctx.review_revision(),
    );
    let on_cloud = {
        let cloud = cloud.clone();
        Callback::from(move |e: Event| {
            cloud.set(Cloud::parse(
                &e.target_unchecked_into::<HtmlSelectElement>().value(),
            ))
        })
    };
    let Some(o) = overview.data.clone() else {
        return html! { <div class="page"><h1>{ "Overview" }</h1><p role="status" class="muted">{ "Loading…" }</p></div> };
    };
    let (with, without) = (o.secure_score, o.without_exemptions);
    // The gap as every view shows it: with minus without, in percentage
    // points (core's one definition).
    let gap_effect = with.effect_over(without);
    // Shown only once it answers for the cloud chosen.
    let gap_data = gap.data.as_ref().filter(|_| worth_ready && !gap.loading);

    let contributors = match gap_data {
        Some(g) if g.top.is_empty() && g.effect.abs() > 1e-9 => {
            html! { <p class="muted">{ "No exemption changes the score on its own: each overlaps others that decide the same assessments, so removing any one leaves the score as it is. The gap comes from them together." }</p> }
        }
        Some(g) if g.top.is_empty() => {
            html! { <p class="muted">{ "No exemption changes the score." }</p> }
        }
        Some(g) => {
            html! {
                <TableWrap label="Top contributors">
                <table class="grid compact">
                    <caption class="sr-only">{ "Exemptions by their effect on the secure score" }</caption>
                    <thead><tr><th scope="col">{ "Exemption" }</th><th scope="col">{ "Category" }</th><th scope="col" class="number">{ "Effect" }<span class="sr-only">{ " in percentage points" }</span></th></tr></thead>
                    <tbody>{ for g.top.iter().map(|c| html! {
                        <tr>
                            <th scope="row" class="wrap"><RouteLink to={Route::Exemption { id: c.id.clone().unwrap_or_default() }}>{ c.name.clone() }</RouteLink></th>
                            <td>{ category(c.category) }</td>
                            <td class="number" data-testid="contributor-effect">{ effect(c.effect) }</td>
                        </tr>
                    }) }</tbody>
                </table>
                </TableWrap>
            }
        }
        _ => {
            html! { <p class="muted" role="status"><span class="spinner small" aria-hidden="true"></span>{ "Measuring each exemption's effect…" }</p> }
        }
    };
    let by_category = gap_data.map(|g| {
        format!(
            "Mitigated {} · Waiver {}",
            effect(g.mitigated),
            effect(g.waivers)
        )
    });
    let expiring: Vec<Html> = o
        .expiring
        .iter()
        .map(|x| html! {
            <li>
                <RouteLink to={Route::Exemption { id: x.id.clone().unwrap_or_default() }}>{ x.name.clone() }</RouteLink>
                { " " }{ expiry_badge(x.expiry) }
            </li>
        })
        .collect();
    let overall = ctx
        .state
        .summary
        .as_ref()
        .map(|s| s.status.score)
        .unwrap_or(with);
    let azure = azure_notes(&o);
    html! {
        <div class="page">
            <div class="page-header">
                <h1>{ "Overview" }</h1>
                <label class="inline">{ "Cloud" }
                    <select onchange={on_cloud}>
                        <option value="" selected={cloud.is_none()}>{ "All clouds" }</option>
                        { for Cloud::ALL.iter().map(|c| html! { <option value={c.as_str()} selected={*cloud == Some(*c)}>{ c.as_str() }</option> }) }
                    </select>
                </label>
            </div>
            <div class="cards">
                <ScoreCard label="Secure score" score={with} note={AttrValue::from("With exemptions, as Defender reports it")} />
                <ScoreCard label="Without exemptions" score={without} note={AttrValue::from("Every assessment as scanned")} />
                <section class="card" aria-label="Exemption gap">
                    <h3>{ "Exemption gap" }</h3>
                    <div class="score-value" data-testid="gap-effect">{ effect(gap_effect) }</div>
                    <div class="muted">{ "percentage points: the secure score with exemptions minus the score without them" }</div>
                    if let Some(text) = by_category { <div class="muted small">{ text }</div> }
                    <RouteLink to={Route::Exemptions} class="small">{ "Manage exemptions" }</RouteLink>
                </section>
            </div>
            { azure }
            <div class="two-columns charts">
                <PairBars caption="Secure score with and without exemptions" testid="score-chart"
                    pairs={vec![Pair { label: "Secure score".into(), with, without }]} />
                <HealthBars with={o.health} without={o.health_without} />
            </div>
            <div class="two-columns">
                <section aria-labelledby="top-title">
                    <h2 id="top-title">{ "Top contributors to the gap" }</h2>
                    <p class="hint">{ if cloud.is_some() {
                        "What each exemption adds to its cloud's secure score on its own: the score with it minus the score without it, in percentage points."
                    } else {
                        "What each exemption adds to the secure score on its own: the score with it minus the score without it, in percentage points."
                    } }</p>
                    { contributors }
                </section>
                <section aria-labelledby="expiry-title">
                    <h2 id="expiry-title">{ "Expired and expiring within 30 days" }</h2>
                    if expiring.is_empty() {
                        <p class="muted">{ "None." }</p>
                    } else {
                        <ul class="plain">{ for expiring }</ul>
                        if o.expiring_total > o.expiring.len() {
                            <p class="muted small">{ format!("{} more: filter the exemptions list by status to see them all.", o.expiring_total - o.expiring.len()) }</p>
                        }
                    }
                </section>
            </div>
            <Later><super::governance_panel::GovernancePanel /></Later>
            <Later>
                <UnitsTable overview={o.clone()} reset={cloud.map_or(0, |c| 1 + c as u64)} />
            </Later>
            <Later frames={2}>
                <ControlsTable overview={o.clone()} {overall} />
                <ImportData />
            </Later>
        </div>
    }
}

/// Azure's side: assessments it already exempts, and its own score beside
/// ours with why they may differ.
fn azure_notes(o: &exempt_core::session::Overview) -> Html {
    let in_azure = &o.exempt_in_azure;
    let exempt = (in_azure.assessments > 0).then(|| html! {
        <p class="banner info" role="note" data-testid="exempt-in-azure">
            <strong>{ format!("{} assessments are already exempt in Azure. ", thousands(in_azure.assessments)) }</strong>
            { "The export does not carry their real status, so the score without exemptions counts them as not applicable. " }
            { format!("{} are attributed to exemptions here; for {} the status without exemptions is unknown.",
                thousands(in_azure.attributed), thousands(in_azure.unknown)) }
        </p>
    });
    let reported = o.reported.as_ref().map(|b| {
        let diff = b.ours.effect_over(b.azure);
        html! {
            <section class="card wide" aria-label="Secure score reported by Azure" data-testid="reported-by-azure">
                <h3>{ "Secure score reported by Azure" }</h3>
                <p>
                    { format!("Azure: {} ({:.2} of {:.2} points) · here: {} ({:.2} of {:.2}) · difference {} percentage points",
                        percent(b.azure.percentage), b.azure.current, b.azure.max,
                        percent(b.ours.percentage), b.ours.current, b.ours.max, effect(diff)) }
                </p>
                if b.reasons.is_empty() {
                    <p class="muted small">{ "The two agree, to Azure's rounding." }</p>
                } else {
                    <p class="muted small">{ "Likely reasons:" }</p>
                    <ul class="small">{ for b.reasons.iter().map(|r| html! { <li>{ r.clone() }</li> }) }</ul>
                }
            </section>
        }
    });
    html! { <>{ for exempt }{ for reported }</> }
}
