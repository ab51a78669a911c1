//! The embedded score card: the secure score with and without exemptions,
//! and the gap between them, sized to a small iframe.

use crate::components::labels::thousands;
use crate::components::link::RouteLink;
use crate::components::score::ScoreCard;
use crate::context::use_ctx;
use crate::route::Route;
use yew::prelude::*;

#[function_component(EmbedScore)]
pub fn embed_score() -> Html {
    let ctx = use_ctx();
    let Some(s) = ctx.state.summary.clone() else {
        return html! { <p role="status" class="muted">{ "Loading…" }</p> };
    };
    let gap = s.status.score.effect_over(s.status.without);
    html! {
        <div class="page embed-score">
            <h1 class="sr-only">{ "Secure score" }</h1>
            <div class="score-row">
                <ScoreCard label="Secure score" score={s.status.score} />
                <ScoreCard label="Without exemptions" score={s.status.without} />
            </div>
            <p class="muted small" data-testid="embed-gap">
                { format!("Exemptions add {} percentage points · ", crate::components::score::effect(gap)) }
                <RouteLink to={Route::Exemptions}>{ format!("{} exemptions", thousands(s.status.exemptions)) }</RouteLink>
            </p>
        </div>
    }
}
