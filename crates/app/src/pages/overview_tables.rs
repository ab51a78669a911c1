//! The Overview's tables of subscriptions and connectors and of security
//! controls, each under the chart of its figures.

use crate::components::chart::{Pair, PairBars};
use crate::components::labels::thousands;
use crate::components::score::percent;
use crate::components::table::{use_row_window, TableWrap, VirtualTable};
use exempt_core::environment::UnitKind;
use exempt_core::session::Overview;
use exempt_core::Score;
use std::rc::Rc;
use yew::prelude::*;

/// Bars drawn for the subscriptions and connectors that weigh most: the
/// table under them lists every one.
const UNITS_CHARTED: usize = 10;

/// Each column's share of the units table's width, in percent.
const UNIT_WIDTHS: &[u8] = &[30, 13, 9, 18, 18, 12];

#[derive(Properties, PartialEq)]
pub(super) struct UnitsTableProps {
    pub overview: Rc<Overview>,
    /// Back to the top when this changes (another cloud).
    pub reset: u64,
}

/// Every subscription and connector, a tenant may have thousands: windowed
/// like the lists, from the overview already at hand.
#[function_component(UnitsTable)]
pub(super) fn units_table(props: &UnitsTableProps) -> Html {
    let (window, on_window) = use_row_window();
    let charted = use_memo(props.overview.clone(), |o| heaviest(o));
    let units = &props.overview.units;
    let offset = window.0.min(units.len());
    let end = offset.saturating_add(window.1).min(units.len());
    let rows: Vec<Html> = units[offset..end]
        .iter()
        .map(|u| html! {
            <tr role="row" key={u.id.clone()}>
                <th scope="row" role="rowheader" class="truncate" title={u.name.clone()}>{ u.name.clone() }</th>
                <td role="cell">{ match u.kind { UnitKind::Subscription => "Subscription", UnitKind::SecurityConnector => "Security connector" } }</td>
                <td role="cell">{ u.cloud.as_str() }</td>
                <td role="cell" class="number">{ format!("{} ({:.2} / {:.2})", percent(u.with.percentage), u.with.current, u.with.max) }</td>
                <td role="cell" class="number">{ format!("{} ({:.2} / {:.2})", percent(u.without.percentage), u.without.current, u.without.max) }</td>
                <td role="cell" class="number">{ thousands(u64::from(u.weight)) }</td>
            </tr>
        })
        .collect();
    let header = html! {
        <tr role="row">
            <th scope="col" role="columnheader">{ "Name" }</th><th scope="col" role="columnheader">{ "Type" }</th><th scope="col" role="columnheader">{ "Cloud" }</th>
            <th scope="col" role="columnheader" class="number">{ "Secure score" }</th><th scope="col" role="columnheader" class="number">{ "Without exemptions" }</th><th scope="col" role="columnheader" class="number">{ "Weight" }</th>
        </tr>
    };
    html! {
        <section aria-labelledby="units-title">
            <h2 id="units-title">{ "Subscriptions and connectors" }</h2>
            if units.len() > 1 {
                <PairBars caption={if units.len() > UNITS_CHARTED {
                        format!("Secure score of the {UNITS_CHARTED} subscriptions and connectors with the greatest weight")
                    } else {
                        "Secure score of each subscription and connector".to_string()
                    }}
                    pairs={(*charted).clone()} table="Subscriptions and connectors" testid="units-chart" />
            }
            <VirtualTable label="Subscriptions and connectors" {header} widths={UNIT_WIDTHS} total={units.len()} {offset} {rows} {on_window} reset={props.reset} />
        </section>
    }
}

/// The units that weigh most, heaviest first, as bar pairs.
fn heaviest(o: &Overview) -> Vec<Pair> {
    let mut order: Vec<usize> = (0..o.units.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(o.units[i].weight), i));
    order
        .into_iter()
        .take(UNITS_CHARTED)
        .map(|i| {
            let u = &o.units[i];
            Pair {
                label: u.name.clone(),
                with: u.with,
                without: u.without,
            }
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub(super) struct ControlsTableProps {
    pub overview: Rc<Overview>,
    /// The overall score, as the status bar shows it.
    pub overall: Score,
}

/// Every security control as Defender lists them, under a chart of each
/// control's share of its points with exemptions and without.
#[function_component(ControlsTable)]
pub(super) fn controls_table(props: &ControlsTableProps) -> Html {
    let o = &props.overview;
    let pairs: Vec<Pair> = o
        .controls
        .iter()
        .filter(|c| c.tally.counts() || c.tally_without.counts())
        .map(|c| Pair {
            label: c.name.clone(),
            with: Score::new(c.points, c.max),
            without: Score::new(c.points_without, c.max),
        })
        .collect();
    let rows = o.controls.iter().map(|c| html! {
        <tr>
            <th scope="row" class="wrap">{ c.name.clone() }</th>
            <td class="number">{ format!("{:.0}", c.max) }</td>
            <td class="number">{ format!("{:.2}", c.points) }</td>
            <td class="number">{ format!("{:.2}", c.points_without) }</td>
            <td class="number">{ if c.tally.counts() { format!("+{:.2}", c.max - c.points) } else { "—".into() } }</td>
            <td class="number">{ thousands(u64::from(c.tally.unhealthy)) }</td>
            <td class="number">{ thousands(u64::from(c.tally.healthy)) }</td>
            <td class="number">{ thousands(u64::from(c.tally.not_applicable)) }</td>
        </tr>
    });
    let overall = props.overall;
    html! {
        <section aria-labelledby="controls-title">
            <h2 id="controls-title">{ "Security controls" }</h2>
            if !pairs.is_empty() {
                <PairBars caption="Each control's points as a share of its maximum" {pairs} table="Security controls" testid="controls-chart" />
            }
            <TableWrap label="Security controls">
            <table class="grid controls">
                <caption>{ format!("Security controls · secure score {} ({:.2} of {:.2} points)", percent(overall.percentage), overall.current, overall.max) }</caption>
                <thead><tr>
                    <th scope="col">{ "Control" }</th><th scope="col" class="number">{ "Max score" }</th><th scope="col" class="number">{ "Current score" }</th>
                    <th scope="col" class="number">{ "Score without exemptions" }</th>
                    <th scope="col" class="number">{ "Potential increase" }</th><th scope="col" class="number">{ "Unhealthy resources" }</th>
                    <th scope="col" class="number">{ "Healthy resources" }</th><th scope="col" class="number">{ "Not applicable resources" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            </TableWrap>
        </section>
    }
}
