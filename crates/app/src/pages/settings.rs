//! Settings: which environment to show, and generated exemptions for trying
//! the app at scale.

use crate::context::use_ctx;
use crate::state::Action;
use exempt_core::document::{Dataset, Record};
use exempt_core::synth::{Spec, Synth};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[function_component(SettingsPage)]
pub fn settings_page() -> Html {
    let ctx = use_ctx();
    let count = use_state(|| "50000".to_string());
    let dataset = ctx.state.document_settings.dataset;
    let choose = |d: Dataset| {
        let state = ctx.state.clone();
        Callback::from(move |_: Event| state.dispatch(Action::SetDataset(d)))
    };
    let generate = {
        let state = ctx.state.clone();
        let count = count.clone();
        let world = ctx.world.clone();
        Callback::from(move |_: MouseEvent| {
            let n: usize = count.trim().parse().unwrap_or(0).min(200_000);
            let spec = Spec {
                exemptions: n,
                ..Spec::large()
            };
            let _ = &world;
            let list = Synth::new(spec)
                .exemptions()
                .into_iter()
                .enumerate()
                .map(|(i, mut exemption)| {
                    exemption.id = Some(format!("generated-{i}"));
                    Record {
                        exemption,
                        revision: 1,
                    }
                })
                .collect();
            state.dispatch(Action::Generated(list));
        })
    };
    let on_count = {
        let count = count.clone();
        Callback::from(move |e: InputEvent| {
            count.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    html! {
        <div class="page">
            <h1>{ "Settings" }</h1>
            <fieldset class="field">
                <legend>{ "Environment" }</legend>
                <label class="radio" for="dataset-demo">
                    <input type="radio" id="dataset-demo" name="dataset" checked={dataset == Dataset::Demo} onchange={choose(Dataset::Demo)} />
                    { "Demo environment (Contoso: 6 subscriptions, AWS and GCP connectors, 75 resources)" }
                </label>
                <label class="radio" for="dataset-large">
                    <input type="radio" id="dataset-large" name="dataset" checked={dataset == Dataset::Large} onchange={choose(Dataset::Large)} />
                    { "Large generated environment (100,000 resources, 1,000,000 assessments)" }
                </label>
            </fieldset>
            <fieldset class="field">
                <legend>{ "Try it at scale" }</legend>
                <p class="hint">{ "Replaces the exemptions on screen with generated ones, kept in memory only (never saved). Meant for the large environment." }</p>
                <label for="generate-count">{ "Number of generated exemptions" }</label>
                <input id="generate-count" type="number" min="1" max="200000" value={(*count).clone()} oninput={on_count} />
                <button class="secondary" onclick={generate}>{ "Generate exemptions" }</button>
            </fieldset>
        </div>
    }
}
