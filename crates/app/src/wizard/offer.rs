//! Another tab's unfinished draft of the same exemption (or of a new one),
//! offered above the form and taken only when the user asks.

use super::model::Draft;
use super::reducer::WizardState;
use crate::storage::drafts;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OfferProps {
    /// This tab's id.
    pub tab: Rc<str>,
    /// The exemption edited, or none for a new one.
    pub target: Option<String>,
    /// What this wizard starts from.
    pub blank: Draft,
    /// This tab starts from a state of its own (handed over by another
    /// page), not from a draft.
    pub handed: bool,
    /// Hears the text taken.
    pub adopted: UseStateHandle<Option<String>>,
}

/// Another tab's draft with something typed in it, when this tab has none
/// of its own.
fn typed(tab: &str, target: Option<&str>, blank: &Draft) -> Option<(String, String)> {
    if drafts::load(tab, target).is_some() {
        return None;
    }
    // A tab that only opened the wizard keeps an untouched draft too; one
    // of those must not stand in front of a draft someone typed.
    drafts::others(tab, target)
        .into_iter()
        .find_map(|(key, text)| {
            let w = serde_json::from_str::<WizardState>(&text).ok()?;
            (w.draft != *blank).then_some((key, w.draft.name))
        })
}

/// The offer. Whether there is one is decided once, as the wizard opens:
/// the form keeps this tab's own draft as soon as it shows, and that must
/// not take the offer away when the wizard renders again.
#[function_component(Offer)]
pub fn offer(props: &OfferProps) -> Html {
    let found = {
        let (tab, target, blank) = (props.tab.clone(), props.target.clone(), props.blank.clone());
        let handed = props.handed;
        use_state(move || {
            (!handed)
                .then(|| typed(&tab, target.as_deref(), &blank))
                .flatten()
        })
    };
    if props.adopted.is_some() {
        return html! {};
    }
    let Some((key, name)) = (*found).clone() else {
        return html! {};
    };
    let adopt = {
        let adopted = props.adopted.clone();
        let target = props.target.clone();
        let tab = props.tab.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(text) = drafts::adopt(&tab, &key, target.as_deref()) {
                adopted.set(Some(text));
            }
        })
    };
    let what = if props.target.is_some() {
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
