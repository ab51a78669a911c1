//! Hash routes, so that the app works from any static host, under any path,
//! and in an iframe.

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

impl Route {
    /// The page's name, for the tab's title.
    pub fn title(&self) -> &'static str {
        match self {
            Route::Overview => "Overview",
            Route::Recommendations => "Recommendations",
            Route::Recommendation { .. } => "Recommendation",
            Route::History => "Exemption history",
            Route::Environments => "Environment settings",
            Route::Exemptions => "Exemptions",
            Route::NewExemption => "Create exemption",
            Route::EditExemption { .. } => "Edit exemption",
            Route::Settings => "Settings",
            Route::NotFound => "Page not found",
        }
    }

    /// Which item of the side navigation it belongs to.
    pub fn section(&self) -> usize {
        match self {
            Route::Overview => 0,
            Route::Recommendations | Route::Recommendation { .. } => 1,
            Route::Environments
            | Route::Exemptions
            | Route::NewExemption
            | Route::EditExemption { .. }
            | Route::History => 2,
            Route::Settings => 3,
            Route::NotFound => 9,
        }
    }
}
