//! The Overview's governance panel: what waits for a decision and what it
//! would do, the oldest request, expiries, and what the records lack.

use crate::client::use_query;
use crate::components::labels::thousands;
use crate::components::link::RouteLink;
use crate::context::use_ctx;
use crate::protocol::ask;
use crate::route::Route;
use yew::prelude::*;

#[function_component(GovernancePanel)]
pub fn governance_panel() -> Html {
    let ctx = use_ctx();
    let view = use_query(Some(ask::governance()), ctx.revision());
    let problems = use_query(
        ctx.problems_ready().then_some(ask::problems(0)),
        ctx.review_revision(),
    );
    let Some(g) = view.data.as_deref() else {
        return html! { <section class="card wide governance" aria-label="Governance"><p class="muted" role="status">{ "Loading…" }</p></section> };
    };
    let n = |v: usize| thousands(v as u64);
    let owners = g.per_owner.iter().take(5).map(|(owner, count)| {
        html! { <li><span class="wrap">{ owner.clone() }</span>{ format!(": {}", n(*count)) }</li> }
    });
    html! {
        <section class="card wide governance" aria-labelledby="governance-title" data-testid="governance">
            <h2 id="governance-title">{ "Governance" }</h2>
            <div class="two-columns">
                <dl>
                    <dt>{ "Pending decisions" }</dt><dd data-testid="governance-pending">{ n(g.pending) }</dd>
                    <dt>{ "Their effect if approved" }</dt>
                    <dd>{ if g.pending == 0 { "—".to_string() } else { format!("{:+.2} percentage points", g.pending_effect) } }</dd>
                    <dt>{ "Oldest waiting" }</dt>
                    <dd class="wrap">{ match &g.oldest_request {
                        Some((on, name)) => format!("“{name}”, requested {}", &on[..10.min(on.len())]),
                        None => "—".to_string(),
                    } }</dd>
                    <dt>{ "Rejected, still listed" }</dt><dd>{ n(g.rejected) }</dd>
                    <dt>{ "Expiring within 30 days" }</dt><dd>{ n(g.expiring) }</dd>
                    <dt>{ "No expiry" }</dt><dd>{ n(g.no_expiry) }</dd>
                    <dt>{ "No owner" }</dt><dd>{ n(g.no_owner) }</dd>
                    <dt>{ "No ticket" }</dt><dd>{ n(g.no_ticket) }</dd>
                    <dt>{ "Problems before deployment" }</dt>
                    <dd data-testid="governance-problems">{ problems.data.as_ref().map_or("…".to_string(), |p| crate::components::problems::counts(p.counts)) }</dd>
                </dl>
                <div>
                    <h3 class="small-heading">{ "Exemptions per owner" }</h3>
                    if g.per_owner.is_empty() {
                        <p class="muted">{ "No exemption names an owner yet." }</p>
                    } else {
                        <ul class="plain">{ for owners }</ul>
                        if g.per_owner.len() > 5 {
                            <p class="muted small">{ format!("and {} more owners", g.per_owner.len() - 5) }</p>
                        }
                    }
                    <p class="small"><RouteLink to={Route::Exemptions}>{ "Review them in Exemptions" }</RouteLink></p>
                </div>
            </div>
            <p class="hint">{ "Owners, requesters and approvers are recorded as typed, not verified." }</p>
        </section>
    }
}
