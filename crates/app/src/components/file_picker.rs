//! A file button in the Fluent manner: the browser's own file input, kept
//! for its keyboard and its dialog, is laid invisibly over a styled button,
//! and the names chosen are shown beside it.

use super::icon::{icon, Icon};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FilePickerProps {
    pub id: AttrValue,
    /// The button's words, which are also the input's accessible name.
    pub label: AttrValue,
    pub accept: AttrValue,
    #[prop_or(true)]
    pub multiple: bool,
    #[prop_or_default]
    pub disabled: bool,
    #[prop_or_default]
    pub primary: bool,
    #[prop_or_default]
    pub onchange: Callback<Event>,
    /// For a form that reads the files later.
    #[prop_or_default]
    pub node: NodeRef,
    #[prop_or_default]
    pub describedby: Option<AttrValue>,
    /// A visible label elsewhere that names the files, read before the
    /// button's own words.
    #[prop_or_default]
    pub labelledby: Option<AttrValue>,
    /// Show the names of the files chosen (for a form read later; a picker
    /// that reads at once shows what it read instead).
    #[prop_or_default]
    pub show_chosen: bool,
}

#[function_component(FilePicker)]
pub fn file_picker(props: &FilePickerProps) -> Html {
    let chosen = use_state(Vec::<String>::new);
    let onchange = {
        let (chosen, outer, show) = (chosen.clone(), props.onchange.clone(), props.show_chosen);
        Callback::from(move |e: Event| {
            if show {
                let input: HtmlInputElement = e.target_unchecked_into();
                let names = input.files().map_or_else(Vec::new, |list| {
                    (0..list.length())
                        .filter_map(|i| list.get(i))
                        .map(|f| f.name())
                        .collect()
                });
                chosen.set(names);
            }
            outer.emit(e);
        })
    };
    html! {
        <span class="file-picker">
            <label class={classes!("button", "file-button", props.primary.then_some("primary"), props.disabled.then_some("disabled"))} for={props.id.clone()}>
                { icon(Icon::Upload) }<span id={format!("{}-button", props.id)}>{ props.label.clone() }</span>
                <input id={props.id.clone()} type="file" multiple={props.multiple} class="visually-hidden-input"
                    accept={props.accept.clone()} disabled={props.disabled} ref={props.node.clone()}
                    aria-describedby={props.describedby.clone()}
                    aria-labelledby={props.labelledby.as_ref().map(|l| format!("{l} {}-button", props.id))} {onchange} />
            </label>
            if props.show_chosen {
                <span class="muted small wrap" aria-live="polite">{
                    if chosen.is_empty() { "No file chosen".to_string() } else { chosen.join(", ") }
                }</span>
            }
        </span>
    }
}
