//! Environment settings: management groups, subscriptions and connectors as a
//! tree with each one's secure score, and the way to Exemptions.

use crate::components::link::RouteLink;
use crate::components::score::percent;
use crate::context::use_ctx;
use crate::route::Route;
use exempt_core::environment::UnitKind;
use yew::prelude::*;

#[function_component(Environments)]
pub fn environments() -> Html {
    let ctx = use_ctx();
    let env = &ctx.world.env;
    let posture = &ctx.analysis.posture;
    let unit_of = |id: &str| {
        env.units()
            .iter()
            .position(|u| u.id.eq_ignore_ascii_case(id))
    };
    let score = |unit: Option<usize>| match unit {
        Some(u) if posture.weight(u) > 0 => {
            let s = posture.unit_score(u);
            html! { <span class="pill" title={format!("{:.2} of {:.2} points", s.current, s.max)}>{ format!("Secure score {}", percent(s.percentage)) }</span> }
        }
        _ => html! { <span class="pill muted">{ "No score" }</span> },
    };
    let connectors_of = |sub: &str| -> Vec<Html> {
        env.units()
            .iter()
            .enumerate()
            .filter(|(_, u)| {
                u.kind == UnitKind::SecurityConnector
                    && u.id
                        .to_lowercase()
                        .starts_with(&format!("/subscriptions/{}/", sub.to_lowercase()))
            })
            .map(|(i, u)| {
                html! {
                    <li class="tree-leaf">
                        <span class="kind">{ format!("{} connector", u.cloud) }</span>
                        <span>{ u.display_name.clone().unwrap_or_default() }</span>
                        { score(Some(i)) }
                    </li>
                }
            })
            .collect()
    };
    let sub_item = |s: &exempt_core::environment::Subscription| {
        let connectors = connectors_of(&s.id);
        html! {
            <li>
                <span class="kind">{ "Subscription" }</span>
                <span>{ s.display_name.clone().unwrap_or_else(|| s.id.clone()) }</span>
                { score(unit_of(&format!("/subscriptions/{}", s.id))) }
                if !connectors.is_empty() { <ul>{ for connectors }</ul> }
            </li>
        }
    };
    fn group(
        g: usize,
        env: &exempt_core::Environment,
        sub_item: &dyn Fn(&exempt_core::environment::Subscription) -> Html,
    ) -> Html {
        let mg = &env.management_groups()[g];
        let children = env
            .management_groups()
            .iter()
            .enumerate()
            .filter(|(_, c)| c.parent == Some(g))
            .map(|(i, _)| group(i, env, sub_item));
        let subs = env
            .subscriptions()
            .iter()
            .filter(|s| s.management_groups.first() == Some(&g))
            .map(sub_item);
        html! {
            <li>
                <span class="kind">{ "Management group" }</span>
                <span>{ mg.display_name.clone().unwrap_or_else(|| mg.name.clone()) }</span>
                <ul>{ for children }{ for subs }</ul>
            </li>
        }
    }
    let roots = env
        .management_groups()
        .iter()
        .enumerate()
        .filter(|(_, g)| g.parent.is_none())
        .map(|(i, _)| group(i, env, &sub_item));
    let orphans = env
        .subscriptions()
        .iter()
        .filter(|s| s.management_groups.is_empty())
        .map(sub_item);
    let count = ctx.state.records.len();
    html! {
        <div class="page">
            <h1>{ "Environment settings" }</h1>
            <div class="cards">
                <section class="card" aria-labelledby="exemptions-card">
                    <h3 id="exemptions-card">{ "Exemptions" }</h3>
                    <p class="muted">{ format!("{count} exemption{} across your environments", if count == 1 { "" } else { "s" }) }</p>
                    <RouteLink to={Route::Exemptions} class="button primary">{ "Exemptions" }</RouteLink>
                </section>
            </div>
            <h2>{ "Environments" }</h2>
            <ul aria-label="Environments" class="env-tree">{ for roots }{ for orphans }</ul>
        </div>
    }
}
