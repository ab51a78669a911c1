//! Starting the worker, and choosing the environment remembered in
//! settings, in a task after the first render's (see
//! `components::defer`); claiming this tab's id for its drafts.

use crate::client::{Engine, EngineClient};
use crate::protocol::{EnvironmentChoice, Event};
use crate::state::{Action, AppState, Review};
use crate::{embed, storage};
use gloo_events::EventListener;
use std::rc::Rc;
use yew::prelude::*;

fn on_event(state: UseReducerHandle<AppState>, review: UseStateHandle<Review>) -> Callback<Event> {
    Callback::from(move |event: Event| match event {
        Event::Ready => state.dispatch(Action::EngineReady),
        Event::Progress {
            id,
            label,
            done,
            total,
        } => {
            let label = if total > 0 {
                format!("{label} ({}%)", u64::from(done) * 100 / u64::from(total))
            } else {
                label
            };
            if id == 0 {
                review.set(Review(Some(label)));
            } else {
                state.dispatch(Action::Progress(label));
            }
        }
        Event::State(summary) => {
            if summary.status.findings_ready && summary.status.worth_ready {
                review.set(Review(None));
            }
            state.dispatch(Action::State(Rc::new(*summary)))
        }
        Event::Crashed(why) => state.dispatch(Action::EngineCrashed(why)),
    })
}

/// Starts the worker once; `engine` holds it when it listens.
#[hook]
pub fn use_worker(
    state: &UseReducerHandle<AppState>,
    engine: &UseStateHandle<Option<Engine>>,
    review: &UseStateHandle<Review>,
) {
    // Start the worker, and choose the environment remembered in settings,
    // in a task after the first render's (see `components::defer`).
    let state = state.clone();
    let engine = engine.clone();
    let review = review.clone();
    use_effect_with((), move |_| {
        let start = {
            let state = state.clone();
            gloo_timers::callback::Timeout::new(0, move || {
                let unsettled = {
                    let state = state.clone();
                    Callback::from(move |n| state.dispatch(Action::Unsettled(n)))
                };
                match EngineClient::start(on_event(state.clone(), review), unsettled) {
                    Ok(client) => engine.set(Some(Engine(client))),
                    Err(why) => state.dispatch(Action::EngineCrashed(why)),
                }
                if let Err(why) = storage::available() {
                    state.dispatch(Action::Unavailable(why));
                }
                if let Some(why) = embed::storage_kept_apart() {
                    state.dispatch(Action::NotKept(why));
                }
                state.dispatch(Action::Me(storage::identity::load().map(Into::into)));
                let chosen = storage::environment()
                    .and_then(|e| EnvironmentChoice::from_key(&e))
                    .unwrap_or(EnvironmentChoice::Demo);
                state.dispatch(Action::Choose(chosen));
                // Drafts are kept under this tab's id: claimed once, and
                // the environment opens (and the wizard reads drafts) after.
                let claimed = state.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let id = storage::drafts::claim_tab().await;
                    claimed.dispatch(Action::Tab(id.into()));
                });
            })
        };
        // A newer build was installed for offline use (see web/boot.js).
        let window = web_sys::window().expect("a window");
        let update = EventListener::new(&window, "exempt:update", move |_| {
            state.dispatch(Action::Notice(
                "A new version of Exempt has been installed. Reload the page to use it.".into(),
            ))
        });
        move || {
            drop(start);
            drop(update);
        }
    });
}
