//! A `<details>` panel whose contents are drawn only while it is open, so
//! that a long list costs nothing until someone asks for it.

use yew::prelude::*;

/// Whether the panel is open, and the `ontoggle` that keeps it so.
#[hook]
pub fn use_disclosure() -> (bool, Callback<Event>) {
    let open = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        use_callback((), move |e: Event, _| {
            let details: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            open.set(details.open());
        })
    };
    (*open, ontoggle)
}
