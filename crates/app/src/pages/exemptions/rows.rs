//! The list's header (sortable columns) and rows.

use super::bulk::Bulk;
use super::Asking;
use crate::components::badges::expiry_badge;
use crate::components::icon::{icon, Icon};
use crate::components::labels::{category, thousands};
use crate::components::link::RouteLink;
use crate::components::menu::{Decide, RowMenu};
use crate::route::Route;
use exempt_core::exemption::{same_person, State};
use exempt_core::lint::Level;
use exempt_core::session::{ExemptionQuery, ExemptionRow, ExemptionSort, Expiry, ProblemCounts};
use yew::prelude::*;

/// Each column's share of the table's width, in percent.
/// Thirteen columns in the width of a 1280 px window's content: the owner
/// and the ticket share a cell, and so do the review's findings and the
/// linter's problems; names wrap to two lines.
pub const WIDTHS: &[u8] = &[3, 15, 7, 7, 6, 9, 9, 9, 7, 8, 8, 8, 4];

pub fn header(query: &ExemptionQuery, on_sort: &Callback<ExemptionSort>) -> Html {
    let cell = |column: ExemptionSort, label: &str, class: &str| {
        let sorted = query.sort == column;
        let aria_sort = match (sorted, query.ascending) {
            (false, _) => "none",
            (true, true) => "ascending",
            (true, false) => "descending",
        };
        let onclick = {
            let on_sort = on_sort.clone();
            Callback::from(move |_: MouseEvent| on_sort.emit(column))
        };
        let arrow = match (sorted, query.ascending) {
            (false, _) => html! {},
            (true, true) => icon(Icon::SortUp),
            (true, false) => icon(Icon::SortDown),
        };
        html! {
            <th scope="col" role="columnheader" aria-sort={aria_sort} class={(!class.is_empty()).then(|| class.to_string())}>
                <button class="sort" {onclick}>{ label.to_string() }{ arrow }</button>
            </th>
        }
    };
    html! {
        <tr role="row">
            <th scope="col" role="columnheader"><span class="sr-only">{ "Select" }</span></th>
            { cell(ExemptionSort::Name, "Name", "") }
            <th scope="col" role="columnheader">{ "State" }</th>
            { cell(ExemptionSort::Category, "Category", "") }
            { cell(ExemptionSort::Cloud, "Cloud", "") }
            <th scope="col" role="columnheader">{ "Scope" }</th>
            <th scope="col" role="columnheader">{ "Exempted" }</th>
            { cell(ExemptionSort::Expiry, "Expiry", "") }
            { cell(ExemptionSort::Affected, "Resources", "number") }
            <th scope="col" role="columnheader">{ "Owner · ticket" }</th>
            <th scope="col" role="columnheader">{ "Findings · problems" }</th>
            { cell(ExemptionSort::Created, "Created", "") }
            <th scope="col" role="columnheader" class="sticky-end"><span class="sr-only">{ "Actions" }</span></th>
        </tr>
    }
}

fn expiry(r: &ExemptionRow) -> Html {
    match r.expiry {
        Expiry::Never => html! { <span class="muted">{ "Never" }</span> },
        // The State column says Expired: the date alone here.
        Expiry::Expired => {
            html! { <span class="expiry"><span>{ r.expires.clone().unwrap_or_default() }</span></span> }
        }
        e => {
            html! { <span class="expiry"><span>{ r.expires.clone().unwrap_or_default() }</span>{ " " }{ expiry_badge(e) }</span> }
        }
    }
}

/// A ticket as text, or as a link when it is a web address.
fn ticket(t: &Option<String>) -> Html {
    match t.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => html! { <span class="muted">{ "—" }</span> },
        Some(t) if t.starts_with("https://") || t.starts_with("http://") => {
            html! { <a href={t.to_string()} target="_blank" rel="noopener noreferrer" class="truncate-link" title={t.to_string()}>{ t.to_string() }</a> }
        }
        Some(t) => html! { { t.to_string() } },
    }
}

/// Its lint problems by level, coloured by the most serious; the
/// Problems panel and `exempt lint` say what each is.
fn problems(p: Option<ProblemCounts>) -> Html {
    let Some(p) = p else {
        // Words, not a hidden label: an absolutely placed label would
        // escape the table's scrolling frame and widen the page.
        return html! { <span class="muted">{ "Checking…" }</span> };
    };
    let class = match p.worst() {
        None => return html! { <span class="muted">{ "—" }</span> },
        Some(Level::Error) => "badge danger",
        Some(Level::Warning) => "badge warning",
        Some(Level::Note) => "badge neutral",
    };
    let plural = |n: u32, word: &str| {
        (n > 0).then(|| format!("{n} {word}{}", if n == 1 { "" } else { "s" }))
    };
    let text = [
        plural(p.errors, "error"),
        plural(p.warnings, "warning"),
        plural(p.notes, "note"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    html! { <span class={class}>{ text }</span> }
}

fn state(s: State) -> Html {
    let class = match s {
        State::Active => "badge success",
        State::Pending => "badge warning",
        State::Rejected => "badge danger",
        State::Expired => "badge neutral",
    };
    html! { <span class={class}>{ s.label() }</span> }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    row: ExemptionRow,
    position: usize,
    on_ask: Callback<Asking>,
    selected: bool,
    on_select: Callback<(String, bool)>,
    /// Who this browser records as the decider.
    me: Option<std::rc::Rc<str>>,
}

/// One row: a component of its own, so that a render of the page (a flag
/// flipping while the next window loads) re-renders no row whose data is
/// unchanged.
#[function_component(Row)]
fn row(props: &RowProps) -> Html {
    let navigator = crate::nav::use_go();
    let r = &props.row;
    let id = r.id.clone().unwrap_or_default();
    let edit = {
        let id = id.clone();
        Callback::from(move |_| navigator.emit(Route::EditExemption { id: id.clone() }))
    };
    let ask = |a: Asking| {
        let on_ask = props.on_ask.clone();
        Callback::from(move |_| on_ask.emit(a.clone()))
    };
    let delete = ask(Asking::Delete {
        id: id.clone(),
        name: r.name.clone(),
    });
    let renew = ask(Asking::Renew {
        id: id.clone(),
        name: r.name.clone(),
        description: r.description.clone().unwrap_or_default(),
    });
    let name_id = format!("exemption-name-{}", r.exemption.index());
    let decide = (r.state == State::Pending || r.state == State::Active).then(|| {
        let (on_ask, id, name) = (props.on_ask.clone(), id.clone(), r.name.clone());
        let refused = match (&props.me, &r.requested_by) {
            (None, _) => Some("Enter your name or e-mail in Settings to decide.".into()),
            (Some(me), Some(by)) if same_person(me, by) => {
                Some("You asked for this exemption: someone else decides.".into())
            }
            _ => None,
        };
        Decide {
            on_decide: Callback::from(move |approve: bool| {
                on_ask.emit(Asking::Bulk {
                    action: if approve { Bulk::Approve } else { Bulk::Reject },
                    ids: std::rc::Rc::new(vec![id.clone()]),
                    what: format!("“{name}”"),
                })
            }),
            refused,
        }
    });
    html! {
        <tr role="row" aria-rowindex={(props.position + 2).to_string()}>
            <td role="cell"><input type="checkbox" aria-label={format!("Select {}", r.name)} checked={props.selected}
                onchange={{ let (id, on_select) = (id.clone(), props.on_select.clone());
                    Callback::from(move |e: Event| on_select.emit((id.clone(), e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))) }} /></td>
            <th scope="row" role="rowheader" id={name_id.clone()} class="two-lines" title={r.name.clone()}>
                <RouteLink to={Route::Exemption { id: id.clone() }}>{ r.name.clone() }</RouteLink>
            </th>
            <td role="cell">{ state(r.state) }</td>
            <td role="cell">{ category(r.category) }</td>
            <td role="cell">{ r.cloud.as_str() }</td>
            <td role="cell" class="truncate reveal" title={r.scopes.join("\n")} tabindex="0" aria-label={format!("Scope: {}", r.scopes.join(", "))}>{ r.scope.clone() }</td>
            <td role="cell" class="truncate reveal" title={r.target.clone()} tabindex="0">{ r.target.clone() }</td>
            <td role="cell" class="expiry-cell">{ expiry(r) }</td>
            <td role="cell" class="number">{ thousands(r.affected as u64) }</td>
            <td role="cell" class="stacked" title={r.owner.clone().unwrap_or_default()}>
                <span class="line">{ r.owner.clone().unwrap_or_else(|| "—".into()) }</span>
                <span class="line small">{ ticket(&r.ticket) }</span>
            </td>
            <td role="cell" class="stacked">
                if !r.flags.is_empty() {
                    <span class="line">{ for r.flags.iter().map(|f| html! { <span class="badge warning">{ f.label() }</span> }) }</span>
                }
                <span class="line" data-testid="row-problems">{ problems(r.problems) }</span>
            </td>
            <td role="cell">{ r.created.clone().unwrap_or_else(|| "—".into()) }</td>
            <td role="cell" class="sticky-end"><RowMenu label={r.name.clone()} described_by={name_id} on_edit={edit} on_delete={delete} on_renew={Some(renew)} {decide} /></td>
        </tr>
    }
}

pub fn rows(
    rows: &[ExemptionRow],
    offset: usize,
    on_ask: &Callback<Asking>,
    selected: &[String],
    on_select: &Callback<(String, bool)>,
    me: Option<std::rc::Rc<str>>,
) -> Vec<Html> {
    let items = rows.iter().enumerate().map(|(i, r)| {
        let key =
            r.id.clone()
                .unwrap_or_else(|| r.exemption.index().to_string());
        let ticked = r.id.as_ref().is_some_and(|id| selected.contains(id));
        html! { <Row {key} row={r.clone()} position={offset + i} on_ask={on_ask.clone()} selected={ticked} on_select={on_select.clone()} me={me.clone()} /> }
    });
    items.collect()
}
