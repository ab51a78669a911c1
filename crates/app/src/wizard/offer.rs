//! Another tab's unfinished draft of the same exemption (or of a new one),
//! offered above the form and taken only when the user asks.

use super::model::Draft;
use super::reducer::WizardState;
use crate::storage::drafts;
use yew::prelude::*;

/// The offer, when another tab has a draft with something typed in it;
/// `blank` is what this wizard starts from. `adopted` hears the text taken.
pub fn offer(
    tab: &str,
    target: Option<&str>,
    blank: &Draft,
    adopted: &UseStateHandle<Option<String>>,
) -> Html {
    if drafts::load(tab, target).is_some() {
        return html! {};
    }
    // A tab that only opened the wizard keeps an untouched draft too; one
    // of those must not stand in front of a draft someone typed.
    let typed = drafts::others(tab, target)
        .into_iter()
        .find_map(|(key, text)| {
            let w = serde_json::from_str::<WizardState>(&text).ok()?;
            (w.draft != *blank).then_some((key, w.draft.name))
        });
    let Some((key, name)) = typed else {
        return html! {};
    };
    let adopt = {
        let adopted = adopted.clone();
        let target = target.map(str::to_string);
        let tab = tab.to_string();
        Callback::from(move |_: MouseEvent| {
            if let Ok(text) = drafts::adopt(&tab, &key, target.as_deref()) {
                adopted.set(Some(text));
            }
        })
    };
    let what = if target.is_some() {
        "edit of this exemption"
    } else {
        "exemption"
    };
    let name = match name.trim() {
        "" => String::new(),
        n => format!(" (“{n}”)"),
    };
    html! {
        <div class="banner info" role="status">
            <div class="banner-body">
                { format!("Another tab has an unfinished {what}{name}. ") }
                <button class="secondary" onclick={adopt}>{ "Continue it here" }</button>
            </div>
        </div>
    }
}
