//! Starting a new exemption in the Create wizard from another page, filled
//! in: handed over in the page's state, not through storage, after asking
//! when this tab has an unfinished new exemption that it would replace.

use super::model::Draft;
use super::reducer::WizardState;
use crate::components::dialog::ConfirmDialog;
use crate::context::use_ctx;
use crate::route::Route;
use crate::state::Action;
use crate::storage::drafts;
use yew::prelude::*;

/// A callback that opens the wizard with a draft, and the confirmation
/// dialog to render while it asks.
#[hook]
pub fn use_hand_over() -> (Callback<Draft>, Html) {
    let ctx = use_ctx();
    let navigator = crate::nav::use_go();
    let replacing = use_state(|| None::<String>);
    let hand = {
        let (navigator, replacing, state) =
            (navigator.clone(), replacing.clone(), ctx.state.clone());
        let tab = ctx.state.tab.clone().unwrap_or_default();
        Callback::from(move |draft: Draft| {
            let Ok(text) = serde_json::to_string(&WizardState::new(draft, None)) else {
                return;
            };
            let unfinished = drafts::load(&tab, None)
                .and_then(|t| serde_json::from_str::<WizardState>(&t).ok())
                .is_some_and(|w| w.draft != Draft::default());
            if unfinished {
                replacing.set(Some(text));
            } else {
                state.dispatch(Action::Prefill(Some(text.into())));
                navigator.emit(Route::NewExemption);
            }
        })
    };
    let dialog = (*replacing).clone().map_or_else(Html::default, |text| {
        let (close, state) = (replacing.clone(), ctx.state.clone());
        let on_confirm = Callback::from(move |_| {
            state.dispatch(Action::Prefill(Some(text.as_str().into())));
            close.set(None);
            navigator.emit(Route::NewExemption);
        });
        let close = replacing.clone();
        html! {
            <ConfirmDialog title="Replace your unfinished exemption?" confirm_label="Replace"
                message="You have an exemption in progress in the Create wizard. Exempting from here starts a new one in its place."
                {on_confirm} on_cancel={Callback::from(move |_| close.set(None))} />
        }
    });
    (hand, dialog)
}
