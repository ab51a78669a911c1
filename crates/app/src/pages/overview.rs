//! Overview: the secure score with and without exemptions, and per control.

use crate::components::link::RouteLink;
use crate::components::score::{percent, ScoreCard};
use crate::context::use_ctx;
use crate::route::Route;
use yew::prelude::*;

#[function_component(Overview)]
pub fn overview() -> Html {
    let ctx = use_ctx();
    let with = ctx.analysis.posture.overall();
    let without = ctx.world.raw.overall();
    let gap = with.percentage - without.percentage;
    let active = ctx
        .analysis
        .evaluation
        .outcomes()
        .iter()
        .filter(|o| o.active)
        .count();
    let expired = ctx.analysis.exemptions.len() - active;
    let env = &ctx.world.env;
    let rows = env.controls().iter().enumerate().map(|(c, def)| {
        let (t, points) = ctx.analysis.posture.control(c);
        html! {
            <tr>
                <th scope="row">{ def.display_name.clone() }</th>
                <td class="number">{ format!("{:.0}", def.max_score) }</td>
                <td class="number">{ format!("{points:.2}") }</td>
                <td class="number">{ if t.counts() { format!("+{:.2}", def.max_score - points) } else { "—".into() } }</td>
                <td class="number">{ t.unhealthy }</td>
                <td class="number">{ t.healthy }</td>
                <td class="number">{ t.not_applicable }</td>
            </tr>
        }
    });
    html! {
        <div class="page">
            <h1>{ "Overview" }</h1>
            <div class="cards">
                <ScoreCard label="Secure score" score={with} note={AttrValue::from("With exemptions, as Defender reports it")} />
                <ScoreCard label="Without exemptions" score={without} note={AttrValue::from("Every assessment as scanned")} />
                <section class="card" aria-label="Exemption gap">
                    <h3>{ "Exemption gap" }</h3>
                    <div class="score-value">{ format!("{:+.1}%", gap * 100.0) }</div>
                    <div class="muted">{ format!("{:+.2} points of the score come from exemptions", with.current - without.current) }</div>
                    <div class="muted small">
                        { format!("{active} active, {expired} expired · ") }
                        <RouteLink to={Route::Exemptions}>{ "Manage exemptions" }</RouteLink>
                    </div>
                </section>
            </div>
            <table class="grid">
                <caption>{ format!("Security controls · secure score {} ({:.2} of {:.2} points)", percent(with.percentage), with.current, with.max) }</caption>
                <thead><tr>
                    <th scope="col">{ "Control" }</th><th scope="col">{ "Max score" }</th><th scope="col">{ "Current score" }</th>
                    <th scope="col">{ "Potential increase" }</th><th scope="col">{ "Unhealthy resources" }</th>
                    <th scope="col">{ "Healthy resources" }</th><th scope="col">{ "Not applicable resources" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
