//! One exemption, read-only, as the portal shows a resource before you
//! change it: what it is, who answers for it, what it decides now and what
//! that is worth, what the linter says, and its history; Edit is an action.

use crate::client::use_query;
use crate::components::labels::say;
use crate::components::labels::{category_long, status, thousands};
use crate::components::link::RouteLink;
use crate::components::problems::problem;
use crate::components::score::effect;
use crate::components::table::TableWrap;
use crate::context::use_ctx;
use crate::protocol::ask;
use crate::route::Route;
use exempt_core::workspace::{DecidedRow, ExemptionView, HistoryRow};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The exemption's id.
    pub id: AttrValue,
}

fn or_dash(v: &Option<String>) -> String {
    v.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or("—")
        .to_string()
}

fn summary(v: &ExemptionView) -> Html {
    let r = &v.row;
    html! {
        <dl class="summary" data-testid="exemption-summary">
            <dt>{ "State" }</dt><dd>{ r.state.label() }</dd>
            <dt>{ "Category" }</dt><dd>{ category_long(r.category) }</dd>
            <dt>{ "Cloud" }</dt><dd>{ r.cloud.as_str() }</dd>
            <dt>{ "Scope" }</dt>
            <dd><ul class="plain">{ for v.scopes.iter().map(|(id, label)| html! { <li class="wrap" title={id.clone()}>{ label.clone() }</li> }) }</ul></dd>
            <dt>{ "Exempted" }</dt>
            <dd><ul class="plain">{ for v.targets.iter().map(|t| html! { <li class="wrap">{ t.clone() }</li> }) }</ul></dd>
            <dt>{ "Expires" }</dt><dd>{ r.expires.clone().unwrap_or_else(|| "Never".into()) }</dd>
            <dt>{ "Created" }</dt><dd>{ or_dash(&r.created) }</dd>
            <dt>{ "Description" }</dt><dd class="wrap">{ or_dash(&r.description) }</dd>
            <dt>{ "Owner" }</dt><dd class="wrap">{ or_dash(&r.owner) }</dd>
            <dt>{ "Ticket" }</dt><dd class="wrap">{ or_dash(&r.ticket) }</dd>
            <dt>{ "Requested by" }</dt>
            <dd class="wrap">{ match (&r.requested_by, &v.requested_on) {
                (Some(by), Some(on)) => format!("{by} on {on} (recorded, not verified)"),
                (Some(by), None) => format!("{by} (recorded, not verified)"),
                _ => "—".to_string(),
            } }</dd>
            <dt>{ "Decision" }</dt><dd class="wrap">{ or_dash(&v.decision) }</dd>
        </dl>
    }
}

fn worth(v: &ExemptionView) -> Html {
    html! {
        <div class="impact-grid">
            <div class="stat">
                <div class="stat-value" data-testid="exemption-effect">{ v.effect.map_or("—".to_string(), effect) }</div>
                <div class="stat-label">{ "effect on the secure score, in percentage points (the score with it minus the score without it)" }</div>
            </div>
            <div class="stat">
                <div class="stat-value">{ thousands(v.decided) }</div>
                <div class="stat-label">{ "assessments it decides now" }</div>
            </div>
            <div class="stat">
                <div class="stat-value">{ thousands(v.row.affected as u64) }</div>
                <div class="stat-label">{ "resources affected" }</div>
            </div>
        </div>
    }
}

fn resources(v: &ExemptionView) -> Html {
    if v.resources.is_empty() {
        return html! { <p class="muted">{ "It decides no assessment now: it is not in force, or nothing in its scope has the recommendations it names." }</p> };
    }
    let row = |d: &DecidedRow| {
        html! {
            <tr>
                <th scope="row" class="wrap" title={d.resource_id.clone()}>{ d.resource.clone() }</th>
                <td class="wrap"><RouteLink to={Route::Recommendation { key: d.key.clone() }}>{ d.recommendation.clone() }</RouteLink></td>
                <td>{ status(d.scanned) }</td>
                <td>{ status(d.now) }</td>
            </tr>
        }
    };
    html! {
        <>
            <TableWrap label="Assessments it decides">
                <table class="grid compact">
                    <caption class="sr-only">{ "Assessments it decides" }</caption>
                    <thead><tr>
                        <th scope="col">{ "Resource" }</th><th scope="col">{ "Recommendation" }</th>
                        <th scope="col">{ "As scanned" }</th><th scope="col">{ "With exemptions" }</th>
                    </tr></thead>
                    <tbody>{ for v.resources.iter().map(row) }</tbody>
                </table>
            </TableWrap>
            if v.decided as usize > v.resources.len() {
                <p class="muted small">{ format!("The first {} of {}: each recommendation's page lists them all.", v.resources.len(), thousands(v.decided)) }</p>
            }
        </>
    }
}

fn history(rows: &[HistoryRow]) -> Html {
    if rows.is_empty() {
        return html! { <p class="muted">{ "No event is recorded: it came from a file or a host page, which keep no history." }</p> };
    }
    html! {
        <TableWrap label="Its history">
            <table class="grid compact">
                <caption class="sr-only">{ "Its history" }</caption>
                <thead><tr><th scope="col">{ "When" }</th><th scope="col">{ "Event" }</th><th scope="col">{ "Details" }</th></tr></thead>
                <tbody>{ for rows.iter().map(|h| html! {
                    <tr>
                        <td class="nowrap">{ h.at.clone() }</td>
                        <th scope="row">{ h.event.clone() }</th>
                        <td class="wrap">{ for h.details.iter().map(|d| html! { <div>{ d.clone() }</div> }) }</td>
                    </tr>
                }) }</tbody>
            </table>
        </TableWrap>
    }
}

#[function_component(ExemptionDetail)]
pub fn exemption_detail(props: &Props) -> Html {
    let ctx = use_ctx();
    let navigator = crate::nav::use_go();
    let view = use_query(
        Some(ask::exemption_view(props.id.to_string())),
        ctx.review_revision(),
    );
    let crumbs = html! {
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <RouteLink to={Route::Environments}>{ "Environment settings" }</RouteLink>
            <span aria-hidden="true">{ " › " }</span>
            <RouteLink to={Route::Exemptions}>{ "Exemptions" }</RouteLink>
        </nav>
    };
    let Some(v) = view.data.clone() else {
        return match &view.error {
            Some(e) => {
                html! { <div class="page">{ crumbs }<h1>{ "Exemption" }</h1><p class="banner warning" role="alert">{ say(e) }</p></div> }
            }
            None => {
                html! { <div class="page">{ crumbs }<h1>{ "Exemption" }</h1><p class="muted" role="status">{ "Loading…" }</p></div> }
            }
        };
    };
    let edit = {
        let id = props.id.to_string();
        Callback::from(move |_: MouseEvent| navigator.emit(Route::EditExemption { id: id.clone() }))
    };
    html! {
        <div class="page">
            { crumbs }
            <div class="page-header">
                <h1 class="wrap">{ v.row.name.clone() }</h1>
                <button class="primary" onclick={edit}>{ "Edit" }</button>
            </div>
            { summary(&v) }
            <section aria-labelledby="worth-title">
                <h2 id="worth-title">{ "What it does" }</h2>
                { worth(&v) }
                { resources(&v) }
            </section>
            <section aria-labelledby="problems-title">
                <h2 id="problems-title">{ "Problems before deployment" }</h2>
                { match &v.problems {
                    None => html! { <p class="muted" role="status">{ "Checking…" }</p> },
                    Some(p) if p.is_empty() => html! { <p class="muted">{ "None: the linter finds nothing to fix." }</p> },
                    Some(p) => html! { <ul class="plain">{ for p.iter().map(|p| problem(p, false)) }</ul> },
                } }
            </section>
            <section aria-labelledby="history-title">
                <h2 id="history-title">{ "History" }</h2>
                { history(&v.history) }
            </section>
        </div>
    }
}
