//! Opening the chosen environment once the worker listens, the shell is
//! shown and this tab's id is claimed.

use crate::client::Engine;
use crate::persist;
use crate::state::{AppState, SaveStatus};
use yew::prelude::*;

/// Opens `state.environment` whenever it is not the one opened.
#[hook]
pub fn use_open(
    state: &UseReducerHandle<AppState>,
    engine: &UseStateHandle<Option<Engine>>,
    shell: bool,
) {
    let state = state.clone();
    let engine: Option<Engine> = (**engine).clone();
    let ready = shell && state.tab.is_some();
    use_effect_with(
        (ready, state.environment.clone(), state.open_generation),
        move |(ready, chosen, _)| {
            if let (true, Some(chosen), Some(engine)) = (*ready, chosen.clone(), engine) {
                if state.opened.as_ref() != Some(&chosen) {
                    let may_write = !matches!(state.save, SaveStatus::NotKept(_));
                    let dispatch = Callback::from(move |a| state.dispatch(a));
                    wasm_bindgen_futures::spawn_local(persist::open(
                        engine, chosen, may_write, dispatch,
                    ));
                }
            }
        },
    );
}
