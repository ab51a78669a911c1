//! The wizard's steps as tabs: a click or the arrow keys go to a step (the
//! reducer refuses to pass a step with errors), and focus follows.

use super::model::{Rules, Step};
use super::reducer::{WizardAction, WizardState};
use std::rc::Rc;
use yew::prelude::*;

/// The tab of `step`.
pub(super) fn tab(step: Step, wizard: &UseReducerHandle<WizardState>, rules: &Rc<Rules>) -> Html {
    let selected = wizard.step == step;
    let onclick = {
        let (wizard, rules) = (wizard.clone(), rules.clone());
        Callback::from(move |_: MouseEvent| {
            wizard.dispatch(WizardAction::GoTo(step, rules.clone()))
        })
    };
    let onkeydown = {
        let (wizard, rules) = (wizard.clone(), rules.clone());
        Callback::from(move |e: KeyboardEvent| {
            let target = match e.key().as_str() {
                "ArrowRight" => step.next(),
                "ArrowLeft" => step.previous(),
                "Home" => Step::Basics,
                "End" => Step::Review,
                _ => return,
            };
            e.prevent_default();
            wizard.dispatch(WizardAction::GoTo(target, rules.clone()));
            focus_tab(target);
        })
    };
    let index = Step::ALL.iter().position(|s| *s == step).unwrap_or(0) + 1;
    html! {
        <button role="tab" id={tab_id(step)} aria-selected={selected.to_string()} aria-controls="wizard-panel"
            tabindex={if selected { "0" } else { "-1" }} class={classes!("tab", selected.then_some("selected"))}
            {onclick} {onkeydown}>
            <span class="tab-number" aria-hidden="true">{ index }</span>{ step.label() }
        </button>
    }
}

/// The id of `step`'s tab, which names the panel.
pub(super) fn tab_id(step: Step) -> &'static str {
    match step {
        Step::Basics => "tab-basics",
        Step::Recommendations => "tab-recommendations",
        Step::Review => "tab-review",
    }
}

fn focus_tab(step: Step) {
    crate::nav::focus_by_id(tab_id(step));
}
