//! Recommendations: each with its resource counts after exemptions,
//! searchable and filterable by severity, category, cloud and exempted
//! state, every one of them reachable however many there are.

use crate::client::use_query;
use crate::components::labels::thousands;
use crate::components::link::RouteLink;
use crate::components::table::{use_row_window, VirtualTable};
use crate::context::use_ctx;
use crate::protocol::ask;
use crate::route::Route;
use exempt_core::session::RecommendationQuery;
use exempt_core::Cloud;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Each column's share of the table's width, in percent.
const WIDTHS: &[u8] = &[30, 8, 16, 14, 8, 8, 8, 8];

#[function_component(Recommendations)]
pub fn recommendations() -> Html {
    let ctx = use_ctx();
    let revision = ctx.revision();
    let query = use_state(RecommendationQuery::default);
    let (window, on_window) = use_row_window();
    let reset = use_state(|| 0u64);
    let page = use_query(
        Some(ask::recommendations(
            (*query).clone(),
            window.0 as u32,
            window.1 as u32,
        )),
        revision,
    );
    let filters = use_query(Some(ask::recommendation_filters()), revision);
    let set = |f: fn(&mut RecommendationQuery, String)| {
        let query = query.clone();
        let window = window.clone();
        let reset = reset.clone();
        move |v: String| {
            let mut next = (*query).clone();
            f(&mut next, v);
            query.set(next);
            window.set((0, window.1));
            reset.set(*reset + 1);
        }
    };
    let on_text = {
        let set = set(|q, v| q.text = v);
        Callback::from(move |e: InputEvent| {
            set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let select = |label: &str,
                  field: fn(&mut RecommendationQuery, String),
                  current: String,
                  options: Vec<(String, String)>| {
        let set = set(field);
        let onchange = Callback::from(move |e: Event| {
            set(e.target_unchecked_into::<HtmlSelectElement>().value())
        });
        html! {
            <label class="inline">{ label.to_string() }
                <select {onchange}>
                    <option value="" selected={current.is_empty()}>{ "All" }</option>
                    { for options.into_iter().map(|(v, l)| html! { <option value={v.clone()} selected={current == v}>{ l }</option> }) }
                </select>
            </label>
        }
    };
    let pair = |s: &String| (s.clone(), s.clone());
    let named = |s: &String| (s.clone(), exempt_core::model::category_label(s));
    let (severities, categories) = filters
        .data
        .as_ref()
        .map(|f| {
            (
                f.severities.iter().map(pair).collect(),
                f.categories.iter().map(named).collect(),
            )
        })
        .unwrap_or_default();
    let q = &*query;
    let (rows, offset, matching, total) = match &page.data {
        Some(p) => {
            let rows = p.rows.iter().map(|r| html! {
                <tr role="row">
                    <th scope="row" role="rowheader" class="truncate" title={r.title.clone()}>
                        <RouteLink to={Route::Recommendation { key: r.key.clone() }}>{ r.title.clone() }</RouteLink>
                        if r.preview { { " " }<span class="badge" title="Preview recommendations do not count toward the secure score">{ "Preview" }</span> }
                    </th>
                    <td role="cell">{ r.severity.clone().unwrap_or_default() }</td>
                    <td role="cell" class="truncate" title={r.controls.join(", ")}>{ if r.controls.is_empty() { "—".to_string() } else { r.controls.join(", ") } }</td>
                    <td role="cell" class="truncate">{ r.categories.iter().map(|c| exempt_core::model::category_label(c)).collect::<Vec<_>>().join(", ") }</td>
                    <td role="cell" class="number">{ thousands(u64::from(r.counts.unhealthy)) }</td>
                    <td role="cell" class="number">{ thousands(u64::from(r.counts.healthy)) }</td>
                    <td role="cell" class="number">{ thousands(u64::from(r.counts.not_applicable)) }</td>
                    <td role="cell" class="number">{ thousands(u64::from(r.exempted)) }</td>
                </tr>
            });
            (rows.collect(), p.offset, p.matching, p.total)
        }
        None => (Vec::new(), 0, 0, 0),
    };
    let header = html! {
        <tr role="row">
            <th scope="col" role="columnheader">{ "Recommendation" }</th><th scope="col" role="columnheader">{ "Severity" }</th>
            <th scope="col" role="columnheader">{ "Security control" }</th><th scope="col" role="columnheader">{ "Category" }</th>
            <th scope="col" role="columnheader" class="number">{ "Unhealthy" }</th><th scope="col" role="columnheader" class="number">{ "Healthy" }</th>
            <th scope="col" role="columnheader" class="number">{ "Not applicable" }</th><th scope="col" role="columnheader" class="number">{ "Exempted" }</th>
        </tr>
    };
    html! {
        <div class="page">
            <h1>{ "Recommendations" }</h1>
            <p class="hint">{ "Counts are after exemptions, most unhealthy resources first. Preview recommendations are marked and do not count toward the secure score." }</p>
            <div class="toolbar" role="search">
                <label for="rec-page-search" class="sr-only">{ "Search recommendations" }</label>
                <input id="rec-page-search" type="search" placeholder="Search recommendations" value={q.text.clone()} oninput={on_text} />
                { select("Severity", |q, v| q.severity = Some(v).filter(|v| !v.is_empty()), q.severity.clone().unwrap_or_default(), severities) }
                { select("Category", |q, v| q.category = Some(v).filter(|v| !v.is_empty()), q.category.clone().unwrap_or_default(), categories) }
                { select("Cloud", |q, v| q.cloud = Cloud::parse(&v), q.cloud.map(|c| c.as_str().to_string()).unwrap_or_default(),
                    Cloud::ALL.iter().map(|c| (c.as_str().to_string(), c.as_str().to_string())).collect()) }
                { select("Exempted", |q, v| q.exempted = match v.as_str() { "yes" => Some(true), "no" => Some(false), _ => None },
                    match q.exempted { Some(true) => "yes".into(), Some(false) => "no".into(), None => String::new() },
                    vec![("yes".into(), "Exempted".into()), ("no".into(), "Not exempted".into())]) }
            </div>
            <p class="muted small" role="status">{ format!("Showing {} of {} recommendations", thousands(matching as u64), thousands(total as u64)) }
                if page.slow { <span class="spinner small" aria-hidden="true"></span> }
            </p>
            <VirtualTable label="Recommendations" {header} widths={WIDTHS} total={matching} {offset} {rows} {on_window} reset={*reset}
                empty={page.data.is_some().then(|| AttrValue::from("No recommendation matches the search and filters: clear them to see every recommendation."))} />
        </div>
    }
}
