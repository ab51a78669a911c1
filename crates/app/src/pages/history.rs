//! The history of every exemption: created, edited (which fields), renewed,
//! deleted and restored, newest first. Deleted exemptions stay here.

use crate::components::link::RouteLink;
use crate::context::use_ctx;
use crate::route::Route;
use exempt_core::document::Change;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[function_component(History)]
pub fn history() -> Html {
    let ctx = use_ctx();
    let query = use_state(String::new);
    let q = query.trim().to_lowercase();
    let rows = ctx
        .state
        .history
        .iter()
        .rev()
        .filter(|h| q.is_empty() || h.name.to_lowercase().contains(&q))
        .take(1000)
        .map(|h| {
            let (event, detail) = match &h.change {
                Change::Created => ("Created", String::new()),
                Change::Edited { fields } => ("Edited", if fields.is_empty() { "no field changed".into() } else { format!("changed: {}", fields.join(", ")) }),
                Change::Renewed { from, to } => ("Renewed", format!("expiry {} → {}", from.as_deref().unwrap_or("none"), to)),
                Change::Deleted => ("Deleted", String::new()),
                Change::Restored => ("Restored", "by Undo".into()),
            };
            let exists = ctx.state.find(&h.id).is_some();
            html! {
                <tr>
                    <td>{ h.at.replace('T', " ").trim_end_matches('Z').to_string() }</td>
                    <th scope="row">
                        if exists {
                            <RouteLink to={Route::EditExemption { id: h.id.clone() }}>{ h.name.clone() }</RouteLink>
                        } else {
                            { h.name.clone() }<span class="muted small">{ " (deleted)" }</span>
                        }
                    </th>
                    <td>{ event }</td>
                    <td>{ detail }</td>
                </tr>
            }
        });
    let on_search = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    html! {
        <div class="page">
            <nav class="breadcrumb" aria-label="Breadcrumb"><RouteLink to={Route::Exemptions}>{ "Exemptions" }</RouteLink></nav>
            <h1>{ "Exemption history" }</h1>
            <div class="toolbar" role="search">
                <label for="history-search" class="sr-only">{ "Search history" }</label>
                <input id="history-search" type="search" placeholder="Search by exemption name" value={(*query).clone()} oninput={on_search} />
            </div>
            if ctx.state.history.is_empty() {
                <p class="muted">{ "Nothing has happened yet." }</p>
            } else {
                <table class="grid" aria-label="Exemption history">
                    <thead><tr><th scope="col">{ "When (UTC)" }</th><th scope="col">{ "Exemption" }</th><th scope="col">{ "Event" }</th><th scope="col">{ "Details" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            }
        </div>
    }
}
