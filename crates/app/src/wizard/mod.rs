//! The Create / Edit exemption wizard: Basics, Recommendations, Review +
//! create, as in Defender for Cloud, with the impact shown before Create.
//!
//! The wizard owns its reducer ([`reducer`], pure and tested natively); its
//! draft is kept per tab in an effect ([`crate::storage::drafts`]), and it
//! reaches the app only on Create or Save, through the worker, which refuses
//! an edit another tab made meanwhile unless the user chooses to overwrite.

mod basics;
mod condition;
mod conflict;
mod form;
pub mod hand_over;
pub mod model;
mod offer;
pub mod reducer;
mod review;
mod scope_tree;
mod tabs;
mod targets;
mod vulnerabilities;

use crate::client::use_query;
use crate::components::defer::Later;
use crate::components::labels::say;
use crate::components::link::RouteLink;
use crate::context::use_ctx;
use crate::protocol::ask;
use crate::route::Route;
use crate::state::Action;
use crate::storage::drafts;
use crate::{clock, components::dialog::ConfirmDialog};
use exempt_core::document::Conflict;
use exempt_core::document::{Edit, EditOutcome};
use exempt_core::exemption::{Exemption, Policy};
use model::{validate_through, Draft, Rules, Step};
use reducer::{Editing, WizardAction, WizardState};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

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
    /// The exemption being edited, whose identity and unknown fields are kept.
    pub base: Option<Rc<Exemption>>,
    /// The team's rules, which say which fields are required.
    pub policy: Policy,
}

fn parse(json: &str) -> Option<Exemption> {
    let v = serde_json::from_str(json).ok()?;
    Exemption::from_value(1, &v).ok()
}

/// Loads what the wizard starts from (the exemption being edited, this
/// tab's draft), then renders the form.
#[function_component(Wizard)]
pub fn wizard(props: &WizardProps) -> Html {
    let id = props.id.as_ref().map(|s| s.to_string());
    // Asked once: later edits elsewhere are noticed on Save, by revision.
    let existing = use_query(id.clone().map(ask::exemption), 0);
    let adopted = use_state(|| None::<String>);
    let ctx = use_ctx();
    let tab = ctx.state.tab.clone().unwrap_or_default();
    // A state another page started (Exempt on a recommendation) opens a new
    // exemption once: the form keeps it as this tab's draft from then on.
    let prefill = ctx.state.prefill.clone().filter(|_| id.is_none());
    {
        let (state, taken) = (ctx.state.clone(), prefill.is_some());
        use_effect_with(taken, move |taken| {
            if *taken {
                state.dispatch(Action::Prefill(None));
            }
        });
    }
    if id.is_some() {
        if existing.error.is_some() {
            return html! {
                <div class="page">
                    <h1>{ "Exemption not found" }</h1>
                    <p>{ "It may have been deleted, in this tab or another one." }</p>
                    <RouteLink to={Route::Exemptions}>{ "Back to Exemptions" }</RouteLink>
                </div>
            };
        }
        if existing.data.is_none() {
            return html! { <div class="page"><p class="muted" role="status">{ "Loading…" }</p></div> };
        }
    }
    let base = existing
        .data
        .as_ref()
        .and_then(|d| parse(&d.json))
        .map(Rc::new);
    let editing = existing.data.as_ref().map(|d| Editing {
        id: id.clone().unwrap_or_default(),
        revision: d.revision,
    });
    let target = id.as_deref();
    let handed = prefill.is_some();
    let mine = (*adopted)
        .clone()
        .or_else(|| prefill.map(|p| p.to_string()))
        .or_else(|| drafts::load(&tab, target));
    let blank = base.as_deref().map(Draft::of).unwrap_or_default();
    let initial = mine
        .and_then(|t| serde_json::from_str::<WizardState>(&t).ok())
        .filter(|w| w.editing.as_ref().map(|e| &e.id) == editing.as_ref().map(|e| &e.id))
        .unwrap_or_else(|| WizardState::new(blank.clone(), editing.clone()));
    let key = format!("{}:{}", id.clone().unwrap_or_default(), adopted.is_some());
    html! {
        <>
            <offer::Offer tab={tab.clone()} target={id.clone()} blank={blank.clone()} {handed} adopted={adopted.clone()} />
            <WizardForm key={key} initial={Rc::new(initial)} {base} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    initial: Rc<WizardState>,
    base: Option<Rc<Exemption>>,
}

#[function_component(WizardForm)]
fn wizard_form(props: &FormProps) -> Html {
    let ctx = use_ctx();
    let tab: Rc<str> = ctx.state.tab.clone().unwrap_or_default();
    let navigator = crate::nav::use_go();
    let wizard = {
        let initial = (*props.initial).clone();
        use_reducer(move || initial)
    };
    let conflict = use_state(|| None::<Conflict>);
    let draft_error = use_state(|| None::<String>);
    let saving = use_state(|| false);

    // Keep the draft while the wizard is open; say so when it cannot be.
    {
        let draft_error = draft_error.clone();
        let tab = tab.clone();
        use_effect_with(wizard.clone(), move |w| {
            let result = serde_json::to_string(&**w)
                .map_err(|e| e.to_string())
                .and_then(|text| {
                    drafts::save(&tab, w.editing.as_ref().map(|e| e.id.as_str()), &text)
                });
            draft_error.set(result.err());
        });
    }
    // Each step (and the first, on opening) takes focus on its panel: the
    // footer button under the pointer becomes Create on the last step, and
    // a second Enter there must not create without a look at the review.
    use_effect_with(wizard.step, |_| {
        if let Some(panel) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("wizard-panel"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = panel.focus();
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

    // Whether the typed name is taken is asked of the worker as it changes:
    // the page never holds every exemption's name.
    let taken = use_query(
        Some(ask::name_taken(
            wizard.draft.name.clone(),
            wizard.editing.as_ref().map(|e| e.id.clone()),
        )),
        ctx.revision(),
    );
    let policy = ctx
        .state
        .summary
        .as_ref()
        .and_then(|s| s.status.policy.clone());
    let me = ctx.state.me.clone();
    // Under the team's policy this exemption waits for a decision, which
    // records who asked.
    let asks = wizard
        .draft
        .category
        .is_some_and(|c| policy.as_ref().is_some_and(|p| p.needs_approval(c)));
    let rules = Rc::new(Rules {
        taken: if taken.data.as_deref() == Some(&true) {
            vec![wizard.draft.name.trim().to_lowercase()]
        } else {
            Vec::new()
        },
        today: clock::today(),
        policy: policy.clone().unwrap_or_default(),
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
        let ctx = ctx.clone();
        let navigator = navigator.clone();
        let rules = rules.clone();
        let base = props.base.clone();
        let conflict = conflict.clone();
        let saving = saving.clone();
        let tab = tab.clone();
        move |overwrite: bool| {
            if let (Some(at), errors) =
                validate_through(Step::Recommendations, &wizard.draft, &rules)
            {
                wizard.dispatch(WizardAction::Refuse(at, errors));
                return;
            }
            let exemption = match wizard.draft.to_exemption(base.as_deref()) {
                Ok(mut e) => {
                    // An edit that changes what the exemption does is a
                    // new request; one that only renames it is not.
                    let new_request = base.as_deref().is_none_or(|b| !b.same_effect(&e));
                    if (asks || wizard.editing.is_none()) && new_request {
                        match &me {
                            Some(me) => {
                                e.governance.requested_by = Some(me.to_string());
                                if wizard.editing.is_some() {
                                    e.governance.requested_on = Some(clock::now());
                                }
                            }
                            None if asks => {
                                ctx.toast("Enter your name or e-mail in Settings first: a request records who asked for it.", false);
                                return;
                            }
                            None => {}
                        }
                    }
                    e
                }
                Err(errors) => {
                    wizard.dispatch(WizardAction::Refuse(Step::Basics, errors));
                    return;
                }
            };
            let name = exemption.name.clone();
            // A new exemption's id and creation time are the workspace's.
            let request = match &wizard.editing {
                Some(e) => Edit::Update {
                    exemption,
                    base_revision: e.revision,
                    overwrite,
                },
                None => Edit::Create(exemption),
            };
            let target = wizard.editing.as_ref().map(|e| e.id.clone());
            let (navigator, conflict, done, saving) = (
                navigator.clone(),
                conflict.clone(),
                ctx.clone(),
                saving.clone(),
            );
            let refused = wizard.clone();
            let tab = tab.clone();
            saving.set(true);
            ctx.edit(request, move |reply| {
                saving.set(false);
                match reply {
                    Ok(EditOutcome::Done) => {
                        drafts::clear(&tab, target.as_deref());
                        // Not "saved": whether it is stored, the save says.
                        let what = if target.is_some() {
                            "updated"
                        } else {
                            "created"
                        };
                        done.toast(format!("Exemption “{name}” {what}."), false);
                        navigator.emit(Route::Exemptions);
                    }
                    Ok(EditOutcome::Conflict(c)) => conflict.set(Some(*c)),
                    // The worker checks uniqueness too: a name taken in
                    // another tab a moment ago shows at the field.
                    Err(e) if e.field.as_deref() == Some("name") => {
                        refused.dispatch(WizardAction::Refuse(
                            Step::Basics,
                            [(model::Field::Name, format!("{}.", e.message))]
                                .into_iter()
                                .collect(),
                        ))
                    }
                    Err(e) => done.toast(say(&e), false),
                }
            });
        }
    };
    let on_create = {
        let save = save.clone();
        Callback::from(move |_: MouseEvent| save(false))
    };
    let on_overwrite = Callback::from(move |_| save(true));
    let cancelling = use_state(|| false);
    let on_cancel = {
        let cancelling = cancelling.clone();
        Callback::from(move |_: MouseEvent| cancelling.set(true))
    };
    let cancel_dialog = cancelling.then(|| {
        let navigator = navigator.clone();
        let target = wizard.editing.as_ref().map(|e| e.id.clone());
        let close = cancelling.clone();
        let tab = tab.clone();
        let on_confirm = Callback::from(move |_| {
            drafts::clear(&tab, target.as_deref());
            navigator.emit(Route::Exemptions);
        });
        html! {
            <ConfirmDialog title="Discard this draft?" confirm_label="Discard"
                message="What you entered in this wizard is removed. Saved exemptions are not changed."
                {on_confirm} on_cancel={Callback::from(move |_| close.set(false))} />
        }
    });
    // Next waits for the answer about the name typed last, so that a taken
    // name is refused at once, not only on Create.
    let pending_next = use_state(|| false);
    {
        let (pending_next, wizard, rules) = (pending_next.clone(), wizard.clone(), rules.clone());
        use_effect_with(taken.answers, move |_| {
            if *pending_next {
                pending_next.set(false);
                wizard.dispatch(WizardAction::Next(rules));
            }
        });
    }
    let on_next = {
        let wizard = wizard.clone();
        let rules = rules.clone();
        let waiting = taken.loading;
        let pending_next = pending_next.clone();
        Callback::from(move |_: MouseEvent| {
            if waiting {
                pending_next.set(true);
            } else {
                wizard.dispatch(WizardAction::Next(rules.clone()))
            }
        })
    };
    let on_previous = {
        let wizard = wizard.clone();
        Callback::from(move |_: MouseEvent| wizard.dispatch(WizardAction::Previous))
    };
    let step_props = StepProps {
        wizard: (*wizard).clone().into(),
        dispatch,
        base: props.base.clone(),
        policy: policy.clone().unwrap_or_default(),
    };
    let body = match wizard.step {
        Step::Basics => html! { <basics::Basics ..step_props.clone() /> },
        Step::Recommendations => html! { <targets::Targets ..step_props.clone() /> },
        Step::Review => html! { <review::Review ..step_props.clone() /> },
    };
    let error_count = wizard.errors.len();
    let conflict_view = (*conflict)
        .clone()
        .map(|c| conflict::banner(&c, on_overwrite.reform(|_: MouseEvent| ())));
    html! {
        <div class="page wizard">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <RouteLink to={Route::Environments}>{ "Environment settings" }</RouteLink>
                <span aria-hidden="true">{ " › " }</span>
                <RouteLink to={Route::Exemptions}>{ "Exemptions" }</RouteLink>
            </nav>
            <h1>{ title }</h1>
            if let Some(why) = &*draft_error {
                <p class="banner warning" role="alert">{ format!("Your draft could not be kept ({why}): it is lost if this tab is closed or reloaded before you save.") }</p>
            }
            <div role="tablist" aria-label={format!("{title} steps")} class="tabs">
                { for Step::ALL.into_iter().map(|step| tabs::tab(step, &wizard, &rules)) }
            </div>
            if error_count > 0 {
                <p class="sr-only" role="alert">{ format!("{error_count} field{} need{} attention.", if error_count == 1 { "" } else { "s" }, if error_count == 1 { "s" } else { "" }) }</p>
            }
            <section role="tabpanel" id="wizard-panel" tabindex="-1" aria-labelledby={tabs::tab_id(wizard.step)} class="wizard-panel">
                <Later>{ body }</Later>
            </section>
            { for conflict_view }
            <div class="wizard-footer">
                <button class="secondary" onclick={on_previous} disabled={wizard.step == Step::Basics}>{ "Previous" }</button>
                if wizard.step == Step::Review {
                    <button class="primary" onclick={on_create} disabled={*saving}>{ match (editing, asks) {
                        (_, true) => "Submit for approval",
                        (true, false) => "Save",
                        (false, false) => "Create",
                    } }</button>
                } else {
                    <button class="primary" onclick={on_next}>{ "Next" }</button>
                }
                <button class="link-button" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
            { for cancel_dialog }
        </div>
    }
}
