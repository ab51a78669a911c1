//! The history of every exemption: created, edited (each field's old and
//! new value), renewed, deleted and restored, newest first. Deleted
//! exemptions stay here.

use crate::client::use_query;
use crate::components::link::RouteLink;
use crate::components::table::TableWrap;
use crate::context::use_ctx;
use crate::protocol::ask;
use crate::route::Route;
use web_sys::HtmlInputElement;
use yew::prelude::*;

const SHOWN: u32 = 1000;

#[function_component(History)]
pub fn history() -> Html {
    let ctx = use_ctx();
    let text = use_state(String::new);
    let rows = use_query(Some(ask::history((*text).clone(), SHOWN)), ctx.revision());
    let on_search = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let body = match &rows.data {
        None => html! { <p class="muted" role="status">{ "Loading…" }</p> },
        Some(data) if data.rows.is_empty() && text.is_empty() => {
            html! { <p class="muted">{ "Nothing has happened yet." }</p> }
        }
        Some(data) => {
            let (list, total) = (&data.rows, data.total);
            html! {
                <>
                    <p class="muted small" role="status">{ format!("{total} events") }
                        if total as usize > list.len() { { format!("; the newest {} are shown", list.len()) } }
                    </p>
                    <TableWrap label="Exemption history">
                    <table class="grid" aria-label="Exemption history">
                        <thead><tr><th scope="col">{ "When" }</th><th scope="col">{ "Exemption" }</th><th scope="col">{ "Event" }</th><th scope="col">{ "Details" }</th></tr></thead>
                        <tbody>{ for list.iter().map(|h| html! {
                            <tr>
                                <td class="nowrap">{ h.at.clone() }</td>
                                <th scope="row" class="wrap">
                                    if h.exists {
                                        <RouteLink to={Route::Exemption { id: h.id.clone() }}>{ h.name.clone() }</RouteLink>
                                    } else {
                                        { h.name.clone() }<span class="muted small">{ " (deleted)" }</span>
                                    }
                                </th>
                                <td>{ h.event.clone() }</td>
                                <td class="wrap">
                                    <ul class="plain">{ for h.details.iter().map(|d| html! { <li>{ d.clone() }</li> }) }</ul>
                                </td>
                            </tr>
                        }) }</tbody>
                    </table>
                    </TableWrap>
                </>
            }
        }
    };
    html! {
        <div class="page">
            <nav class="breadcrumb" aria-label="Breadcrumb"><RouteLink to={Route::Exemptions}>{ "Exemptions" }</RouteLink></nav>
            <h1>{ "Exemption history" }</h1>
            <div class="toolbar" role="search">
                <label for="history-search" class="sr-only">{ "Search history" }</label>
                <input id="history-search" type="search" placeholder="Search by exemption name" value={(*text).clone()} oninput={on_search} />
            </div>
            { body }
        </div>
    }
}
