//! Moving between pages. In the full app a move adds a history entry; in an
//! embedded view it replaces the current one, so the host tab's Back button
//! does not walk through clicks made inside the frame, and a page with no
//! compact view opens in the full app, in a new tab.

use crate::route::Route;
use yew::prelude::*;
use yew_router::prelude::*;

/// Whether the page shown is a compact view for an iframe.
#[hook]
pub fn use_embedded() -> bool {
    use_route::<Route>().is_some_and(|r| r.is_embed())
}

/// The full app's address for `route`: this build's page, without the
/// embed's query (which names the host), at the route's full page.
pub fn full_url(route: &Route) -> String {
    let location = web_sys::window().map(|w| w.location());
    let base = location
        .and_then(|l| Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?)))
        .unwrap_or_default();
    format!("{base}#{}", route.full().to_path())
}

/// Opens the full app at `route` in a new tab, with no way back into this
/// frame from it.
pub fn open_full(route: &Route) {
    if let Some(w) = web_sys::window() {
        let _ = w.open_with_url_and_target_and_features(&full_url(route), "_blank", "noopener");
    }
}

/// Moves to a page: pushed in the full app, replaced in an embedded view.
#[hook]
pub fn use_go() -> Callback<Route> {
    let navigator = use_navigator();
    let embedded = use_embedded();
    Callback::from(move |to: Route| {
        let Some(n) = &navigator else { return };
        if !embedded {
            n.push(&to);
        } else if let Some(compact) = to.embedded() {
            n.replace(&compact);
        } else {
            open_full(&to);
        }
    })
}

/// Moves focus to the element with `id`, where the user's next step is.
pub fn focus_by_id(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
    {
        let _ = el.focus();
    }
}
