//! Whether changes are kept, always in view in the top bar; and what the
//! engine is doing when it takes a while.

use crate::context::use_ctx;
use crate::state::{Review, SaveStatus};
use exempt_core::workspace::Held;
use yew::prelude::*;

#[function_component(Status)]
pub fn status() -> Html {
    let ctx = use_ctx();
    let dirty = ctx.state.summary.as_ref().is_some_and(|s| s.status.dirty);
    let memory_only = ctx.state.summary.as_ref().and_then(|s| s.status.held);
    let (class, text) = match &ctx.state.save {
        _ if memory_only == Some(Held::Generated) => {
            ("status-pill info", "Generated data: not saved")
        }
        _ if memory_only == Some(Held::Hosted) => ("status-pill info", "Nothing is kept"),
        SaveStatus::NotKept(_) => ("status-pill info", "Nothing is kept"),
        SaveStatus::Unavailable(_) => ("status-pill danger", "Not saved: storage unavailable"),
        SaveStatus::Stopped(_) => ("status-pill danger", "Not saved: saving stopped"),
        SaveStatus::Failed(_) => ("status-pill danger", "Not saved"),
        SaveStatus::Saving => ("status-pill", "Saving…"),
        SaveStatus::Saved if dirty => ("status-pill", "Saving…"),
        SaveStatus::Saved => ("status-pill ok", "All changes saved"),
    };
    html! { <span class={class} role="status" aria-live="polite">{ text }</span> }
}

/// Background work in progress (the lifecycle review), shown quietly in
/// the top bar beside the save status: in the page it would push the page
/// down when it comes and up when it goes, away from the pointer.
#[function_component(WorkingIndicator)]
pub fn working_indicator() -> Html {
    let review = use_context::<Review>().unwrap_or_default();
    match &review.0 {
        Some(label) => html! {
            <p class="working muted small" role="status" aria-live="polite" title={format!("{label}…")}>
                <span class="spinner small" aria-hidden="true"></span>{ format!("{label}…") }
            </p>
        },
        None => html! {},
    }
}
