//! Actions on several exemptions at once (or one, from its menu): extend
//! the expiry, approve, reject, delete. Each shows the secure score before
//! and after, measured by the worker, before it is confirmed; each is one
//! change, all or nothing, with one history entry per exemption.

use crate::client::use_query;
use crate::clock;
use crate::components::dialog::{dialog_keys, use_focus_on_mount};
use crate::components::labels::say;
use crate::components::score::percent;
use crate::context::use_ctx;
use crate::protocol::ask;
use crate::wizard::model::Draft;
use exempt_core::document::Edit;
use exempt_core::exemption::Decision;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// What to do to the chosen exemptions.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Bulk {
    /// A new expiry and one justification.
    Extend,
    /// Approve, with a comment.
    Approve,
    /// Reject, with a comment.
    Reject,
    /// Delete.
    Delete,
}

impl Bulk {
    fn verb(self) -> &'static str {
        match self {
            Bulk::Extend => "Extend expiry",
            Bulk::Approve => "Approve",
            Bulk::Reject => "Reject",
            Bulk::Delete => "Delete",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct BulkProps {
    pub action: Bulk,
    /// The exemptions' ids.
    pub ids: Rc<Vec<String>>,
    /// How to name them: one exemption's name, or a count.
    pub what: AttrValue,
    pub on_close: Callback<()>,
}

/// The edits an action makes, or what is missing.
fn edits(
    action: Bulk,
    ids: &[String],
    date: &str,
    text: &str,
    me: Option<&str>,
) -> Result<Vec<Edit>, String> {
    let decide = |decision: Decision| -> Result<Vec<Edit>, String> {
        let by = me.ok_or(
            "Enter your name or e-mail in Settings first: a decision records who made it.",
        )?;
        Ok(ids
            .iter()
            .map(|id| Edit::Decide {
                id: id.clone(),
                decision,
                by: by.to_string(),
                comment: Some(text.trim().to_string()).filter(|c| !c.is_empty()),
            })
            .collect())
    };
    match action {
        Bulk::Approve => decide(Decision::Approved),
        Bulk::Reject if text.trim().is_empty() => Err("Say why they are rejected.".into()),
        Bulk::Reject => decide(Decision::Rejected),
        Bulk::Delete => Ok(ids.iter().cloned().map(Edit::Delete).collect()),
        Bulk::Extend => {
            let draft = Draft {
                expiry: date.to_string(),
                ..Draft::default()
            };
            let expires_on = match draft.expiry_date() {
                None => return Err("Enter the new expiry date.".into()),
                Some(d) if d < clock::today() => {
                    return Err("The expiry date must be in the future.".into())
                }
                Some(_) => draft.expires_on().ok_or("Enter the new expiry date.")?,
            };
            if text.trim().is_empty() {
                return Err(
                    "Enter one justification for the renewal: why they are still needed.".into(),
                );
            }
            Ok(ids
                .iter()
                .map(|id| Edit::Renew {
                    id: id.clone(),
                    expires_on,
                    justification: text.trim().to_string(),
                })
                .collect())
        }
    }
}

#[function_component(BulkDialog)]
pub fn bulk_dialog(props: &BulkProps) -> Html {
    let ctx = use_ctx();
    let date = use_state(String::new);
    let text = use_state(String::new);
    let busy = use_state(|| false);
    let first = use_node_ref();
    use_focus_on_mount(first.clone());
    let me = ctx.state.me.as_deref().map(str::to_string);
    let planned = edits(props.action, &props.ids, &date, &text, me.as_deref());
    let preview = use_query(planned.clone().ok().map(ask::preview), ctx.revision());
    let impact = match (&planned, &preview.data, &preview.error) {
        (Err(why), _, _) => html! { <p class="muted" id="bulk-impact">{ why.clone() }</p> },
        (Ok(_), _, Some(e)) => {
            html! { <p class="field-error" id="bulk-impact" role="alert">{ format!("Not possible: {}", say(e)) }</p> }
        }
        (Ok(_), Some(p), None) => {
            let pp = (p.after.percentage - p.before.percentage) * 100.0;
            html! { <p id="bulk-impact" data-testid="bulk-impact" role="status">{ format!("Secure score {} → {} ({:+.2} percentage points)", percent(p.before.percentage), percent(p.after.percentage), pp) }</p> }
        }
        (Ok(_), None, None) => {
            html! { <p class="muted" id="bulk-impact" role="status">{ "Measuring the impact…" }</p> }
        }
    };
    let confirm = {
        let (ctx, busy, on_close, action, what) = (
            ctx.clone(),
            busy.clone(),
            props.on_close.clone(),
            props.action,
            props.what.clone(),
        );
        let planned = planned.clone();
        Callback::from(move |_: MouseEvent| {
            let Ok(edits) = planned.clone() else { return };
            busy.set(true);
            let (shown, busy, on_close, what) =
                (ctx.clone(), busy.clone(), on_close.clone(), what.clone());
            ctx.engine.0.ask(ask::edit_all(edits), move |r| {
                busy.set(false);
                match r {
                    Ok(n) => {
                        let done = match action {
                            Bulk::Extend => "renewed",
                            Bulk::Approve => "approved",
                            Bulk::Reject => "rejected",
                            Bulk::Delete => "deleted",
                        };
                        shown.toast(
                            format!(
                                "{} {done} ({n} exemption{}).",
                                what,
                                if n == 1 { "" } else { "s" }
                            ),
                            action == Bulk::Delete && n == 1,
                        );
                        on_close.emit(());
                    }
                    Err(e) => shown.toast(format!("Nothing was changed: {}", say(&e)), false),
                }
            });
        })
    };
    let on_date = {
        let date = date.clone();
        Callback::from(move |e: InputEvent| {
            date.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let cancel = props.on_close.reform(|_: MouseEvent| ());
    let (text_label, text_hint) = match props.action {
        Bulk::Extend => (
            "Justification",
            "One justification for all of them: why they are still needed now.",
        ),
        Bulk::Approve => (
            "Comment (optional)",
            "Recorded with the decision, under your name as entered in Settings (not verified).",
        ),
        Bulk::Reject => (
            "Why",
            "Recorded with the decision, under your name as entered in Settings (not verified).",
        ),
        Bulk::Delete => ("", ""),
    };
    let ready = planned.is_ok() && preview.error.is_none() && preview.data.is_some() && !*busy;
    html! {
        <div class="overlay">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="bulk-title" aria-describedby="bulk-impact"
                onkeydown={dialog_keys(props.on_close.clone())}>
                <h2 id="bulk-title">{ format!("{}: {}", props.action.verb(), props.what) }</h2>
                if props.action == Bulk::Extend {
                    <div class="field">
                        <label for="bulk-date">{ "New expiry date" }</label>
                        <input id="bulk-date" class="dialog-first" type="date" ref={first.clone()} value={(*date).clone()} oninput={on_date} />
                        <p class="hint">{ "Valid through that whole day in UTC." }</p>
                    </div>
                }
                if props.action != Bulk::Delete {
                    <div class="field">
                        <label for="bulk-text">{ text_label }</label>
                        <textarea id="bulk-text" rows="3" value={(*text).clone()} oninput={on_text} aria-describedby="bulk-text-hint"
                            class={(props.action != Bulk::Extend).then_some("dialog-first")}
                            ref={if props.action == Bulk::Extend { NodeRef::default() } else { first.clone() }}></textarea>
                        <p class="hint" id="bulk-text-hint">{ text_hint }</p>
                    </div>
                }
                { impact }
                <div class="dialog-actions">
                    <button class={classes!("primary", (props.action == Bulk::Delete).then_some("danger"), (props.action == Bulk::Delete).then_some("dialog-first"))}
                        ref={if props.action == Bulk::Delete { first.clone() } else { NodeRef::default() }}
                        disabled={!ready} onclick={confirm}>{ props.action.verb() }</button>
                    <button class="secondary dialog-last" onclick={cancel}>{ "Cancel" }</button>
                </div>
            </div>
        </div>
    }
}
