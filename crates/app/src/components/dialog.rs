//! A modal confirmation, focused on open and closed by Escape.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Moves focus to `node` when the component first renders, as a dialog must.
#[hook]
pub fn use_focus_on_mount(node: NodeRef) {
    use_effect_with((), move |_| {
        if let Some(el) = node.cast::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    });
}

/// The keyboard of a modal dialog: Escape cancels, Tab stays inside.
pub fn dialog_keys(on_cancel: Callback<()>) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            e.prevent_default();
            on_cancel.emit(());
        } else {
            keep_focus_inside(&e);
        }
    })
}

/// Keeps Tab inside a modal dialog whose first and last focusable controls
/// carry the classes `dialog-first` and `dialog-last`.
fn keep_focus_inside(e: &KeyboardEvent) {
    if e.key() != "Tab" {
        return;
    }
    let target = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let first = target
        .as_ref()
        .is_some_and(|t| t.class_list().contains("dialog-first"));
    let last = target
        .as_ref()
        .is_some_and(|t| t.class_list().contains("dialog-last"));
    if (e.shift_key() && first) || (!e.shift_key() && last) {
        e.prevent_default();
    }
}

#[derive(Properties, PartialEq)]
pub struct ConfirmProps {
    pub title: AttrValue,
    pub message: AttrValue,
    pub confirm_label: AttrValue,
    pub on_confirm: Callback<()>,
    pub on_cancel: Callback<()>,
}

#[function_component(ConfirmDialog)]
pub fn confirm_dialog(props: &ConfirmProps) -> Html {
    let cancel_ref = use_node_ref();
    use_focus_on_mount(cancel_ref.clone());
    let onkeydown = dialog_keys(props.on_cancel.clone());
    let confirm = props.on_confirm.reform(|_: MouseEvent| ());
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <div class="overlay">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" aria-describedby="dialog-message" {onkeydown}>
                <h2 id="dialog-title">{ props.title.clone() }</h2>
                <p id="dialog-message">{ props.message.clone() }</p>
                <div class="dialog-actions">
                    <button class="primary danger dialog-first" onclick={confirm}>{ props.confirm_label.clone() }</button>
                    <button class="secondary dialog-last" ref={cancel_ref} onclick={cancel}>{ "Cancel" }</button>
                </div>
            </div>
        </div>
    }
}
