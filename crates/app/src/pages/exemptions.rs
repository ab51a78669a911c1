//! Environment settings → Exemptions: every exemption with search, filters,
//! sortable columns and a "..." menu per row. Only the rows in view are
//! rendered, so tens of thousands of exemptions stay fast.

use crate::analysis::Analysis;
use crate::clock;
use crate::components::badges::{expiry_badge, Expiry};
use crate::components::dialog::ConfirmDialog;
use crate::components::link::RouteLink;
use crate::components::menu::RowMenu;
use crate::components::renew::RenewDialog;
use crate::context::use_ctx;
use crate::data::World;
use crate::pages::overview::category_label;
use crate::route::Route;
use crate::state::Action;
use crate::wizard::model::last_day;
use exempt_core::document::Record;
use exempt_core::exemption::Target;
use exempt_core::lifecycle::Finding;
use exempt_core::{Cloud, ExemptionCategory};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;

const ROW_HEIGHT: f64 = 52.0;
const OVERSCAN: usize = 8;
const MAX_FINDINGS: usize = 200;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Category,
    Cloud,
    Expiry,
    Affected,
    Created,
}

/// One exemption, prepared for listing.
#[derive(PartialEq, Eq)]
struct Row {
    index: usize,
    id: String,
    name: String,
    /// The name folded for sorting.
    name_key: String,
    category: ExemptionCategory,
    cloud: Cloud,
    scope: String,
    scope_title: String,
    target: String,
    expiry: Expiry,
    /// The last day it applies.
    expires: String,
    expires_sort: i64,
    affected: usize,
    created: String,
    created_sort: i64,
    haystack: String,
}

#[derive(Clone, PartialEq)]
struct Filters {
    text: String,
    category: String,
    cloud: String,
    status: String,
    sort: Column,
    ascending: bool,
}

/// Rows prepared for one analysis.
type RowCache = (Rc<Analysis>, Rc<Vec<Row>>);

/// The rows of the current exemptions, kept between visits of the page:
/// preparing tens of thousands of rows is most of the cost of showing it.
fn rows_of(records: &[Record], analysis: &Rc<Analysis>, world: &World) -> Rc<Vec<Row>> {
    thread_local! {
        static CACHE: RefCell<Option<RowCache>> = const { RefCell::new(None) };
    }
    let cached = CACHE.with_borrow(|c| {
        c.as_ref()
            .filter(|(a, _)| Rc::ptr_eq(a, analysis))
            .map(|(_, rows)| rows.clone())
    });
    if let Some(rows) = cached {
        return rows;
    }
    let rows = build_rows(records, analysis, world);
    CACHE.with_borrow_mut(|c| *c = Some((analysis.clone(), rows.clone())));
    rows
}

fn build_rows(records: &[Record], analysis: &Analysis, world: &World) -> Rc<Vec<Row>> {
    let now = analysis.evaluation.at;
    Rc::new(
        records
            .iter()
            .zip(analysis.evaluation.outcomes())
            .enumerate()
            .map(|(index, (r, o))| {
                let e = &r.exemption;
                let scope = match e.scopes.as_slice() {
                    [one] => world.scope_label(one),
                    [first, rest @ ..] => {
                        format!("{} and {} more", world.scope_label(first), rest.len())
                    }
                    [] => String::new(),
                };
                let target = match &e.target {
                    Target::Recommendations(keys) if keys.len() == 1 => world
                        .env
                        .recommendation_index(&keys[0])
                        .map(|k| world.title(k).to_string())
                        .unwrap_or_else(|| keys[0].clone()),
                    Target::Recommendations(keys) => {
                        format!("{} recommendations", keys.len())
                    }
                    Target::Category(c) => format!("Category: {c}"),
                };
                let scope_title = e.scopes.join("\n");
                let haystack = format!(
                    "{}\n{}\n{}\n{}\n{}",
                    e.name,
                    e.description.as_deref().unwrap_or(""),
                    scope,
                    scope_title,
                    target
                )
                .to_lowercase();
                Row {
                    index,
                    id: e.id.clone().unwrap_or_else(|| format!("#{index}")),
                    name: e.name.clone(),
                    name_key: e.name.to_lowercase(),
                    category: e.category,
                    cloud: e.cloud,
                    scope_title,
                    scope,
                    target,
                    expiry: Expiry::of(e.expires_on, now),
                    expires: e.expires_on.map(last_day).unwrap_or_default(),
                    expires_sort: e.expires_on.map_or(i64::MAX, |t| t.timestamp()),
                    affected: o.resources,
                    created: e
                        .created_on
                        .map(|t| t.format("%Y-%m-%d").to_string())
                        .unwrap_or_else(|| "—".into()),
                    created_sort: e.created_on.map_or(0, |t| t.timestamp()),
                    haystack,
                }
            })
            .collect::<Vec<_>>(),
    )
}

#[function_component(ExemptionsPage)]
pub fn exemptions_page() -> Html {
    let ctx = use_ctx();
    let navigator = use_navigator().expect("inside the router");
    let filters = use_state(|| Filters {
        text: String::new(),
        category: String::new(),
        cloud: String::new(),
        status: String::new(),
        sort: Column::Name,
        ascending: true,
    });
    let scroll_top = use_state(|| 0.0f64);
    let viewport = use_state(|| 640.0f64);
    let confirm = use_state(|| None::<(String, String)>);
    let renewing = use_state(|| None::<(String, String, String)>);
    // Findings take a full pass over the assessments: they arrive just after
    // the list is painted, so the list itself stays fast.
    let findings_ready = use_state(|| None::<Rc<Analysis>>);
    let findings_asked = use_state(|| false);
    {
        let findings_ready = findings_ready.clone();
        let analysis = ctx.analysis.clone();
        let world = ctx.world.clone();
        let go = analysis.small() || *findings_asked;
        use_effect_with((ctx.analysis.clone(), go), move |_| {
            let timer = go.then(|| {
                gloo_timers::callback::Timeout::new(50, move || {
                    analysis.findings(&world);
                    findings_ready.set(Some(analysis));
                })
            });
            move || drop(timer)
        });
    }
    // Flags and messages are derived once per analysis, not per keystroke.
    let ready = matches!(&*findings_ready, Some(a) if Rc::ptr_eq(a, &ctx.analysis));
    let review = use_memo((ctx.analysis.clone(), ready), |(analysis, ready)| {
        let findings: &[Finding] = if *ready {
            analysis.findings(&ctx.world)
        } else {
            &[]
        };
        let mut flags: Vec<Vec<&'static str>> = vec![Vec::new(); analysis.exemptions.len()];
        for f in findings {
            let (i, flag) = match *f {
                Finding::Redundant { exemption, .. } => (exemption, "Redundant"),
                Finding::Conflict { waiver, .. } => (waiver, "Conflict"),
                Finding::Unused { exemption } => (exemption, "Unused"),
                Finding::AllHealthy { exemption, .. } => (exemption, "All healthy"),
                _ => continue,
            };
            if !flags[i].contains(&flag) {
                flags[i].push(flag);
            }
        }
        let messages: Vec<(String, String)> = findings
            .iter()
            .take(MAX_FINDINGS)
            .map(|f| {
                let i = f.exemptions()[0];
                (
                    f.describe(&analysis.exemptions),
                    analysis.exemptions[i].id.clone().unwrap_or_default(),
                )
            })
            .collect();
        (flags, messages, findings.len())
    });
    let (flags, messages, finding_count) = (&review.0, &review.1, review.2);
    let scroller = use_node_ref();

    // The analysis is recomputed whenever the records or the environment change.
    let rows = rows_of(&ctx.state.records, &ctx.analysis, &ctx.world);
    // Sorting happens when the rows or the order change, not per keystroke;
    // filtering then keeps the sorted order.
    let sorted = use_memo(
        (rows.clone(), filters.sort, filters.ascending),
        |(rows, sort, ascending)| {
            let mut list: Vec<usize> = (0..rows.len()).collect();
            list.sort_by(|&a, &b| {
                let (x, y) = (&rows[a], &rows[b]);
                let o = match sort {
                    Column::Name => x.name_key.cmp(&y.name_key),
                    Column::Category => x.category.cmp(&y.category),
                    Column::Cloud => x.cloud.cmp(&y.cloud),
                    Column::Expiry => x.expires_sort.cmp(&y.expires_sort),
                    Column::Affected => x.affected.cmp(&y.affected),
                    Column::Created => x.created_sort.cmp(&y.created_sort),
                }
                .then(x.index.cmp(&y.index));
                if *ascending {
                    o
                } else {
                    o.reverse()
                }
            });
            list
        },
    );
    let visible = use_memo(
        (rows.clone(), sorted.clone(), (*filters).clone()),
        |(rows, sorted, f)| {
            let text = f.text.trim().to_lowercase();
            sorted
                .iter()
                .copied()
                .filter(|&i| {
                    let r = &rows[i];
                    (text.is_empty() || r.haystack.contains(&text))
                        && (f.category.is_empty() || r.category.as_str() == f.category)
                        && (f.cloud.is_empty() || r.cloud.as_str() == f.cloud)
                        && match f.status.as_str() {
                            "active" => r.expiry != Expiry::Expired,
                            "expired" => r.expiry == Expiry::Expired,
                            _ => true,
                        }
                })
                .collect::<Vec<usize>>()
        },
    );

    let total = ctx.state.records.len();
    let create = {
        let navigator = navigator.clone();
        Callback::from(move |_: MouseEvent| navigator.push(&Route::NewExemption))
    };
    if total == 0 {
        return html! {
            <div class="page">
                { header(create.clone()) }
                <section class="empty-state" aria-labelledby="empty-title">
                    <h2 id="empty-title">{ "No exemptions yet" }</h2>
                    <p>{ "An exemption keeps a resource, or a whole management group or subscription, from counting against a recommendation. Choose " }
                       <strong>{ "Mitigated" }</strong>{ " when a third-party service already resolves it (the resource counts as healthy), or " }
                       <strong>{ "Waiver" }</strong>{ " when you accept the risk (it counts as not applicable). You see the effect on the secure score before you create it." }</p>
                    <button class="primary" onclick={create}>{ "+ Create" }</button>
                </section>
            </div>
        };
    }

    let set = |f: fn(&mut Filters, String)| {
        let filters = filters.clone();
        move |value: String| {
            let mut next = (*filters).clone();
            f(&mut next, value);
            filters.set(next);
        }
    };
    let on_text = {
        let set = set(|f, v| f.text = v);
        let scroll_top = scroll_top.clone();
        let scroller = scroller.clone();
        Callback::from(move |e: InputEvent| {
            set(e.target_unchecked_into::<HtmlInputElement>().value());
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                el.set_scroll_top(0);
            }
            scroll_top.set(0.0);
        })
    };
    let select = |f: fn(&mut Filters, String)| {
        let set = set(f);
        Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_scroll = {
        let scroll_top = scroll_top.clone();
        let viewport = viewport.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            scroll_top.set(el.scroll_top() as f64);
            viewport.set(el.client_height() as f64);
        })
    };

    let n = visible.len();
    let first = ((*scroll_top / ROW_HEIGHT) as usize)
        .saturating_sub(OVERSCAN)
        .min(n);
    let count = ((*viewport / ROW_HEIGHT) as usize + 2 * OVERSCAN).min(n - first);
    let header_cell = |column: Column, label: &str| {
        let sorted = filters.sort == column;
        let aria_sort = if sorted {
            if filters.ascending {
                "ascending"
            } else {
                "descending"
            }
        } else {
            "none"
        };
        let onclick = {
            let filters = filters.clone();
            Callback::from(move |_: MouseEvent| {
                let mut next = (*filters).clone();
                if next.sort == column {
                    next.ascending = !next.ascending;
                } else {
                    next.sort = column;
                    next.ascending = true;
                }
                filters.set(next);
            })
        };
        html! {
            <th scope="col" aria-sort={aria_sort}>
                <button class="sort" {onclick}>{ label.to_string() }<span aria-hidden="true">{ if sorted { if filters.ascending { " ▲" } else { " ▼" } } else { "" } }</span></button>
            </th>
        }
    };
    let body_rows = visible[first..first + count].iter().enumerate().map(|(offset, &i)| {
        let r = &rows[i];
        let edit = {
            let navigator = navigator.clone();
            let id = r.id.clone();
            Callback::from(move |_| navigator.push(&Route::EditExemption { id: id.clone() }))
        };
        let delete = {
            let confirm = confirm.clone();
            let pair = (r.id.clone(), r.name.clone());
            Callback::from(move |_| confirm.set(Some(pair.clone())))
        };
        let renew = {
            let renewing = renewing.clone();
            let e = &ctx.analysis.exemptions[r.index];
            let triple = (r.id.clone(), r.name.clone(), e.description.clone().unwrap_or_default());
            Callback::from(move |_| renewing.set(Some(triple.clone())))
        };
        let name_id = format!("exemption-name-{}", r.index);
        let row_flags = flags.get(r.index).cloned().unwrap_or_default();
        html! {
            <tr key={r.id.clone()} aria-rowindex={(first + offset + 2).to_string()} style={format!("height:{ROW_HEIGHT}px")}>
                <th scope="row" id={name_id.clone()} class="name-cell">
                    <RouteLink to={Route::EditExemption { id: r.id.clone() }}>{ r.name.clone() }</RouteLink>
                </th>
                <td>{ category_label(r.category) }</td>
                <td>{ r.cloud.as_str() }</td>
                <td class="truncate" title={r.scope_title.clone()}>{ r.scope.clone() }</td>
                <td class="truncate" title={r.target.clone()}>{ r.target.clone() }</td>
                <td>{ expiry_text(r) }</td>
                <td class="number">{ r.affected }</td>
                <td>{ for row_flags.iter().map(|f| html! { <span class="badge warning">{ *f }</span> }) }</td>
                <td>{ r.created.clone() }</td>
                <td><RowMenu label={r.name.clone()} described_by={name_id} on_edit={edit} on_delete={delete} on_renew={Some(renew)} /></td>
            </tr>
        }
    });
    let renew_dialog = (*renewing).clone().map(|(id, name, description)| {
        let state = ctx.state.clone();
        let close = renewing.clone();
        let on_renew = Callback::from(move |(expires_on, justification): (chrono::DateTime<chrono::Utc>, String)| {
            state.dispatch(Action::Renew { id: id.clone(), expires_on, justification, at: clock::now() });
            close.set(None);
        });
        let close = renewing.clone();
        html! { <RenewDialog name={name} description={description} {on_renew} on_cancel={Callback::from(move |_| close.set(None))} /> }
    });
    let finding_items = messages.iter().map(|(message, id)| {
        html! { <li>{ message.clone() }{ " " }<RouteLink to={Route::EditExemption { id: id.clone() }}>{ "Open" }</RouteLink></li> }
    });
    let ask = {
        let findings_asked = findings_asked.clone();
        Callback::from(move |_: MouseEvent| findings_asked.set(true))
    };
    let findings_button = (!ready && !ctx.analysis.small()).then(|| html! {
        <p>
            if *findings_asked {
                <span role="status">{ "Checking every exemption against every assessment…" }</span>
            } else {
                <button class="secondary" onclick={ask}>{ "Check for overlaps and stale exemptions" }</button>
            }
        </p>
    });
    let findings_panel = (finding_count > 0).then(|| html! {
        <details class="findings">
            <summary>{ format!("Review findings ({finding_count})") }</summary>
            <ul class="plain">{ for finding_items }</ul>
            if finding_count > messages.len() {
                <p class="muted small">{ format!("The first {} are shown.", messages.len()) }</p>
            }
        </details>
    });
    let dialog = (*confirm).clone().map(|(id, name)| {
        let state = ctx.state.clone();
        let close = confirm.clone();
        let on_confirm = Callback::from(move |_| {
            state.dispatch(Action::Delete(id.clone(), clock::now()));
            close.set(None);
        });
        let close = confirm.clone();
        html! {
            <ConfirmDialog title="Delete exemption" confirm_label="Delete"
                message={format!("Delete the exemption “{name}”? Its resources count against their recommendations again. You can undo this for a few seconds.")}
                {on_confirm} on_cancel={Callback::from(move |_| close.set(None))} />
        }
    });
    let top_pad = first as f64 * ROW_HEIGHT;
    let bottom_pad = (n - first - count) as f64 * ROW_HEIGHT;
    html! {
        <div class="page">
            { header(create) }
            <div class="toolbar" role="search">
                <label for="exemption-search" class="sr-only">{ "Search exemptions" }</label>
                <input id="exemption-search" type="search" placeholder="Search by name, description, scope or recommendation"
                    value={filters.text.clone()} oninput={on_text} />
                <label class="inline">{ "Category" }
                    <select onchange={select(|f, v| f.category = v)}>
                        <option value="" selected={filters.category.is_empty()}>{ "All" }</option>
                        <option value="mitigated" selected={filters.category == "mitigated"}>{ "Mitigated" }</option>
                        <option value="waiver" selected={filters.category == "waiver"}>{ "Waiver" }</option>
                    </select>
                </label>
                <label class="inline">{ "Cloud" }
                    <select onchange={select(|f, v| f.cloud = v)}>
                        <option value="" selected={filters.cloud.is_empty()}>{ "All" }</option>
                        { for Cloud::ALL.iter().map(|c| html! { <option value={c.as_str()} selected={filters.cloud == c.as_str()}>{ c.as_str() }</option> }) }
                    </select>
                </label>
                <label class="inline">{ "Status" }
                    <select onchange={select(|f, v| f.status = v)}>
                        <option value="" selected={filters.status.is_empty()}>{ "All" }</option>
                        <option value="active" selected={filters.status == "active"}>{ "Active" }</option>
                        <option value="expired" selected={filters.status == "expired"}>{ "Expired" }</option>
                    </select>
                </label>
            </div>
            { for findings_button }
            { for findings_panel }
            <p class="muted small" role="status" aria-live="polite">{ format!("Showing {n} of {total} exemptions") }</p>
            <div class="table-scroll" ref={scroller} onscroll={on_scroll} tabindex="0" aria-label="Exemptions table, scrollable">
                <table class="grid" aria-label="Exemptions" aria-rowcount={(n + 1).to_string()}>
                    <thead>
                        <tr aria-rowindex="1">
                            { header_cell(Column::Name, "Name") }
                            { header_cell(Column::Category, "Category") }
                            { header_cell(Column::Cloud, "Cloud") }
                            <th scope="col">{ "Scope" }</th>
                            <th scope="col">{ "Exempted" }</th>
                            { header_cell(Column::Expiry, "Expiry") }
                            { header_cell(Column::Affected, "Resources affected") }
                            <th scope="col">{ "Findings" }</th>
                            { header_cell(Column::Created, "Created") }
                            <th scope="col"><span class="sr-only">{ "Actions" }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        if top_pad > 0.0 { <tr aria-hidden="true" class="spacer" style={format!("height:{top_pad}px")}></tr> }
                        { for body_rows }
                        if bottom_pad > 0.0 { <tr aria-hidden="true" class="spacer" style={format!("height:{bottom_pad}px")}></tr> }
                    </tbody>
                </table>
            </div>
            { for dialog }
            { for renew_dialog }
        </div>
    }
}

fn expiry_text(r: &Row) -> Html {
    match r.expiry {
        Expiry::Never => html! { <span class="muted">{ "Never" }</span> },
        e => {
            html! { <span class="expiry"><span>{ r.expires.clone() }</span>{ expiry_badge(e) }</span> }
        }
    }
}

fn header(create: Callback<MouseEvent>) -> Html {
    html! {
        <>
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <RouteLink to={Route::Environments}>{ "Environment settings" }</RouteLink>
            </nav>
            <div class="page-header">
                <h1>{ "Exemptions" }</h1>
                <div class="actions">
                    <RouteLink to={Route::History} class="button">{ "History" }</RouteLink>
                    <button class="primary" onclick={create}>{ "+ Create" }</button>
                </div>
            </div>
        </>
    }
}
