//! Settings: which environment to show (the demo, the large generated one,
//! or one imported from files), importing one, starting empty, and
//! generated exemptions for trying the app at scale.

use crate::components::defer::Later;
use crate::components::dialog::ConfirmDialog;
use crate::components::import::ImportData;
use crate::components::labels::say;
use crate::components::stored::StoredEnvironments;
use crate::context::use_ctx;
use crate::protocol::ask;
use crate::protocol::EnvironmentChoice;
use crate::state::Action;
use crate::storage;
use crate::worker::MAX_GENERATED;
use exempt_core::document::Edit;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[function_component(SettingsPage)]
pub fn settings_page() -> Html {
    let ctx = use_ctx();
    let count = use_state(|| "50000".to_string());
    let asking_empty = use_state(|| false);
    let error = use_state(|| None::<String>);
    let current = ctx.state.environment.clone();
    let choose_env = {
        let state = ctx.state.clone();
        Callback::from(move |env: EnvironmentChoice| {
            if let Err(why) = storage::set_environment(env.key()) {
                state.dispatch(Action::Notice(format!("The choice could not be remembered ({why}); it lasts until this tab is closed.")));
            }
            state.dispatch(Action::Choose(env));
        })
    };
    let choose = |env: EnvironmentChoice| choose_env.reform(move |_: Event| env.clone());
    let generate = {
        let ctx = ctx.clone();
        let count = count.clone();
        let error = error.clone();
        Callback::from(move |_: MouseEvent| {
            let n: u32 = match count.trim().parse() {
                Ok(n) if (1..=MAX_GENERATED).contains(&n) => n,
                _ => {
                    error.set(Some(format!("Enter a number from 1 to {MAX_GENERATED}.")));
                    return;
                }
            };
            error.set(None);
            let shown = ctx.clone();
            ctx.engine.0.ask(ask::generate(n), move |r| {
                if let Err(e) = r {
                    shown.toast(say(&e), false);
                }
            });
        })
    };
    let on_count = {
        let count = count.clone();
        Callback::from(move |e: InputEvent| {
            count.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let exemptions = ctx
        .state
        .summary
        .as_ref()
        .map_or(0, |s| s.status.exemptions);
    let start_empty = {
        let ctx = ctx.clone();
        let asking_empty = asking_empty.clone();
        Callback::from(move |_: ()| {
            asking_empty.set(false);
            let shown = ctx.clone();
            ctx.edit(Edit::DeleteAll, move |r| match r {
                Ok(_) => shown.toast(
                    "Every exemption was deleted; the history keeps them.",
                    false,
                ),
                Err(e) => shown.toast(format!("Not done: {}", say(&e)), false),
            });
        })
    };
    let ask_empty = {
        let asking_empty = asking_empty.clone();
        Callback::from(move |_: MouseEvent| asking_empty.set(true))
    };
    let close_empty = {
        let asking_empty = asking_empty.clone();
        Callback::from(move |_: ()| asking_empty.set(false))
    };
    let radio = |env: EnvironmentChoice, id: &str, label: &str| {
        html! {
            <label class="radio" for={id.to_string()}>
                <input type="radio" id={id.to_string()} name="environment" checked={current.as_ref() == Some(&env)} onchange={choose(env.clone())} />
                { label.to_string() }
            </label>
        }
    };
    html! {
        <div class="page">
            <h1>{ "Settings" }</h1>
            <fieldset class="field">
                <legend>{ "Environment" }</legend>
                { radio(EnvironmentChoice::Demo, "dataset-demo", "Demo environment (Contoso: 6 subscriptions, AWS and GCP connectors, 75 resources)") }
                { radio(EnvironmentChoice::Large, "dataset-large", "Large generated environment (100,000 resources, 1,000,000 assessments)") }
                { radio(EnvironmentChoice::Findings, "dataset-findings", "Generated environment with vulnerability findings (200,000 assessments, 1,000,000 findings)") }
                <Later><StoredEnvironments choose={choose_env} /></Later>
                <p class="hint">{ "Each environment keeps its own exemptions." }</p>
            </fieldset>
            <Later><ImportData /></Later>
            <fieldset class="field">
                <legend>{ "Approvals" }</legend>
                <super::governance::Identity />
                <super::governance::TeamPolicy />
            </fieldset>
            if let Some(summary) = &ctx.state.summary {
                <p class="muted small" data-testid="engine-memory">
                    { format!("{} assessments and {} exemptions loaded; the engine holds {:.0} MB.",
                        crate::components::labels::thousands(summary.status.assessments),
                        crate::components::labels::thousands(summary.status.exemptions),
                        summary.heap_bytes as f64 / 1e6) }
                </p>
            }
            <fieldset class="field">
                <legend>{ "Exemptions" }</legend>
                <p class="hint">{ "The demo environment opens with the demo's example exemptions. Start empty deletes every exemption in the environment shown; the history keeps a record of each." }</p>
                <button class="secondary" onclick={ask_empty} disabled={exemptions == 0}>{ "Start empty" }</button>
            </fieldset>
            if *asking_empty {
                <ConfirmDialog title="Start empty" confirm_label="Delete all"
                    message={format!("Delete all {} exemptions of this environment? Undo cannot bring them back; the history keeps a record of each.", crate::components::labels::thousands(exemptions))}
                    on_confirm={start_empty} on_cancel={close_empty} />
            }
            <fieldset class="field">
                <legend>{ "Try it at scale" }</legend>
                <p class="hint">{ "Replaces the exemptions on screen with generated ones, kept in memory only (never saved). Meant for the large environment." }</p>
                <label for="generate-count">{ "Number of generated exemptions" }</label>
                <input id="generate-count" type="number" min="1" max={MAX_GENERATED.to_string()} value={(*count).clone()} oninput={on_count}
                    aria-invalid={error.is_some().then_some("true")} aria-describedby={error.is_some().then_some("generate-error")} />
                if let Some(e) = &*error { <p class="field-error" id="generate-error">{ e.clone() }</p> }
                <button class="secondary" onclick={generate}>{ "Generate exemptions" }</button>
            </fieldset>
        </div>
    }
}
