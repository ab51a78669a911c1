//! Charts for the pages people would rather look at than read: bars drawn
//! as SVG, their labels and figures as text beside them so they stay
//! legible at any width. The drawing is hidden from assistive technology;
//! every chart has its figures in a table (its own, under "Show as table",
//! or the page's table it names).

use super::labels::thousands;
use super::score::{effect, percent};
use exempt_core::score::Tally;
use exempt_core::Score;
use yew::prelude::*;

/// One labelled pair of scores, with exemptions and without.
#[derive(Clone, PartialEq)]
pub struct Pair {
    pub label: String,
    pub with: Score,
    pub without: Score,
}

/// The SVG's own units: bars are drawn on 0–100 and stretched to the
/// column, so a width is a percentage.
fn span(share: f64) -> String {
    format!("{:.2}", (share.clamp(0.0, 1.0) * 100.0))
}

fn legend(items: &[(&'static str, &'static str)]) -> Html {
    html! {
        <ul class="chart-legend" aria-hidden="true">
            { for items.iter().map(|(class, text)| html! {
                <li><svg class="swatch" viewBox="0 0 10 10"><rect class={*class} width="10" height="10" /></svg>{ *text }</li>
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
pub struct PairBarsProps {
    /// What the chart shows, read first.
    pub caption: AttrValue,
    pub pairs: Vec<Pair>,
    /// Where the same figures are in a table, for the sentence read in the
    /// drawing's place; without it the chart carries a table of its own.
    #[prop_or_default]
    pub table: Option<AttrValue>,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// Bars with exemptions above bars without, one pair a row.
#[function_component(PairBars)]
pub fn pair_bars(props: &PairBarsProps) -> Html {
    let rows = props.pairs.iter().map(|p| {
        html! {
            <div class="chart-row">
                <span class="chart-label">{ p.label.clone() }</span>
                <svg class="chart-bars" viewBox="0 0 100 12" preserveAspectRatio="none">
                    <rect class="track" width="100" height="5" />
                    <rect class="with" width={span(p.with.percentage)} height="5" />
                    <rect class="track" y="7" width="100" height="5" />
                    <rect class="without" y="7" width={span(p.without.percentage)} height="5" />
                </svg>
                <span class="chart-value">{ percent(p.with.percentage) }<br />{ percent(p.without.percentage) }</span>
            </div>
        }
    });
    let table = match &props.table {
        Some(name) => {
            html! { <p class="sr-only">{ format!("The same figures are in the table {name}.") }</p> }
        }
        None => html! {
            <details class="chart-table">
                <summary>{ "Show as table" }</summary>
                <table class="grid compact">
                    <caption class="sr-only">{ props.caption.clone() }</caption>
                    <thead><tr>
                        <th scope="col">{ "Name" }</th>
                        <th scope="col" class="number">{ "With exemptions" }</th>
                        <th scope="col" class="number">{ "Without exemptions" }</th>
                        <th scope="col" class="number">{ "Gap" }<span class="sr-only">{ " in percentage points" }</span></th>
                    </tr></thead>
                    <tbody>{ for props.pairs.iter().map(|p| html! {
                        <tr>
                            <th scope="row" class="wrap">{ p.label.clone() }</th>
                            <td class="number">{ percent(p.with.percentage) }</td>
                            <td class="number">{ percent(p.without.percentage) }</td>
                            <td class="number">{ effect(p.with.effect_over(p.without)) }</td>
                        </tr>
                    }) }</tbody>
                </table>
            </details>
        },
    };
    html! {
        <figure class="chart" data-testid={props.testid.clone()}>
            <figcaption>{ props.caption.clone() }</figcaption>
            <div class="chart-body" aria-hidden="true">
                { for rows }
            </div>
            { legend(&[("with", "With exemptions"), ("without", "Without exemptions")]) }
            { table }
        </figure>
    }
}

#[derive(Properties, PartialEq)]
pub struct HealthBarsProps {
    pub with: Tally,
    pub without: Tally,
}

fn stacked(t: &Tally) -> Html {
    let total = f64::from(t.healthy) + f64::from(t.unhealthy) + f64::from(t.not_applicable);
    let share = |n: u32| {
        if total > 0.0 {
            f64::from(n) / total
        } else {
            0.0
        }
    };
    let (h, u) = (share(t.healthy), share(t.unhealthy));
    html! {
        <svg class="chart-bars single" viewBox="0 0 100 8" preserveAspectRatio="none">
            <rect class="track" width="100" height="8" />
            <rect class="healthy" width={span(h)} height="8" />
            <rect class="unhealthy" x={span(h)} width={span(u)} height="8" />
            <rect class="not-applicable" x={span(h + u)} width={span(share(t.not_applicable))} height="8" />
        </svg>
    }
}

/// Resources by health, with exemptions and without, as stacked bars: the
/// controls table's counts, each resource once per control.
#[function_component(HealthBars)]
pub fn health_bars(props: &HealthBarsProps) -> Html {
    let rows = [
        ("With exemptions", &props.with),
        ("Without exemptions", &props.without),
    ];
    html! {
        <figure class="chart health" data-testid="health-chart">
            <figcaption>{ "Resource health: each resource once per security control" }</figcaption>
            <div class="chart-body" aria-hidden="true">
                { for rows.iter().map(|(label, t)| html! {
                    <div class="chart-row">
                        <span class="chart-label">{ *label }</span>
                        { stacked(t) }
                        <span class="chart-value">{ format!("{} unhealthy", thousands(u64::from(t.unhealthy))) }</span>
                    </div>
                }) }
            </div>
            { legend(&[("healthy", "Healthy"), ("unhealthy", "Unhealthy"), ("not-applicable", "Not applicable")]) }
            <details class="chart-table">
                <summary>{ "Show as table" }</summary>
                <table class="grid compact">
                    <caption class="sr-only">{ "Resource health, with exemptions and without" }</caption>
                    <thead><tr>
                        <th scope="col">{ "Assessments" }</th>
                        <th scope="col" class="number">{ "Healthy resources" }</th>
                        <th scope="col" class="number">{ "Unhealthy resources" }</th>
                        <th scope="col" class="number">{ "Not applicable resources" }</th>
                    </tr></thead>
                    <tbody>{ for rows.iter().map(|(label, t)| html! {
                        <tr>
                            <th scope="row">{ *label }</th>
                            <td class="number">{ thousands(u64::from(t.healthy)) }</td>
                            <td class="number">{ thousands(u64::from(t.unhealthy)) }</td>
                            <td class="number">{ thousands(u64::from(t.not_applicable)) }</td>
                        </tr>
                    }) }</tbody>
                </table>
            </details>
        </figure>
    }
}
