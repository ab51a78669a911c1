//! Icons as small SVG drawings in the Fluent manner (a 16-unit grid, one
//! stroke weight, the text's colour), so they look the same on every
//! system instead of depending on a font's symbols. They are decoration:
//! the control that holds one carries the words.

use yew::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Icon {
    Overview,
    Recommendations,
    Environments,
    Settings,
    Close,
    Expand,
    Collapse,
    SortUp,
    SortDown,
    Warning,
    External,
    Upload,
}

impl Icon {
    /// Path data on the 16-unit grid, stroked.
    fn paths(self) -> &'static [&'static str] {
        match self {
            // A gauge: the score.
            Icon::Overview => &["M2.5 11.5a5.5 5.5 0 1 1 11 0", "M8 11.5 10.5 7", "M2 13.5h12"],
            Icon::Recommendations => &["M5.5 4h8", "M5.5 8h8", "M5.5 12h8", "M2.5 4h.5", "M2.5 8h.5", "M2.5 12h.5"],
            // Stacked layers: management groups, subscriptions, resources.
            Icon::Environments => &["M8 2 14 5 8 8 2 5Z", "M2 8l6 3 6-3", "M2 11l6 3 6-3"],
            Icon::Settings => &[
                "M8 5.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5Z",
                "M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4",
            ],
            Icon::Close => &["M4 4l8 8", "M12 4l-8 8"],
            Icon::Expand => &["M6 3.5 10.5 8 6 12.5"],
            Icon::Collapse => &["M3.5 6 8 10.5 12.5 6"],
            Icon::SortUp => &["M4 10 8 6l4 4"],
            Icon::SortDown => &["M4 6l4 4 4-4"],
            Icon::Warning => &["M8 2 14.5 13.5h-13Z", "M8 6.5v3.5", "M8 11.8v.2"],
            Icon::External => &["M9 2.5h4.5V7", "M13.5 2.5 7.5 8.5", "M11.5 9.5v4h-9v-9h4"],
            Icon::Upload => &["M8 11V2.5", "M4.5 6 8 2.5 11.5 6", "M2.5 10.5v3h11v-3"],
        }
    }
}

/// `icon` drawn at the text's size, hidden from assistive technology.
pub fn icon(icon: Icon) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            { for icon.paths().iter().map(|d| html! { <path d={*d} /> }) }
        </svg>
    }
}
