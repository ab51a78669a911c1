//! Other tabs' saves and settings, heard through `storage` events.

use crate::client::Engine;
use crate::protocol::ask;
use crate::protocol::EnvironmentChoice;
use crate::state::{Action, AppState};
use crate::storage;
use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Takes in what another tab saved, and follows the environment it chose.
#[hook]
pub fn use_cross_tab(state: &UseReducerHandle<AppState>, engine: &UseStateHandle<Option<Engine>>) {
    // Other tabs' saves and settings. The listener lives across renders, so
    // it reads the environment shown through a cell kept current here.
    let opened = use_mut_ref(|| None::<EnvironmentChoice>);
    opened.borrow_mut().clone_from(&state.opened);
    let state = state.clone();
    let engine: Option<Engine> = (**engine).clone();
    let opened = opened.clone();
    use_effect_with(engine.is_some(), move |_| {
        let listener = engine.map(|engine| {
            let window = web_sys::window().expect("window");
            EventListener::new(&window, "storage", move |event| {
                let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
                    return;
                };
                let Some((key, text)) = storage::changed(event) else {
                    return;
                };
                // Cloned: a dispatch below may render, which updates the cell.
                let current = opened.borrow().clone();
                let hosted = current == Some(EnvironmentChoice::Hosted);
                if key == storage::environments::ENVIRONMENTS_KEY {
                    state.dispatch(Action::EnvironmentsChanged);
                    // The environment shown was deleted in another tab.
                    if let Some(EnvironmentChoice::Imported(id)) = &current {
                        if !storage::environments::list().iter().any(|e| &e.id == id) {
                            state.dispatch(Action::Notice(
                                "The environment shown was deleted in another tab: the demo environment is shown instead.".into(),
                            ));
                            state.dispatch(Action::Choose(EnvironmentChoice::Demo));
                        }
                    }
                } else if key == storage::identity::IDENTITY_KEY {
                    state.dispatch(Action::Me(
                        text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).map(Into::into),
                    ));
                } else if key == storage::SETTINGS_KEY && !hosted {
                    if let Some(env) =
                        storage::environment().and_then(|e| EnvironmentChoice::from_key(&e))
                    {
                        state.dispatch(Action::Choose(env));
                    }
                } else if let Some(env) = current.as_ref() {
                    if key == storage::document_key(env.key()) {
                        engine.0.ask(ask::external(text), |_| {});
                    }
                }
            })
        });
        move || drop(listener)
    });
}
