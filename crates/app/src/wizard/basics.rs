//! Step 1: name, description, cloud, scope, category, expiry.

use super::form::{field_error, invalid};
use super::model::Field;
use super::reducer::WizardAction;
use super::scope_tree::ScopeTree;
use super::StepProps;
use crate::clock;
use exempt_core::{Cloud, ExemptionCategory};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[function_component(Basics)]
pub fn basics(props: &StepProps) -> Html {
    let w = &props.wizard;
    let d = &w.draft;
    let send = |f: fn(String) -> WizardAction| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            dispatch.emit(f(e.target_unchecked_into::<HtmlInputElement>().value()))
        })
    };
    let on_description = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            dispatch.emit(WizardAction::SetDescription(
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            ))
        })
    };
    let (name_invalid, name_described) = invalid(&w.errors, Field::Name);
    let (expiry_invalid, expiry_described) = invalid(&w.errors, Field::Expiry);
    let (owner_invalid, owner_described) = invalid(&w.errors, Field::Owner);
    let (ticket_invalid, ticket_described) = invalid(&w.errors, Field::Ticket);
    let required = |yes: bool| {
        if yes {
            html! { <span class="required" aria-hidden="true">{ " *" }</span> }
        } else {
            html! { { " (optional)" } }
        }
    };
    let cloud = |c: Cloud| {
        let dispatch = props.dispatch.clone();
        let id = format!(
            "cloud-{}",
            match c {
                Cloud::Azure => "Azure",
                Cloud::Aws => "AWS",
                Cloud::Gcp => "GCP",
            }
        );
        html! {
            <label class="radio" for={id.clone()}>
                <input type="radio" id={id} name="cloud" checked={d.cloud == c}
                    onchange={Callback::from(move |_| dispatch.emit(WizardAction::SetCloud(c)))} />
                { c.as_str() }
            </label>
        }
    };
    let category = |c: ExemptionCategory| {
        let dispatch = props.dispatch.clone();
        let id = format!("category-{}", c.as_str());
        let (inv, _) = invalid(&w.errors, Field::Category);
        html! {
            <label class="radio" for={id.clone()}>
                <input type="radio" id={id} name="category" checked={d.category == Some(c)} aria-invalid={inv}
                    onchange={Callback::from(move |_| dispatch.emit(WizardAction::SetCategory(c)))} />
                { crate::components::labels::category_long(c) }
            </label>
        }
    };
    let today = clock::today().format("%Y-%m-%d").to_string();
    let expiry_note = match d.expires_on() {
        Some(e) => format!(
            "Expires {}: valid through {} (UTC).",
            exempt_core::exemption::shown_instant(e),
            d.expiry.trim()
        ),
        None => "Without an expiry date, the exemption applies until it is deleted.".to_string(),
    };
    html! {
        <div class="form">
            <div class="field">
                <label for="exemption-name">{ "Exemption name" }<span class="required" aria-hidden="true">{ " *" }</span></label>
                <input id="exemption-name" type="text" value={d.name.clone()} oninput={send(WizardAction::SetName)}
                    required=true aria-required="true" aria-invalid={name_invalid} aria-describedby={name_described} maxlength="200" />
                { field_error(&w.errors, Field::Name) }
            </div>
            <div class="field">
                <label for="exemption-description">{ "Description (optional)" }</label>
                <textarea id="exemption-description" rows="3" value={d.description.clone()} oninput={on_description}></textarea>
            </div>
            <fieldset class="field">
                <legend>{ "Cloud platform" }</legend>
                <div class="radio-row">{ cloud(Cloud::Azure) }{ cloud(Cloud::Aws) }{ cloud(Cloud::Gcp) }</div>
            </fieldset>
            <ScopeTree ..props.clone() />
            <fieldset class="field" aria-describedby={invalid(&w.errors, Field::Category).1}>
                <legend>{ "Category" }<span class="required" aria-hidden="true">{ " *" }</span></legend>
                { category(ExemptionCategory::Mitigated) }
                { category(ExemptionCategory::Waiver) }
                { field_error(&w.errors, Field::Category) }
            </fieldset>
            <div class="field">
                <label for="expiry-date">{ "Expiry date (optional)" }</label>
                <input id="expiry-date" type="date" min={today} value={d.expiry.clone()} oninput={send(WizardAction::SetExpiry)}
                    aria-invalid={expiry_invalid} aria-describedby={expiry_described.unwrap_or_else(|| "expiry-note".into())} />
                <p class="hint" id="expiry-note">{ expiry_note }</p>
                { field_error(&w.errors, Field::Expiry) }
            </div>
            <div class="field">
                <label for="exemption-owner">{ "Owner" }{ required(props.policy.require_owner) }</label>
                <input id="exemption-owner" type="text" value={d.owner.clone()} oninput={send(WizardAction::SetOwner)} autocomplete="email"
                    aria-required={props.policy.require_owner.then_some("true")} aria-invalid={owner_invalid}
                    aria-describedby={owner_described.unwrap_or_else(|| "owner-note".into())} />
                <p class="hint" id="owner-note">{ "Who answers for the accepted risk: a name or an e-mail, recorded as typed." }</p>
                { field_error(&w.errors, Field::Owner) }
            </div>
            <div class="field">
                <label for="exemption-ticket">{ "Ticket" }{ required(props.policy.require_ticket) }</label>
                <input id="exemption-ticket" type="text" value={d.ticket.clone()} oninput={send(WizardAction::SetTicket)}
                    aria-required={props.policy.require_ticket.then_some("true")} aria-invalid={ticket_invalid}
                    aria-describedby={ticket_described.unwrap_or_else(|| "ticket-note".into())} />
                <p class="hint" id="ticket-note">{ "A ticket id (SEC-123) or its link." }</p>
                { field_error(&w.errors, Field::Ticket) }
            </div>
        </div>
    }
}
