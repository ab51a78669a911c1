//! **Export**: every exemption, or the selected rows, downloaded in any
//! format `exempt export --to` writes. Azure Policy's formats name
//! reference ids of an initiative, so they take the initiative and the
//! assessment metadata as files, and the policy assignment to exempt from.

use crate::components::download::download;
use crate::components::file_picker::FilePicker;
use crate::components::labels::say;
use crate::context::use_ctx;
use crate::protocol::ask;
use exempt_core::workspace::ExportRequest;
use std::rc::Rc;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// `--to` names with their labels.
const FORMATS: &[(&str, &str)] = &[
    ("exempt", "Exempt file (JSON)"),
    (
        "defender-arm",
        "Defender standard assignments: ARM template",
    ),
    (
        "defender-terraform",
        "Defender standard assignments: Terraform (azapi)",
    ),
    ("azure-policy-arm", "Azure Policy exemptions: ARM template"),
    ("azure-policy-bicep", "Azure Policy exemptions: Bicep"),
    (
        "azure-policy-terraform",
        "Azure Policy exemptions: Terraform (azurerm)",
    ),
    ("azure-policy-az", "Azure Policy exemptions: az script"),
    ("csv", "CSV: one row per exemption"),
    ("csv-assessments", "CSV: every exempted assessment"),
    ("ics", "iCalendar: expiry dates"),
];

#[derive(Properties, PartialEq)]
pub(super) struct ExportProps {
    /// Ids of the selected rows.
    pub selected: Rc<Vec<String>>,
    pub on_close: Callback<()>,
}

#[derive(Clone, PartialEq)]
enum Outcome {
    None,
    Working,
    Done(String, Vec<String>),
    Failed(String),
}

async fn read_all(input: Option<HtmlInputElement>) -> Vec<(String, String)> {
    let Some(list) = input.and_then(|i| i.files()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for file in (0..list.length()).filter_map(|i| list.get(i)) {
        if let Ok(text) = JsFuture::from(file.text()).await {
            out.push((file.name(), text.as_string().unwrap_or_default()));
        }
    }
    out
}

#[function_component(ExportPanel)]
pub(super) fn export_panel(props: &ExportProps) -> Html {
    let ctx = use_ctx();
    let format = use_state(|| "exempt".to_string());
    let only_selected = use_state(|| !props.selected.is_empty());
    let assignment = use_state(String::new);
    let outcome = use_state(|| Outcome::None);
    let definitions = use_node_ref();
    let policy = format.starts_with("azure-policy");
    let kept = ctx.definitions_kept();
    let on_format = {
        let format = format.clone();
        Callback::from(move |e: Event| {
            format.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let on_assignment = {
        let assignment = assignment.clone();
        Callback::from(move |e: InputEvent| {
            assignment.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let scope = |selected: bool| {
        let only_selected = only_selected.clone();
        Callback::from(move |_: Event| only_selected.set(selected))
    };
    let go = {
        let (ctx, format, assignment, outcome) = (
            ctx.clone(),
            format.clone(),
            assignment.clone(),
            outcome.clone(),
        );
        let (selected, only, definitions) =
            (props.selected.clone(), *only_selected, definitions.clone());
        Callback::from(move |_: MouseEvent| {
            let (ctx, outcome) = (ctx.clone(), outcome.clone());
            let ids = (only && !selected.is_empty()).then(|| (*selected).clone());
            let input = definitions.cast::<HtmlInputElement>();
            let (format, assignment) = ((*format).clone(), assignment.trim().to_string());
            outcome.set(Outcome::Working);
            wasm_bindgen_futures::spawn_local(async move {
                let request = ExportRequest {
                    format,
                    ids,
                    definitions: read_all(input).await,
                    assignments: if assignment.is_empty() {
                        Vec::new()
                    } else {
                        vec![assignment]
                    },
                };
                match ctx.engine.0.get(ask::export(request)).await {
                    Ok(file) => {
                        download(&file.name, &file.mime, &file.text);
                        outcome.set(Outcome::Done(file.name.clone(), file.notes.clone()));
                    }
                    Err(e) => outcome.set(Outcome::Failed(say(&e))),
                }
            });
        })
    };
    let count = props.selected.len();
    html! {
        <section class="transfer-panel" aria-labelledby="export-title">
            <h2 id="export-title">{ "Export" }</h2>
            <div class="form-row">
                <label for="export-format">{ "Format" }</label>
                <select id="export-format" onchange={on_format}>
                    { for FORMATS.iter().map(|(v, l)| html! { <option value={*v} selected={*format == *v}>{ *l }</option> }) }
                </select>
            </div>
            <fieldset>
                <legend>{ "Exemptions" }</legend>
                <label class="radio" for="export-all"><input type="radio" id="export-all" name="export-scope"
                    checked={!*only_selected || count == 0} onchange={scope(false)} />{ "All exemptions" }</label>
                <label class="radio" for="export-selected"><input type="radio" id="export-selected" name="export-scope"
                    checked={*only_selected && count > 0} disabled={count == 0} onchange={scope(true)} />{ format!("Selected ({count})") }</label>
            </fieldset>
            if policy {
                <div class="form-row">
                    <span class="label" id="export-definitions-label">{ "Initiative and assessment metadata" }</span>
                    <FilePicker id="export-definitions" label="Choose the definitions" node={definitions} labelledby="export-definitions-label"
                        accept=".json,.jsonc,application/json" show_chosen=true describedby="export-definitions-hint" />
                    <p class="hint" id="export-definitions-hint">{ "Azure Policy exemptions name reference ids of an initiative (such as the Microsoft cloud security benchmark): give its definition and Defender's assessment metadata, which names each recommendation's policy." }
                        if !kept.is_empty() { { format!(" Without new files, those chosen before are used: {}.", kept.join(", ")) } }
                    </p>
                </div>
                <div class="form-row">
                    <label for="export-assignment">{ "Policy assignment" }</label>
                    <input id="export-assignment" type="text" value={(*assignment).clone()} oninput={on_assignment}
                        placeholder="SecurityCenterBuiltIn, or the assignment's full id" />
                </div>
            }
            { match &*outcome {
                Outcome::None => html! {},
                Outcome::Working => html! { <p role="status"><span class="spinner small" aria-hidden="true"></span>{ "Writing…" }</p> },
                Outcome::Done(name, notes) => html! {
                    <div role="status">
                        <p>{ format!("Downloaded {name}.") }</p>
                        if !notes.is_empty() { <ul class="muted small">{ for notes.iter().map(|n| html! { <li class="wrap">{ n.clone() }</li> }) }</ul> }
                    </div>
                },
                Outcome::Failed(why) => html! { <p class="banner error wrap" role="alert">{ format!("Not exported: {why}") }</p> },
            } }
            <div class="actions">
                <button class="primary" onclick={go} disabled={matches!(*outcome, Outcome::Working)}>{ "Download" }</button>
                <button class="secondary" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
            </div>
        </section>
    }
}
