//! "Exemption deleted · Undo", for a few seconds after a deletion.

use crate::context::use_ctx;
use crate::state::Action;
use yew::prelude::*;

/// How long a deletion can be undone.
pub const UNDO_MS: u32 = 8000;

#[function_component(UndoToast)]
pub fn undo_toast() -> Html {
    let ctx = use_ctx();
    let token = ctx.state.undo.as_ref().map(|u| u.token);
    {
        let state = ctx.state.clone();
        use_effect_with(token, move |&token| {
            let timer = token.map(|t| {
                gloo_timers::callback::Timeout::new(UNDO_MS, move || {
                    state.dispatch(Action::ExpireUndo(t))
                })
            });
            move || drop(timer)
        });
    }
    let Some(undo) = &ctx.state.undo else {
        return html! {};
    };
    let onclick = {
        let state = ctx.state.clone();
        Callback::from(move |_| state.dispatch(Action::Undo(crate::clock::now())))
    };
    html! {
        <div class="toast" role="status" aria-live="polite">
            <span>{ format!("Exemption “{}” deleted.", undo.record.exemption.name) }</span>
            <button class="link-button" {onclick}>{ "Undo" }</button>
        </div>
    }
}
