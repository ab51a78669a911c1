//! Overview: the secure score with and without exemptions, the gap between
//! them broken down by exemption and by category, each subscription and
//! connector, every security control, and exemptions that expire.

use crate::components::badges::{expiry_badge, Expiry};
use crate::components::link::RouteLink;
use crate::components::score::{percent, ScoreCard};
use crate::context::use_ctx;
use crate::route::Route;
use exempt_core::environment::UnitKind;
use exempt_core::{Cloud, ExemptionCategory};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

const TOP: usize = 10;
const MAX_EXPIRING: usize = 30;

#[function_component(Overview)]
pub fn overview() -> Html {
    let ctx = use_ctx();
    let cloud = use_state(|| None::<Cloud>);
    let env = &ctx.world.env;
    let analysis = &ctx.analysis;
    let in_cloud = |u: usize| cloud.is_none_or(|c| env.units()[u].cloud == c);
    let with = analysis.posture.overall_of(in_cloud);
    let without = ctx.world.raw.overall_of(in_cloud);
    let gap = with.current - without.current;

    let on_cloud = {
        let cloud = cloud.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            cloud.set(Cloud::parse(&v));
        })
    };

    // Contributions are measured on the overall score, all clouds. With many
    // exemptions they take seconds, so they wait for a click.
    let asked = use_state(|| false);
    let measure = analysis.small() || *asked;
    let overall = analysis.posture.overall();
    let without_each: &[exempt_core::Score] = if measure {
        analysis.without_each(&ctx.world)
    } else {
        &[]
    };
    let mut top: Vec<(usize, f64)> = without_each
        .iter()
        .enumerate()
        .map(|(i, s)| (i, overall.current - s.current))
        .filter(|(_, d)| d.abs() > 1e-9)
        .collect();
    top.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    let contributors = top.iter().take(TOP).map(|&(i, d)| {
        let e = &analysis.exemptions[i];
        let id = e.id.clone().unwrap_or_default();
        html! {
            <tr>
                <th scope="row"><RouteLink to={Route::EditExemption { id }}>{ e.name.clone() }</RouteLink></th>
                <td>{ category_label(e.category) }</td>
                <td class="number">{ format!("{d:+.2}") }</td>
                <td class="number">{ format!("{:+.2}%", d / overall.max.max(f64::MIN_POSITIVE) * 100.0) }</td>
            </tr>
        }
    });
    let by_category = measure.then(|| {
        let (no_mitigated, no_waivers) = analysis.without_category(&ctx.world);
        format!(
            "Mitigated {:+.2} · Waiver {:+.2} points",
            overall.current - no_mitigated.current,
            overall.current - no_waivers.current
        )
    });
    let ask = {
        let asked = asked.clone();
        Callback::from(move |_: MouseEvent| asked.set(true))
    };

    let now = analysis.evaluation.at;
    let due: Vec<_> = analysis
        .exemptions
        .iter()
        .filter_map(|e| match Expiry::of(e.expires_on, now) {
            x @ (Expiry::Expired | Expiry::In(0..=30)) => Some((e, x)),
            _ => None,
        })
        .collect();
    let expiring_total = due.len();
    let expiring: Vec<Html> = due
        .into_iter()
        .take(MAX_EXPIRING)
        .map(|(e, x)| {
            let id = e.id.clone().unwrap_or_default();
            html! {
                <li>
                    <RouteLink to={Route::EditExemption { id }}>{ e.name.clone() }</RouteLink>
                    { " " }{ expiry_badge(x) }
                </li>
            }
        })
        .collect();

    let units = env.units().iter().enumerate().filter(|(u, _)| in_cloud(*u)).map(|(u, unit)| {
        let s = analysis.posture.unit_score(u);
        let r = ctx.world.raw.unit_score(u);
        html! {
            <tr>
                <th scope="row">{ unit.display_name.clone().unwrap_or_else(|| unit.id.clone()) }</th>
                <td>{ match unit.kind { UnitKind::Subscription => "Subscription", UnitKind::SecurityConnector => "Security connector" } }</td>
                <td>{ unit.cloud.as_str() }</td>
                <td class="number">{ format!("{} ({:.2} / {:.2})", percent(s.percentage), s.current, s.max) }</td>
                <td class="number">{ format!("{} ({:.2} / {:.2})", percent(r.percentage), r.current, r.max) }</td>
                <td class="number">{ analysis.posture.weight(u) }</td>
            </tr>
        }
    });
    let controls = env.controls().iter().enumerate().map(|(c, def)| {
        let (t, points) = analysis.posture.control(c);
        html! {
            <tr>
                <th scope="row">{ def.display_name.clone() }</th>
                <td class="number">{ format!("{:.0}", def.max_score) }</td>
                <td class="number">{ format!("{points:.2}") }</td>
                <td class="number">{ if t.counts() { format!("+{:.2}", def.max_score - points) } else { "—".into() } }</td>
                <td class="number">{ t.unhealthy }</td>
                <td class="number">{ t.healthy }</td>
                <td class="number">{ t.not_applicable }</td>
            </tr>
        }
    });
    let has_top = !top.is_empty();
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
                    <div class="score-value">{ format!("{:+.1}%", (with.percentage - without.percentage) * 100.0) }</div>
                    <div class="muted">{ format!("{gap:+.2} points of the score come from exemptions") }</div>
                    if let Some(text) = by_category { <div class="muted small">{ text }</div> }
                    <RouteLink to={Route::Exemptions} class="small">{ "Manage exemptions" }</RouteLink>
                </section>
            </div>

            <div class="two-columns">
                <section aria-labelledby="top-title">
                    <h2 id="top-title">{ "Top contributors to the gap" }</h2>
                    <p class="hint">{ "The change in the overall secure score if each exemption alone were removed." }</p>
                    if !measure {
                        <button class="secondary" onclick={ask}>{ "Measure each exemption's effect" }</button>
                    } else if has_top {
                        <table class="grid compact">
                            <caption class="sr-only">{ "Exemptions by their effect on the secure score" }</caption>
                            <thead><tr><th scope="col">{ "Exemption" }</th><th scope="col">{ "Category" }</th><th scope="col">{ "Points" }</th><th scope="col">{ "Score" }</th></tr></thead>
                            <tbody>{ for contributors }</tbody>
                        </table>
                    } else {
                        <p class="muted">{ "No exemption changes the score." }</p>
                    }
                </section>
                <section aria-labelledby="expiry-title">
                    <h2 id="expiry-title">{ "Expired and expiring within 30 days" }</h2>
                    if expiring.is_empty() {
                        <p class="muted">{ "None." }</p>
                    } else {
                        <ul class="plain">{ for expiring }</ul>
                        if expiring_total > MAX_EXPIRING {
                            <p class="muted small">{ format!("{} more: filter the exemptions list by status to see them all.", expiring_total - MAX_EXPIRING) }</p>
                        }
                    }
                </section>
            </div>

            <table class="grid">
                <caption>{ "Subscriptions and connectors" }</caption>
                <thead><tr>
                    <th scope="col">{ "Name" }</th><th scope="col">{ "Type" }</th><th scope="col">{ "Cloud" }</th>
                    <th scope="col">{ "Secure score" }</th><th scope="col">{ "Without exemptions" }</th><th scope="col">{ "Weight" }</th>
                </tr></thead>
                <tbody>{ for units }</tbody>
            </table>

            <table class="grid">
                <caption>{ format!("Security controls · secure score {} ({:.2} of {:.2} points)", percent(overall.percentage), overall.current, overall.max) }</caption>
                <thead><tr>
                    <th scope="col">{ "Control" }</th><th scope="col">{ "Max score" }</th><th scope="col">{ "Current score" }</th>
                    <th scope="col">{ "Potential increase" }</th><th scope="col">{ "Unhealthy resources" }</th>
                    <th scope="col">{ "Healthy resources" }</th><th scope="col">{ "Not applicable resources" }</th>
                </tr></thead>
                <tbody>{ for controls }</tbody>
            </table>
        </div>
    }
}

/// The portal's name for a category.
pub fn category_label(c: ExemptionCategory) -> &'static str {
    match c {
        ExemptionCategory::Mitigated => "Mitigated",
        ExemptionCategory::Waiver => "Waiver",
    }
}
