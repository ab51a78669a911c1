//! Step 2's third condition, as Defender's exemption screen offers it:
//! "Exempt vulnerabilities meeting all of the below criteria", with CVEs,
//! Minimum severity, CVSS score (less than) and Non-patchable.

use super::form::{field_error, invalid};
use super::model::{Field, VulnerabilityDraft};
use super::reducer::WizardAction;
use super::StepProps;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const SEVERITIES: [&str; 4] = ["Low", "Medium", "High", "Critical"];

#[function_component(VulnerabilityCondition)]
pub fn vulnerability_condition(props: &StepProps) -> Html {
    let d = &props.wizard.draft;
    let v = d.vulnerabilities.clone();
    let set = |apply: fn(&mut VulnerabilityDraft, String)| {
        let (dispatch, v) = (props.dispatch.clone(), v.clone());
        move |value: String| {
            let mut next = v.clone();
            apply(&mut next, value);
            dispatch.emit(WizardAction::SetVulnerabilities(next));
        }
    };
    let on_cves = {
        let set = set(|v, s| v.cves = s);
        Callback::from(move |e: InputEvent| {
            set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_cvss = {
        let set = set(|v, s| v.cvss = s);
        Callback::from(move |e: InputEvent| {
            set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_severity = {
        let set = set(|v, s| v.minimum_severity = s);
        Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_patch = {
        let set = set(|v, s| v.non_patchable = s == "true");
        Callback::from(move |e: Event| {
            set(e
                .target_unchecked_into::<HtmlInputElement>()
                .checked()
                .to_string())
        })
    };
    let every = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(WizardAction::SetKeys(Vec::new())))
    };
    let (inv, described) = invalid(&props.wizard.errors, Field::Vulnerabilities);
    html! {
        <fieldset class="field" aria-describedby={described.clone()}>
            <legend>{ "Exempt vulnerabilities meeting all of the below criteria" }</legend>
            <p class="muted small">{ "Findings that match are exempted; an Unhealthy assessment counts as exempt once none of its Unhealthy findings remains. A criterion a finding does not report (no score, no severity, an unknown fix status) does not match." }</p>
            if !d.keys.is_empty() {
                <p class="small" role="status">
                    { format!("Looks only at the findings of {} selected recommendation{}. ", d.keys.len(), if d.keys.len() == 1 { "" } else { "s" }) }
                    <button type="button" class="link" onclick={every}>{ "Look at every recommendation" }</button>
                </p>
            }
            <div class="field">
                <label for="vulnerability-cves">{ "CVEs" }</label>
                <input id="vulnerability-cves" type="text" value={v.cves.clone()} oninput={on_cves}
                    aria-invalid={inv} aria-describedby="vulnerability-cves-help" placeholder="CVE-2020-1347; CVE-2020-1346" />
                <p class="muted small" id="vulnerability-cves-help">{ "Separate several CVEs with semicolons." }</p>
            </div>
            <div class="field">
                <label for="vulnerability-severity">{ "Minimum severity" }</label>
                <select id="vulnerability-severity" onchange={on_severity} aria-describedby="vulnerability-severity-help">
                    <option value="" selected={v.minimum_severity.is_empty()}>{ "Any" }</option>
                    { for SEVERITIES.iter().map(|s| html! {
                        <option value={*s} selected={v.minimum_severity.eq_ignore_ascii_case(s)}>{ *s }</option>
                    }) }
                </select>
                <p class="muted small" id="vulnerability-severity-help">{ "Findings below this severity are exempted." }</p>
            </div>
            <div class="field">
                <label for="vulnerability-cvss">{ "CVSS score (less than)" }</label>
                <input id="vulnerability-cvss" type="number" min="0.1" max="10" step="0.1" inputmode="decimal"
                    value={v.cvss.clone()} oninput={on_cvss} />
            </div>
            <label class="checkbox" for="vulnerability-non-patchable">
                <input type="checkbox" id="vulnerability-non-patchable" checked={v.non_patchable} onchange={on_patch} />
                { "Non-patchable (no fix exists)" }
            </label>
            { field_error(&props.wizard.errors, Field::Vulnerabilities) }
        </fieldset>
    }
}
