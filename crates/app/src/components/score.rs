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

/// An effect or a gap, in percentage points (core's
/// `Score::effect_over`), signed, as every page shows it.
pub fn effect(points: f64) -> String {
    // No "-0.00": a rounding to nothing reads as nothing.
    let shown = if points.abs() < 0.005 { 0.0 } else { points };
    format!("{shown:+.2}")
}

#[function_component(ScoreCard)]
pub fn score_card(props: &ScoreCardProps) -> Html {
    let s = props.score;
    let pct = (s.percentage * 100.0).clamp(0.0, 100.0);
    // The fill's width is set through the CSSOM: a style attribute would be
    // refused by the page's Content-Security-Policy.
    let fill = use_node_ref();
    {
        let fill = fill.clone();
        use_effect_with((pct * 10.0).round() as i64, move |_| {
            if let Some(el) = fill.cast::<web_sys::HtmlElement>() {
                let _ = el.style().set_property("width", &format!("{pct:.1}%"));
            }
        });
    }
    html! {
        <section class="card score-card" aria-label={props.label.clone()}>
            <h3>{ props.label.clone() }</h3>
            <div class="score-value">{ percent(s.percentage) }</div>
            <div class="meter" role="meter" aria-label={props.label.clone()} aria-valuemin="0" aria-valuemax="100" aria-valuenow={format!("{pct:.0}")}>
                <div class="meter-fill" ref={fill}></div>
            </div>
            <div class="muted">{ format!("{:.2} of {:.2} points", s.current, s.max) }</div>
            if let Some(note) = &props.note { <div class="muted small">{ note.clone() }</div> }
        </section>
    }
}
