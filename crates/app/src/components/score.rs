//! A secure score as Defender shows it: a percentage and points.

use exempt_core::Score;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ScoreCardProps {
    pub label: AttrValue,
    pub score: Score,
    #[prop_or_default]
    pub note: Option<AttrValue>,
}

/// Percentage for display (the report keeps full precision).
pub fn percent(p: f64) -> String {
    format!("{:.0}%", p * 100.0)
}

#[function_component(ScoreCard)]
pub fn score_card(props: &ScoreCardProps) -> Html {
    let s = props.score;
    let pct = (s.percentage * 100.0).clamp(0.0, 100.0);
    html! {
        <section class="card score-card" aria-label={props.label.clone()}>
            <h3>{ props.label.clone() }</h3>
            <div class="score-value">{ percent(s.percentage) }</div>
            <div class="meter" role="meter" aria-label={props.label.clone()} aria-valuemin="0" aria-valuemax="100" aria-valuenow={format!("{pct:.0}")}>
                <div class="meter-fill" style={format!("width:{pct:.1}%")}></div>
            </div>
            <div class="muted">{ format!("{:.2} of {:.2} points", s.current, s.max) }</div>
            if let Some(note) = &props.note { <div class="muted small">{ note.clone() }</div> }
        </section>
    }
}
