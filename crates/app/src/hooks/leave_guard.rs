//! Asking before the tab goes while a change is not yet stored: a save
//! takes a moment (the worker merges, and the tabs' lock may be held by
//! another tab), and a reload or a closed tab in that moment would lose it.

use crate::state::{AppState, SaveStatus};
use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Listens for `beforeunload` while the worker holds changes that storage
/// does not, or has not yet reported that it holds the user's latest
/// (`in_flight`), and a save can still store them.
#[hook]
pub fn use_leave_guard(state: &UseReducerHandle<AppState>) {
    let dirty = state.summary.as_ref().is_some_and(|s| s.status.dirty);
    // Saving stopped or impossible: the page already says what is not kept,
    // and waiting would not store it.
    let storable = matches!(state.save, SaveStatus::Saved | SaveStatus::Saving);
    // Exemptions held in memory only (generated, or a host's) are never
    // stored: a change to them is not waiting for storage.
    let stored = state
        .summary
        .as_ref()
        .is_some_and(|s| s.status.held.is_none());
    let unsaved = dirty || (state.unsettled && stored);
    let pending = (unsaved && storable) || state.save == SaveStatus::Saving;
    use_effect_with(pending, move |pending| {
        let listener = pending.then(|| {
            let window = web_sys::window().expect("window");
            EventListener::new_with_options(
                &window,
                "beforeunload",
                EventListenerOptions::enable_prevent_default(),
                |event| {
                    event.prevent_default();
                    if let Some(e) = event.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                        // Older browsers ask only when a text is set.
                        e.set_return_value("Changes are still being saved.");
                    }
                },
            )
        });
        move || drop(listener)
    });
}
