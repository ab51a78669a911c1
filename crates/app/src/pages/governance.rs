//! Settings → Approvals: the name this browser records as requester and
//! approver, and the team's policy, which the workspace enforces in every
//! front end.

use crate::components::labels::say;
use crate::context::use_ctx;
use crate::protocol::ask;
use crate::state::Action;
use crate::storage;
use exempt_core::exemption::{Approvals, Policy, MAX_DAYS};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[function_component(Identity)]
pub fn identity() -> Html {
    let ctx = use_ctx();
    let typed = use_state(|| ctx.state.me.as_deref().unwrap_or_default().to_string());
    let saved = use_state(|| None::<Result<(), String>>);
    {
        // Another tab may change it: show what is kept.
        let (typed, me) = (typed.clone(), ctx.state.me.clone());
        use_effect_with(me, move |me| {
            typed.set(me.as_deref().unwrap_or_default().to_string());
        });
    }
    let on_input = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            typed.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_save = {
        let (typed, saved, state) = (typed.clone(), saved.clone(), ctx.state.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (name, saved, state) = ((*typed).clone(), saved.clone(), state.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = storage::identity::save(name.clone()).await;
                if result.is_ok() {
                    let name = name.trim().to_string();
                    state.dispatch(Action::Me((!name.is_empty()).then(|| name.into())));
                }
                saved.set(Some(result));
            });
        })
    };
    html! {
        <form class="field" onsubmit={on_save}>
            <label for="identity">{ "Your name or e-mail" }</label>
            <p class="hint" id="identity-hint">{ "Recorded as the requester of the exemptions you create and the approver of those you decide. It is what you type here, not a verified identity: the history and the file's review in version control are what make it trustworthy." }</p>
            <input id="identity" type="text" autocomplete="email" value={(*typed).clone()} oninput={on_input} aria-describedby="identity-hint" />
            <button class="secondary" type="submit">{ "Save name" }</button>
            <span role="status" class="muted small">
                { match &*saved { Some(Ok(())) => "Saved in this browser.".to_string(), Some(Err(e)) => format!("Not saved: {e}."), None => String::new() } }
            </span>
        </form>
    }
}

/// The policy form's fields, as typed.
#[derive(Clone, PartialEq, Default)]
struct Form {
    approval: Approvals,
    max_days: String,
    ticket: bool,
    owner: bool,
}

impl Form {
    fn of(p: Option<&Policy>) -> Form {
        let p = p.cloned().unwrap_or_default();
        Form {
            approval: p.require_approval,
            max_days: p.max_days.map(|d| d.to_string()).unwrap_or_default(),
            ticket: p.require_ticket,
            owner: p.require_owner,
        }
    }

    fn policy(&self) -> Result<Option<Policy>, String> {
        let max_days = match self.max_days.trim() {
            "" => None,
            d => match d.parse::<u32>() {
                Ok(n) if (1..=MAX_DAYS).contains(&n) => Some(n),
                _ => return Err(format!("Longest expiry: enter a number of days from 1 to {MAX_DAYS}, or leave it empty.")),
            },
        };
        let p = Policy {
            require_approval: self.approval,
            max_days,
            require_ticket: self.ticket,
            require_owner: self.owner,
        };
        Ok((!p.is_empty()).then_some(p))
    }
}

#[function_component(TeamPolicy)]
pub fn team_policy() -> Html {
    let ctx = use_ctx();
    let current = ctx
        .state
        .summary
        .as_ref()
        .and_then(|s| s.status.policy.clone());
    let form = use_state(|| Form::of(current.as_ref()));
    let outcome = use_state(|| None::<Result<(), String>>);
    {
        let form = form.clone();
        use_effect_with(current.clone(), move |c| form.set(Form::of(c.as_ref())));
    }
    let set = |f: fn(&mut Form, String)| {
        let form = form.clone();
        move |v: String| {
            let mut next = (*form).clone();
            f(&mut next, v);
            form.set(next);
        }
    };
    let on_approval = {
        let set = set(|f, v| {
            f.approval = match v.as_str() {
                "all" => Approvals::All,
                "waiver" => Approvals::Waivers,
                _ => Approvals::None,
            }
        });
        Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_days = {
        let set = set(|f, v| f.max_days = v);
        Callback::from(move |e: InputEvent| {
            set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let check = |f: fn(&mut Form, String)| {
        let set = set(f);
        Callback::from(move |e: Event| {
            set(e
                .target_unchecked_into::<HtmlInputElement>()
                .checked()
                .to_string())
        })
    };
    let on_apply = {
        let (form, outcome, ctx) = (form.clone(), outcome.clone(), ctx.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let policy = match form.policy() {
                Ok(p) => p,
                Err(why) => return outcome.set(Some(Err(why))),
            };
            let outcome = outcome.clone();
            ctx.engine.0.ask(ask::set_policy(policy), move |r| {
                outcome.set(Some(r.map_err(|e| format!("Not applied: {}", say(&e)))));
            });
        })
    };
    let error = match &*outcome {
        Some(Err(e)) => Some(e.clone()),
        _ => None,
    };
    html! {
        <form class="field" onsubmit={on_apply} aria-labelledby="policy-title">
            <h2 id="policy-title">{ "Team policy" }</h2>
            <p class="hint">{ "Kept with this environment's exemptions and exported with them; the command line and the JavaScript package enforce the same rules. A rule that exemptions break already cannot be turned on until they are fixed." }</p>
            <label for="policy-approval">{ "Require approval" }</label>
            <select id="policy-approval" onchange={on_approval}>
                <option value="none" selected={form.approval == Approvals::None}>{ "No: exemptions apply as created" }</option>
                <option value="all" selected={form.approval == Approvals::All}>{ "For every exemption" }</option>
                <option value="waiver" selected={form.approval == Approvals::Waivers}>{ "For waivers only" }</option>
            </select>
            <label for="policy-days">{ "Longest expiry, in days from the request (empty: no limit)" }</label>
            <input id="policy-days" type="number" min="1" max={MAX_DAYS.to_string()} value={form.max_days.clone()} oninput={on_days} />
            <label class="checkbox"><input type="checkbox" checked={form.ticket} onchange={check(|f, v| f.ticket = v == "true")} />{ "Ticket required" }</label>
            <label class="checkbox"><input type="checkbox" checked={form.owner} onchange={check(|f, v| f.owner = v == "true")} />{ "Owner required" }</label>
            <button class="secondary" type="submit">{ "Apply policy" }</button>
            <div role="status" aria-live="polite">
                if let Some(e) = error { <p class="field-error" id="policy-error">{ e }</p> }
                if matches!(*outcome, Some(Ok(()))) { <p class="muted small">{ "Policy applied." }</p> }
            </div>
        </form>
    }
}
