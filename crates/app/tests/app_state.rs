//! The page's state: every page reads it, so an action that changes nothing
//! must keep it as it was, or every page renders again for nothing.
#![cfg(target_arch = "wasm32")]

use exempt_app::protocol::EnvironmentChoice;
use exempt_app::state::{Action, AppState};
use std::rc::Rc;
use wasm_bindgen_test::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn opened() -> Rc<AppState> {
    let s = Rc::new(AppState::default());
    let s = s.reduce(Action::Choose(EnvironmentChoice::Demo));
    s.reduce(Action::Opened(EnvironmentChoice::Demo))
}

#[wasm_bindgen_test]
fn an_action_that_changes_nothing_keeps_the_same_state() {
    let before = opened();
    for action in [
        // A request's progress once the environment is open.
        Action::Progress("Evaluating the exemptions".into()),
        // The environment shown, chosen again.
        Action::Choose(EnvironmentChoice::Demo),
        Action::Dismiss(3),
        Action::ExpireToast(7),
    ] {
        let after = before.clone().reduce(action.clone());
        assert!(Rc::ptr_eq(&before, &after), "{action:?} made a new state");
    }
}

#[wasm_bindgen_test]
fn an_action_that_changes_something_makes_a_new_state() {
    let before = opened();
    let after = before
        .clone()
        .reduce(Action::Notice("Saved elsewhere".into()));
    assert!(!Rc::ptr_eq(&before, &after));
    assert_eq!(after.notices, vec!["Saved elsewhere".to_string()]);
    // Opening: its progress is shown.
    let opening = before.reduce(Action::Choose(EnvironmentChoice::Large));
    let progressed = opening
        .clone()
        .reduce(Action::Progress("Loading (40%)".into()));
    assert_eq!(progressed.opening.as_deref(), Some("Loading (40%)"));
}
