//! A recommendation's vulnerability findings on its page: every finding
//! per resource, searchable by CVE, title or resource, a window at a time,
//! each with the exemption whose Vulnerabilities condition decides it, and
//! Exempt to open the wizard with a condition on the finding's CVEs.

use crate::client::use_query;
use crate::components::labels::{category, thousands};
use crate::components::link::RouteLink;
use crate::components::table::{use_row_window, VirtualTable};
use crate::context::use_ctx;
use crate::protocol::ask;
use crate::route::Route;
use crate::wizard::hand_over::use_hand_over;
use crate::wizard::model::{Draft, TargetMode, VulnerabilityDraft};
use exempt_core::RecommendationIx;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Each column's share of the table's width, in percent.
const WIDTHS: &[u8] = &[16, 23, 14, 12, 11, 14, 10];

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The recommendation.
    pub recommendation: RecommendationIx,
    /// Its findings in all.
    pub total: usize,
}

#[function_component(RecommendationFindings)]
pub fn recommendation_findings(props: &Props) -> Html {
    let ctx = use_ctx();
    let query = use_state(String::new);
    let (window, on_window) = use_row_window();
    let (hand, replace_dialog) = use_hand_over();
    let page = use_query(
        Some(ask::recommendation_findings(
            props.recommendation,
            (*query).clone(),
            window.0 as u32,
            window.1 as u32,
        )),
        ctx.revision(),
    );
    let on_search = {
        let (query, window) = (query.clone(), window.clone());
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value());
            window.set((0, window.1));
        })
    };
    let (rows, offset, matching) = match &page.data {
        Some(p) => {
            let rows = p.rows.iter().map(|row| {
                let f = &row.finding;
                let decided = match &row.exemption {
                    Some(x) => html! {
                        <>
                            <span class="badge">{ "Exempted" }</span>{ " " }
                            <RouteLink to={Route::Exemption { id: x.id.clone().unwrap_or_default() }}>{ x.name.clone() }</RouteLink>
                            { format!(" ({})", category(x.category)) }
                        </>
                    },
                    None => html! { { format!("{:?}", f.status).replace("NotApplicable", "Not applicable") } },
                };
                let exempt = (!f.cves.is_empty()).then(|| {
                    let cves = f.cves.join("; ");
                    let draft = Draft {
                        cloud: row.cloud,
                        scopes: vec![row.resource_id.clone()],
                        mode: TargetMode::Vulnerabilities,
                        vulnerabilities: VulnerabilityDraft { cves: cves.clone(), ..VulnerabilityDraft::default() },
                        ..Draft::default()
                    };
                    let hand = hand.clone();
                    html! {
                        <button class="link-button" aria-label={format!("Exempt {cves} on {}", row.label)}
                            onclick={Callback::from(move |_: MouseEvent| hand.emit(draft.clone()))}>{ "Exempt" }</button>
                    }
                });
                let fix = match f.patchable {
                    Some(true) => "Fix available",
                    Some(false) => "No fix",
                    None => "—",
                };
                html! {
                    <tr role="row">
                        <th scope="row" role="rowheader" class="truncate" title={row.resource_id.clone()} tabindex="0">{ row.label.clone() }</th>
                        <td role="cell" class="wrap" title={f.title.clone()}>{ f.title.clone() }</td>
                        <td role="cell" class="wrap">{ if f.cves.is_empty() { "—".to_string() } else { f.cves.join(", ") } }</td>
                        <td role="cell">{ f.severity.map_or("—", |s| s.as_str()) }{ " " }{ f.cvss.map(|c| format!("({c:.1})")).unwrap_or_default() }</td>
                        <td role="cell">{ fix }</td>
                        <td role="cell" class="truncate">{ decided }</td>
                        <td role="cell">{ exempt.unwrap_or_default() }</td>
                    </tr>
                }
            });
            (rows.collect(), p.offset, p.matching)
        }
        None => (Vec::new(), 0, 0),
    };
    let header = html! {
        <tr role="row">
            <th scope="col" role="columnheader">{ "Resource" }</th><th scope="col" role="columnheader">{ "Finding" }</th>
            <th scope="col" role="columnheader">{ "CVEs" }</th><th scope="col" role="columnheader">{ "Severity (CVSS)" }</th>
            <th scope="col" role="columnheader">{ "Fix" }</th><th scope="col" role="columnheader">{ "Status" }</th>
            <th scope="col" role="columnheader"><span class="sr-only">{ "Exempt" }</span></th>
        </tr>
    };
    let reset = query.len() as u64;
    html! {
        <section aria-labelledby="findings-title" class="vulnerability-findings">
            <h2 id="findings-title">{ format!("Vulnerability findings ({})", thousands(props.total as u64)) }</h2>
            <div class="field">
                <label for="finding-search">{ "Search findings" }</label>
                <input id="finding-search" type="search" value={(*query).clone()} oninput={on_search}
                    placeholder="CVE, title or resource" aria-describedby="finding-count" />
                <p class="muted small" id="finding-count" role="status">{ format!("{} of {} shown", thousands(matching as u64), thousands(props.total as u64)) }</p>
            </div>
            <VirtualTable label="Vulnerability findings" {header} widths={WIDTHS} total={matching} {offset} {rows} {on_window} {reset}
                empty={Some(AttrValue::from(if query.trim().is_empty() { "This recommendation has no findings." } else { "No finding matches the search." }))} />
            { replace_dialog }
        </section>
    }
}
