//! The Create / Edit exemption wizard: Basics, Recommendations, Review +
//! create, as in Defender for Cloud, with the impact shown before Create.

mod basics;
pub mod model;
pub mod reducer;
mod review;
mod scope_tree;
mod targets;

use crate::clock;
use crate::components::link::RouteLink;
use crate::context::use_ctx;
use crate::route::Route;
use crate::state::Action;
use crate::storage;
use exempt_core::document::Record;
use model::{validate_through, Draft, Rules, Step};
use reducer::{Editing, WizardAction, WizardState};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WizardProps {
    /// The exemption to edit; a new one when absent.
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

/// Props every step view gets.
#[derive(Properties, PartialEq, Clone)]
pub struct StepProps {
    pub wizard: Rc<WizardState>,
    pub dispatch: Callback<WizardAction>,
}

fn initial(existing: Option<&Record>) -> WizardState {
    let editing = existing.map(|r| Editing {
        id: r.exemption.id.clone().unwrap_or_default(),
        revision: r.revision,
    });
    // A draft in progress for the same exemption (or for a new one) wins.
    let target = editing.as_ref().map(|e| e.id.as_str());
    if let Some(saved) =
        storage::load_draft(target).and_then(|t| serde_json::from_str::<WizardState>(&t).ok())
    {
        if saved.editing.as_ref().map(|e| &e.id) == editing.as_ref().map(|e| &e.id) {
            return saved;
        }
    }
    WizardState::new(
        existing
            .map(|r| Draft::of(&r.exemption))
            .unwrap_or_default(),
        editing,
    )
}

fn new_id() -> String {
    let hex = |n: usize| -> String {
        (0..n)
            .map(|_| {
                char::from_digit((js_sys::Math::random() * 16.0) as u32 % 16, 16).unwrap_or('0')
            })
            .collect()
    };
    format!("{}-{}-4{}-a{}-{}", hex(8), hex(4), hex(3), hex(3), hex(12))
}

#[function_component(Wizard)]
pub fn wizard(props: &WizardProps) -> Html {
    let ctx = use_ctx();
    let navigator = use_navigator().expect("inside the router");
    let existing = props.id.as_ref().and_then(|id| ctx.state.find(id)).cloned();
    let wizard = {
        let existing = existing.clone();
        use_reducer(move || initial(existing.as_ref()))
    };
    let conflict = use_state(|| false);

    // Keep the draft while the wizard is open.
    use_effect_with(wizard.clone(), |w| {
        if let Ok(text) = serde_json::to_string(&**w) {
            storage::save_draft(w.editing.as_ref().map(|e| e.id.as_str()), &text);
        }
    });
    // Move focus to the first field in error.
    use_effect_with(wizard.focus, {
        let wizard = wizard.clone();
        move |_| {
            if let Some(field) = wizard.first_error() {
                let el = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id(field.element_id()))
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(el) = el {
                    let _ = el.focus();
                }
            }
        }
    });

    if props.id.is_some() && existing.is_none() {
        return html! {
            <div class="page">
                <h1>{ "Exemption not found" }</h1>
                <p>{ "It may have been deleted, in this tab or another one." }</p>
                <RouteLink to={Route::Exemptions}>{ "Back to Exemptions" }</RouteLink>
            </div>
        };
    }

    let rules = Rc::new(Rules {
        taken: ctx
            .state
            .records
            .iter()
            .filter(|r| {
                existing
                    .as_ref()
                    .is_none_or(|e| e.exemption.id != r.exemption.id)
            })
            .map(|r| r.exemption.name.trim().to_lowercase())
            .collect(),
        today: clock::today(),
    });
    let dispatch = {
        let wizard = wizard.clone();
        Callback::from(move |a: WizardAction| wizard.dispatch(a))
    };
    let editing = wizard.editing.is_some();
    let title = if editing {
        "Edit exemption"
    } else {
        "Create exemption"
    };

    let save = {
        let wizard = wizard.clone();
        let state = ctx.state.clone();
        let navigator = navigator.clone();
        let rules = rules.clone();
        let existing = existing.clone();
        let conflict = conflict.clone();
        move |overwrite: bool| {
            if let (Some(at), errors) =
                validate_through(Step::Recommendations, &wizard.draft, &rules)
            {
                wizard.dispatch(WizardAction::Refuse(at, errors));
                return;
            }
            let base = existing.as_ref().map(|r| &r.exemption);
            let mut exemption = match wizard.draft.to_exemption(base) {
                Ok(e) => e,
                Err(errors) => {
                    wizard.dispatch(WizardAction::Refuse(Step::Basics, errors));
                    return;
                }
            };
            let record = match (&wizard.editing, existing.as_ref()) {
                (Some(editing), Some(current)) => {
                    if current.revision != editing.revision && !overwrite {
                        conflict.set(true);
                        return;
                    }
                    Record {
                        exemption,
                        revision: current.revision + 1,
                    }
                }
                _ => {
                    exemption.id = Some(new_id());
                    exemption.created_on = Some(clock::now());
                    Record {
                        exemption,
                        revision: 1,
                    }
                }
            };
            if wizard.editing.is_some() {
                state.dispatch(Action::Update(record, clock::now()));
            } else {
                state.dispatch(Action::Create(record, clock::now()));
            }
            storage::clear_draft(wizard.editing.as_ref().map(|e| e.id.as_str()));
            navigator.push(&Route::Exemptions);
        }
    };
    let on_create = {
        let save = save.clone();
        Callback::from(move |_: MouseEvent| save(false))
    };
    let on_overwrite = Callback::from(move |_: MouseEvent| save(true));
    let on_cancel = {
        let navigator = navigator.clone();
        let wizard = wizard.clone();
        Callback::from(move |_: MouseEvent| {
            storage::clear_draft(wizard.editing.as_ref().map(|e| e.id.as_str()));
            navigator.push(&Route::Exemptions);
        })
    };
    let on_next = {
        let wizard = wizard.clone();
        let rules = rules.clone();
        Callback::from(move |_: MouseEvent| wizard.dispatch(WizardAction::Next(rules.clone())))
    };
    let on_previous = {
        let wizard = wizard.clone();
        Callback::from(move |_: MouseEvent| wizard.dispatch(WizardAction::Previous))
    };

    let tab = |step: Step| {
        let selected = wizard.step == step;
        let onclick = {
            let wizard = wizard.clone();
            let rules = rules.clone();
            Callback::from(move |_: MouseEvent| {
                wizard.dispatch(WizardAction::GoTo(step, rules.clone()))
            })
        };
        let onkeydown = {
            let wizard = wizard.clone();
            let rules = rules.clone();
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
    };
    let step_props = StepProps {
        wizard: (*wizard).clone().into(),
        dispatch,
    };
    let body = match wizard.step {
        Step::Basics => html! { <basics::Basics ..step_props.clone() /> },
        Step::Recommendations => html! { <targets::Targets ..step_props.clone() /> },
        Step::Review => html! { <review::Review ..step_props.clone() /> },
    };
    let error_count = wizard.errors.len();
    html! {
        <div class="page wizard">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <RouteLink to={Route::Environments}>{ "Environment settings" }</RouteLink>
                <span aria-hidden="true">{ " › " }</span>
                <RouteLink to={Route::Exemptions}>{ "Exemptions" }</RouteLink>
            </nav>
            <h1>{ title }</h1>
            <div role="tablist" aria-label={format!("{title} steps")} class="tabs">
                { for Step::ALL.into_iter().map(tab) }
            </div>
            if error_count > 0 {
                <p class="sr-only" role="alert">{ format!("{error_count} field{} need{} attention.", if error_count == 1 { "" } else { "s" }, if error_count == 1 { "s" } else { "" }) }</p>
            }
            <section role="tabpanel" id="wizard-panel" aria-labelledby={tab_id(wizard.step)} class="wizard-panel">
                { body }
            </section>
            if *conflict {
                <div class="banner error" role="alert">
                    <div class="banner-body">
                        <strong>{ "This exemption was changed in another tab. " }</strong>
                        { "Saving now would replace those changes with yours. Your edits are still here." }
                    </div>
                    <button class="secondary" onclick={on_overwrite}>{ "Save mine anyway" }</button>
                </div>
            }
            <div class="wizard-footer">
                <button class="secondary" onclick={on_previous} disabled={wizard.step == Step::Basics}>{ "Previous" }</button>
                if wizard.step == Step::Review {
                    <button class="primary" onclick={on_create}>{ if editing { "Save" } else { "Create" } }</button>
                } else {
                    <button class="primary" onclick={on_next}>{ "Next" }</button>
                }
                <button class="link-button" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        </div>
    }
}

fn tab_id(step: Step) -> &'static str {
    match step {
        Step::Basics => "tab-basics",
        Step::Recommendations => "tab-recommendations",
        Step::Review => "tab-review",
    }
}

fn focus_tab(step: Step) {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(tab_id(step)))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}
