//! Hash routes, so that the app works from any static host and in an iframe.

use yew_router::prelude::*;

/// Every page.
#[derive(Clone, Routable, PartialEq, Debug)]
pub enum Route {
    /// Secure score with and without exemptions.
    #[at("/")]
    Overview,
    /// Recommendations and their resources.
    #[at("/recommendations")]
    Recommendations,
    /// One recommendation and its resources.
    #[at("/recommendations/:key")]
    Recommendation {
        /// The assessment key.
        key: String,
    },
    /// The history of every exemption, deleted ones included.
    #[at("/exemptions/history")]
    History,
    /// Management groups, subscriptions and connectors.
    #[at("/environments")]
    Environments,
    /// The exemptions list.
    #[at("/exemptions")]
    Exemptions,
    /// The Create wizard.
    #[at("/exemptions/new")]
    NewExemption,
    /// The wizard, filled in with an exemption.
    #[at("/exemptions/:id/edit")]
    EditExemption {
        /// The exemption's id.
        id: String,
    },
    /// Which environment to show.
    #[at("/settings")]
    Settings,
    /// Anything else.
    #[not_found]
    #[at("/404")]
    NotFound,
}
