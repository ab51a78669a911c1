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
    /// One exemption, read-only, with Edit as an action.
    #[at("/exemptions/:id")]
    Exemption {
        /// The exemption's id.
        id: String,
    },
    /// The wizard, filled in with an exemption.
    #[at("/exemptions/:id/edit")]
    EditExemption {
        /// The exemption's id.
        id: String,
    },
    /// Which environment to show.
    #[at("/settings")]
    Settings,
    /// Embedded: the secure score with and without exemptions.
    #[at("/embed/score")]
    EmbedScore,
    /// Embedded: the exemptions table with its "..." menu.
    #[at("/embed/exemptions")]
    EmbedExemptions,
    /// Embedded: the Create wizard.
    #[at("/embed/exemptions/new")]
    EmbedNewExemption,
    /// Embedded: the wizard, filled in with an exemption.
    #[at("/embed/exemptions/:id/edit")]
    EmbedEditExemption {
        /// The exemption's id.
        id: String,
    },
    /// Embedded: one recommendation's resources and their exemptions.
    #[at("/embed/recommendations/:key")]
    EmbedRecommendation {
        /// The assessment key.
        key: String,
    },
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
            Route::Exemption { .. } => "Exemption",
            Route::Settings => "Settings",
            Route::NotFound => "Page not found",
            Route::EmbedScore => "Secure score",
            Route::EmbedExemptions => "Exemptions",
            Route::EmbedNewExemption => "Create exemption",
            Route::EmbedEditExemption { .. } => "Edit exemption",
            Route::EmbedRecommendation { .. } => "Recommendation",
        }
    }

    /// Whether it is a compact view for an iframe.
    pub fn is_embed(&self) -> bool {
        self.to_path().starts_with("/embed/")
    }

    /// The compact view showing the same thing, if there is one.
    pub fn embedded(&self) -> Option<Route> {
        Some(match self {
            Route::Overview => Route::EmbedScore,
            Route::Exemptions => Route::EmbedExemptions,
            Route::NewExemption => Route::EmbedNewExemption,
            Route::EditExemption { id } | Route::Exemption { id } => {
                Route::EmbedEditExemption { id: id.clone() }
            }
            Route::Recommendation { key } => Route::EmbedRecommendation { key: key.clone() },
            r if r.is_embed() => r.clone(),
            _ => return None,
        })
    }

    /// The full app's page showing the same thing.
    pub fn full(&self) -> Route {
        match self {
            Route::EmbedScore => Route::Overview,
            Route::EmbedExemptions => Route::Exemptions,
            Route::EmbedNewExemption => Route::NewExemption,
            Route::EmbedEditExemption { id } => Route::EditExemption { id: id.clone() },
            Route::EmbedRecommendation { key } => Route::Recommendation { key: key.clone() },
            r => r.clone(),
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
            | Route::Exemption { .. }
            | Route::History => 2,
            Route::Settings => 3,
            Route::EmbedScore
            | Route::EmbedExemptions
            | Route::EmbedNewExemption
            | Route::EmbedEditExemption { .. }
            | Route::EmbedRecommendation { .. } => 8,
            Route::NotFound => 9,
        }
    }
}
