//! Renewing an exemption: a new expiry date and a new justification, both
//! required, in a modal dialog.

use crate::clock;
use crate::components::dialog::{dialog_keys, use_focus_on_mount};
use crate::wizard::model::Draft;
use chrono::{DateTime, Utc};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RenewProps {
    pub name: AttrValue,
    /// The current justification, to start from.
    pub description: AttrValue,
    pub on_renew: Callback<(DateTime<Utc>, String)>,
    pub on_cancel: Callback<()>,
}

#[function_component(RenewDialog)]
pub fn renew_dialog(props: &RenewProps) -> Html {
    let date = use_state(String::new);
    // A renewal is a new decision that the risk is still accepted: it asks
    // for a new justification, with the old one shown beside it.
    let justification = use_state(String::new);
    let errors = use_state(|| (None::<String>, None::<String>));
    let date_ref = use_node_ref();
    use_focus_on_mount(date_ref.clone());
    let on_date = {
        let date = date.clone();
        Callback::from(move |e: InputEvent| {
            date.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_text = {
        let justification = justification.clone();
        Callback::from(move |e: InputEvent| {
            justification.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let submit = {
        let old = props.description.to_string();
        let (date, justification, errors, on_renew) = (
            date.clone(),
            justification.clone(),
            errors.clone(),
            props.on_renew.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let draft = Draft {
                expiry: (*date).clone(),
                ..Draft::default()
            };
            let date_error = match draft.expiry_date() {
                None => Some("Enter the new expiry date.".to_string()),
                Some(d) if d < clock::today() => {
                    Some("The expiry date must be in the future.".to_string())
                }
                Some(_) => None,
            };
            let text_error = if justification.trim().is_empty() {
                Some("Enter a justification for the renewal.".to_string())
            } else if justification.trim() == old.trim() {
                Some(
                    "Say why it is still needed now: the old justification is not a new one."
                        .to_string(),
                )
            } else {
                None
            };
            if date_error.is_some() || text_error.is_some() {
                errors.set((date_error, text_error));
                return;
            }
            if let Some(expires) = draft.expires_on() {
                on_renew.emit((expires, justification.trim().to_string()));
            }
        })
    };
    let onkeydown = dialog_keys(props.on_cancel.clone());
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let (date_error, text_error) = (*errors).clone();
    html! {
        <div class="overlay">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="renew-title" {onkeydown}>
                <h2 id="renew-title">{ format!("Renew “{}”", props.name) }</h2>
                <div class="field">
                    <label for="renew-date">{ "New expiry date" }</label>
                    <input id="renew-date" class="dialog-first" type="date" ref={date_ref} value={(*date).clone()} oninput={on_date}
                        aria-invalid={date_error.as_ref().map(|_| "true")} aria-describedby={date_error.as_ref().map(|_| "renew-date-error")} />
                    <p class="hint">{ "Valid through that whole day in UTC." }</p>
                    if let Some(e) = date_error { <p class="field-error" id="renew-date-error">{ e }</p> }
                </div>
                <div class="field">
                    <label for="renew-justification">{ "New justification" }</label>
                    if !props.description.trim().is_empty() {
                        <p class="hint" id="renew-old">{ format!("Until now: {}", props.description) }</p>
                    }
                    <textarea id="renew-justification" rows="3" value={(*justification).clone()} oninput={on_text}
                        aria-invalid={text_error.as_ref().map(|_| "true")} aria-describedby={text_error.as_ref().map(|_| "renew-justification-error")}></textarea>
                    if let Some(e) = text_error { <p class="field-error" id="renew-justification-error">{ e }</p> }
                </div>
                <div class="dialog-actions">
                    <button class="primary" onclick={submit}>{ "Renew" }</button>
                    <button class="secondary dialog-last" onclick={cancel}>{ "Cancel" }</button>
                </div>
            </div>
        </div>
    }
}
