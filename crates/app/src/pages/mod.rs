//! One module per page; `switch` maps routes to them.

mod embed_score;
mod environments;
mod exemption;
mod exemptions;
mod governance;
mod governance_panel;
mod history;
mod overview;
mod overview_tables;
mod recommendation;
mod recommendation_findings;
mod recommendations;
mod settings;

use crate::components::link::RouteLink;
use crate::route::Route;
use crate::wizard::Wizard;
use yew::prelude::*;

/// The page for a route.
pub fn switch(route: Route) -> Html {
    match route {
        Route::Overview => html! { <overview::Overview /> },
        Route::Recommendations => html! { <recommendations::Recommendations /> },
        Route::Recommendation { key } => {
            html! { <recommendation::RecommendationPage key={key.clone()} id={AttrValue::from(key.clone())} /> }
        }
        Route::History => html! { <history::History /> },
        Route::Environments => html! { <environments::Environments /> },
        Route::Exemptions => html! { <exemptions::ExemptionsPage /> },
        Route::NewExemption => html! { <Wizard /> },
        Route::EditExemption { id } => {
            html! { <Wizard key={id.clone()} id={AttrValue::from(id.clone())} /> }
        }
        Route::Exemption { id } => {
            html! { <exemption::ExemptionDetail key={id.clone()} id={AttrValue::from(id.clone())} /> }
        }
        Route::Settings => html! { <settings::SettingsPage /> },
        Route::EmbedScore => html! { <embed_score::EmbedScore /> },
        Route::EmbedExemptions => html! { <exemptions::ExemptionsPage /> },
        Route::EmbedNewExemption => html! { <Wizard /> },
        Route::EmbedEditExemption { id } => {
            html! { <Wizard key={id.clone()} id={AttrValue::from(id.clone())} /> }
        }
        Route::EmbedRecommendation { key } => {
            html! { <recommendation::RecommendationPage key={key.clone()} id={AttrValue::from(key.clone())} /> }
        }
        Route::NotFound => html! {
            <div class="page">
                <h1>{ "Page not found" }</h1>
                <RouteLink to={Route::Overview}>{ "Go to the overview" }</RouteLink>
            </div>
        },
    }
}
