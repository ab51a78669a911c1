//! Expiry badges: "Expired", "Expires in N days".

use chrono::{DateTime, Utc};
use yew::prelude::*;

/// What an expiry means at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// No expiry date.
    Never,
    /// Already past.
    Expired,
    /// In this many days (rounded up).
    In(i64),
}

impl Expiry {
    /// Judges `expires_on` at `now`.
    pub fn of(expires_on: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Expiry {
        match expires_on {
            None => Expiry::Never,
            Some(e) if e <= now => Expiry::Expired,
            Some(e) => Expiry::In(((e - now).num_seconds() + 86_399) / 86_400),
        }
    }
}

/// The badge for an expiry, if it deserves one.
pub fn expiry_badge(expiry: Expiry) -> Html {
    match expiry {
        Expiry::Never => html! {},
        Expiry::Expired => html! { <span class="badge danger">{ "Expired" }</span> },
        Expiry::In(1) => html! { <span class="badge warning">{ "Expires in 1 day" }</span> },
        Expiry::In(d) if d <= 30 => {
            html! { <span class="badge warning">{ format!("Expires in {d} days") }</span> }
        }
        Expiry::In(_) => html! {},
    }
}
