//! Expiry badges: "Expired", "Expires in N days".

use exempt_core::session::Expiry;
use yew::prelude::*;

/// The badge for an expiry, if it deserves one.
pub fn expiry_badge(expiry: Expiry) -> Html {
    match expiry {
        Expiry::Never => html! {},
        Expiry::Expired => html! { <span class="badge danger">{ "Expired" }</span> },
        Expiry::In(1) => html! { <span class="badge warning">{ "Expires in 1 day" }</span> },
        Expiry::In(d) if d <= 30 => {
            html! { <span class="badge warning">{ format!("Expires in {d} days") }</span> }
        }
        Expiry::In(_) => html! {},
    }
}
