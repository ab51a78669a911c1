//! What Save found changed in another tab since this wizard opened: the
//! fields that differ, theirs beside yours, and Save mine anyway.

use exempt_core::document::Conflict;
use yew::prelude::*;

pub(super) fn banner(c: &Conflict, on_overwrite: Callback<MouseEvent>) -> Html {
    html! {
        <div class="banner error" role="alert">
            <div class="banner-body">
                <strong>{ "This exemption was changed in another tab. " }</strong>
                { "Saving now would replace those changes with yours; your edits are still here. What differs:" }
                <table class="grid compact diff">
                    <caption class="sr-only">{ "Differences" }</caption>
                    <thead><tr><th scope="col">{ "Field" }</th><th scope="col">{ "Other tab" }</th><th scope="col">{ "Yours" }</th></tr></thead>
                    <tbody>{ for c.fields.iter().map(|f| html! {
                        <tr><th scope="row">{ f.field.clone() }</th><td class="wrap">{ f.theirs.clone() }</td><td class="wrap">{ f.mine.clone() }</td></tr>
                    }) }</tbody>
                </table>
                <button class="secondary" onclick={on_overwrite}>{ "Save mine anyway" }</button>
            </div>
        </div>
    }
}
