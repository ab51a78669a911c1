//! A short message after an action, with Undo after a deletion; it says so
//! too when the change could not be saved.

use crate::components::labels::say;
use crate::context::use_ctx;
use crate::state::Action;
use exempt_core::document::Edit;
use yew::prelude::*;

/// How long a toast (and its Undo) stays.
pub const TOAST_MS: u32 = 8000;

#[function_component(Toast)]
pub fn toast() -> Html {
    let ctx = use_ctx();
    let token = ctx.state.toast.as_ref().map(|t| t.token);
    {
        let state = ctx.state.clone();
        use_effect_with(token, move |&token| {
            let timer = token.map(|t| {
                gloo_timers::callback::Timeout::new(TOAST_MS, move || {
                    state.dispatch(Action::ExpireToast(t))
                })
            });
            move || drop(timer)
        });
    }
    let Some(toast) = &ctx.state.toast else {
        return html! {};
    };
    let undo_name = ctx
        .state
        .summary
        .as_ref()
        .and_then(|s| s.status.undo.clone());
    let onclick = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| {
            let done = ctx.clone();
            ctx.edit(Edit::Undo, move |r| match r {
                Ok(_) => done.toast("Exemption restored.", false),
                Err(e) => done.toast(say(&e), false),
            });
        })
    };
    let losing = ctx.state.save.losing();
    html! {
        <div class="toast" role="status" aria-live="polite">
            <span>{ toast.message.clone() }</span>
            if losing { <span class="warning-text">{ " Not saved: see the message above." }</span> }
            if toast.undo && undo_name.is_some() {
                <button class="link-button" {onclick}>{ "Undo" }</button>
            }
        </div>
    }
}
