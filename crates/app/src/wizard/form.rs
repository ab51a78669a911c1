//! Pieces every step's form uses: the error line under a field and the
//! attributes that tie a field to it.

use super::model::{Errors, Field};
use crate::components::icon::{icon, Icon};
use yew::prelude::*;

/// An error line under a field, referenced by the field's aria-describedby.
pub fn field_error(errors: &Errors, field: Field) -> Html {
    match errors.get(&field) {
        Some(message) => html! {
            <p class="field-error" id={format!("{}-error", field.element_id())}>
                { icon(Icon::Warning) }{ " " }{ message.clone() }
            </p>
        },
        None => html! {},
    }
}

/// aria-invalid and aria-describedby of a field in error.
pub fn invalid(errors: &Errors, field: Field) -> (Option<&'static str>, Option<String>) {
    if errors.contains_key(&field) {
        (Some("true"), Some(format!("{}-error", field.element_id())))
    } else {
        (None, None)
    }
}
