//! Saving whenever the worker holds changes storage does not.

use crate::client::Engine;
use crate::persist;
use crate::state::{AppState, SaveStatus};
use yew::prelude::*;

/// Saves after every change; after a failure, again only once something
/// changes.
#[hook]
pub fn use_autosave(state: &UseReducerHandle<AppState>, engine: &UseStateHandle<Option<Engine>>) {
    // Save whenever the worker holds changes storage does not; after a
    // failure, again only once something changes.
    let saving = use_mut_ref(|| false);
    let attempted = use_mut_ref(|| u64::MAX);
    let state = state.clone();
    let engine: Option<Engine> = (**engine).clone();
    let dirty = state.summary.as_ref().is_some_and(|s| s.status.dirty);
    let key = (
        state.revision(),
        dirty,
        state.save.clone(),
        state.opened.clone(),
    );
    use_effect_with(key, move |(_, dirty, save, opened)| {
        let blocked = matches!(
            save,
            SaveStatus::Stopped(_) | SaveStatus::Unavailable(_) | SaveStatus::NotKept(_)
        );
        let revision = state.revision();
        let retry = !matches!(save, SaveStatus::Failed(_)) || *attempted.borrow() != revision;
        if let (true, false, true, Some(engine), Some(env)) =
            (*dirty, blocked, retry, engine, opened.clone())
        {
            if !*saving.borrow() {
                *saving.borrow_mut() = true;
                *attempted.borrow_mut() = revision;
                let overwrite = state
                    .recovered
                    .as_ref()
                    .is_some_and(|r| r.backup.as_deref() == Some(""));
                let dispatch = Callback::from(move |a| state.dispatch(a));
                wasm_bindgen_futures::spawn_local(async move {
                    persist::save(engine, env, overwrite, dispatch).await;
                    *saving.borrow_mut() = false;
                });
            }
        }
    });
}
