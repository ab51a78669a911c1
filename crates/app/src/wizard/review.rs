//! Step 3: a summary of every choice and the impact preview, with the
//! existing exemptions the draft overlaps, measured by the worker for every
//! change of the draft (a newer draft supersedes an older one in its queue).

use super::model::TargetMode;
use super::StepProps;
use crate::client::use_query;
use crate::components::labels::{category_long, thousands};
use crate::components::link::RouteLink;
use crate::components::score::{effect, percent};
use crate::components::table::TableWrap;
use crate::context::use_ctx;
use crate::protocol::ask;
use crate::route::Route;
use exempt_core::session::OverlapKind;
use yew::prelude::*;

#[function_component(Review)]
pub fn review(props: &StepProps) -> Html {
    let ctx = use_ctx();
    let d = &props.wizard.draft;
    let editing = props.wizard.editing.as_ref().map(|e| e.id.clone());
    let draft = d.to_exemption(props.base.as_deref()).ok();
    let valid = draft.is_some();
    let review = use_query(
        draft.map(|draft| ask::review(draft, editing)),
        ctx.revision(),
    );
    let titles = review
        .data
        .as_ref()
        .map(|r| (r.scope_labels.clone(), r.target_titles.clone()));
    let (scope_labels, target_titles) =
        titles.unwrap_or_else(|| (d.scopes.clone(), d.keys.clone()));
    let summary = html! {
        <dl class="summary">
            <dt>{ "Exemption name" }</dt><dd class="wrap">{ d.name.clone() }</dd>
            <dt>{ "Description" }</dt><dd class="wrap">{ if d.description.trim().is_empty() { "—".to_string() } else { d.description.clone() } }</dd>
            <dt>{ "Cloud platform" }</dt><dd>{ d.cloud.as_str() }</dd>
            <dt>{ "Scope" }</dt><dd><ul class="plain">{ for d.scopes.iter().zip(scope_labels.iter()).map(|(s, l)| html! { <li class="wrap" title={s.clone()}>{ l.clone() }</li> }) }</ul></dd>
            <dt>{ "Category" }</dt><dd>{ d.category.map_or("—", category_long) }</dd>
            <dt>{ "Expiry date" }</dt><dd>{ match d.expires_on() {
                Some(e) => format!("{} (valid through {}, UTC)", exempt_core::exemption::shown_instant(e), d.expiry.trim()),
                None => "None".to_string(),
            } }</dd>
            <dt>{ match d.mode {
                TargetMode::Selected => "Selected recommendations",
                TargetMode::Category => "Recommendation category",
                TargetMode::Vulnerabilities => "Vulnerabilities",
            } }</dt>
            <dd>{ match d.mode {
                TargetMode::Selected => html! { <ul class="plain">{ for target_titles.iter().map(|t| html! { <li class="wrap">{ t.clone() }</li> }) }</ul> },
                TargetMode::Category => html! { { format!("Recommendation category: {}", exempt_core::model::category_label(&d.target_category)) } },
                TargetMode::Vulnerabilities => html! { <span class="wrap" data-testid="review-condition">{ target_titles.join("; ") }</span> },
            } }</dd>
            <dt>{ "Owner" }</dt><dd class="wrap">{ if d.owner.trim().is_empty() { "—".to_string() } else { d.owner.clone() } }</dd>
            <dt>{ "Ticket" }</dt><dd class="wrap">{ if d.ticket.trim().is_empty() { "—".to_string() } else { d.ticket.clone() } }</dd>
            <dt>{ "Requested by" }</dt><dd class="wrap">{ match ctx.state.me.as_deref() {
                Some(me) => format!("{me} (as entered in Settings, not verified)"),
                None => "— (enter your name or e-mail in Settings)".to_string(),
            } }</dd>
        </dl>
    };
    let waits = d.category.is_some_and(|c| props.policy.needs_approval(c));
    let approval = waits.then(|| html! {
        <p class="banner info" role="status" data-testid="approval-note">{ "Your team's policy asks for approval: the exemption is pending, and changes nothing, until someone other than you approves it. The impact below is what it does once approved." }</p>
    });
    let preview = match (&review.data, valid) {
        (_, false) => {
            html! { <p class="muted">{ "Complete the previous steps to see the impact." }</p> }
        }
        (None, true) => html! { <p class="muted" role="status">{ "Measuring the impact…" }</p> },
        (Some(i), true) => {
            let lowers = i.effect < -1e-9;
            let controls = i.controls.iter().map(|c| html! {
                <tr>
                    <th scope="row" class="wrap">{ c.name.clone() }</th>
                    <td>{ format!("{} → {}", c.before.unhealthy, c.after.unhealthy) }</td>
                    <td>{ format!("{} → {}", c.before.healthy, c.after.healthy) }</td>
                    <td>{ format!("{} → {}", c.before.not_applicable, c.after.not_applicable) }</td>
                    <td>{ format!("{:.2} → {:.2}", c.points_before, c.points_after) }</td>
                </tr>
            });
            let overlaps = i.overlaps.iter().map(|o| {
                let warn = matches!(o.kind, OverlapKind::DraftRedundant | OverlapKind::MitigationWins);
                html! {
                    <li class={classes!("wrap", warn.then_some("warning-text"))}>
                        { o.message.clone() }{ " " }
                        <RouteLink to={Route::Exemption { id: o.id.clone().unwrap_or_default() }}>{ "Open" }</RouteLink>
                    </li>
                }
            });
            html! {
                <section class="impact" aria-labelledby="impact-title">
                    <h2 id="impact-title">{ "Impact preview" }
                        if review.slow { <span class="spinner small" aria-hidden="true"></span> }
                    </h2>
                    <div class="impact-grid" data-testid="impact">
                        <div class="stat"><div class="stat-value" data-testid="impact-assessments">{ thousands(i.becoming_exempt as u64) }</div><div class="stat-label">{ "assessments become exempt" }</div></div>
                        <div class="stat"><div class="stat-value" data-testid="impact-unhealthy">{ thousands(i.unhealthy_resolved as u64) }</div><div class="stat-label">{ "of them unhealthy now" }</div></div>
                        if d.mode == TargetMode::Vulnerabilities {
                            <div class="stat"><div class="stat-value" data-testid="impact-findings">{ thousands(i.findings_exempted as u64) }</div><div class="stat-label">{ format!("vulnerability findings become exempt (of {} it matches)", thousands(i.findings_matched as u64)) }</div></div>
                        }
                        <div class="stat"><div class="stat-value" data-testid="impact-resources">{ thousands(i.resources as u64) }</div><div class="stat-label">{ "resources affected" }</div></div>
                        <div class="stat">
                            <div class="stat-value" data-testid="impact-score" data-effect={effect(i.effect)}>{ format!("{} → {}", percent(i.before.percentage), percent(i.after.percentage)) }</div>
                            <div class="stat-label">{ format!("secure score, {} percentage points{}", effect(i.effect), if props.wizard.editing.is_some() { " (without this exemption → with it as edited)" } else { "" }) }</div>
                            <div class="stat-label" data-testid="impact-cloud">{ format!("{} score alone: {} percentage points", d.cloud.as_str(), effect(i.cloud_effect)) }</div>
                        </div>
                    </div>
                    if i.matched == 0 && d.mode == TargetMode::Vulnerabilities {
                        <p class="banner warning" role="status">{ "This condition matches no Unhealthy vulnerability finding in its scopes: load the findings (sub-assessments) with the environment's files, or widen the condition." }</p>
                    } else if i.matched == 0 {
                        <p class="banner warning" role="status">{ "This exemption applies to no healthy or unhealthy assessment in the current environment." }</p>
                    } else if lowers {
                        <p class="banner warning" role="status">{ "This waiver lowers the secure score: it removes healthy resources from the score." }</p>
                    }
                    if !i.overlaps.is_empty() {
                        <div class="banner warning" role="status" aria-label="Overlaps">
                            <div class="banner-body"><strong>{ "Overlaps with other exemptions" }</strong>
                                <ul class="plain">{ for overlaps }</ul>
                            </div>
                        </div>
                    }
                    if !i.controls.is_empty() {
                        <TableWrap label="Changes per security control">
                        <table class="grid compact">
                            <caption>{ "Changes per security control" }</caption>
                            <thead><tr>
                                <th scope="col">{ "Control" }</th><th scope="col">{ "Unhealthy" }</th><th scope="col">{ "Healthy" }</th>
                                <th scope="col">{ "Not applicable" }</th><th scope="col">{ "Points" }</th>
                            </tr></thead>
                            <tbody>{ for controls }</tbody>
                        </table>
                        </TableWrap>
                    }
                </section>
            }
        }
    };
    html! { <div class="review">{ summary }{ for approval }<DraftProblems draft={d.to_exemption(props.base.as_deref()).ok()} />{ preview }</div> }
}

#[derive(Properties, PartialEq)]
struct DraftProblemsProps {
    draft: Option<exempt_core::exemption::Exemption>,
}

/// What the linter finds in the draft before Create: errors called out.
#[function_component(DraftProblems)]
fn draft_problems(props: &DraftProblemsProps) -> Html {
    let ctx = use_ctx();
    let found = use_query(props.draft.clone().map(ask::draft_problems), ctx.revision());
    let Some(list) = found.data.as_deref() else {
        return html! {};
    };
    if list.is_empty() {
        return html! {};
    }
    let errors = list
        .iter()
        .filter(|p| p.level == exempt_core::lint::Level::Error)
        .count();
    html! {
        <section class={classes!("banner", if errors > 0 { "error" } else { "warning" })} aria-labelledby="draft-problems-title" data-testid="draft-problems"
            role={(errors > 0).then_some("alert")}>
            <div class="banner-body">
                <h2 id="draft-problems-title" class="small-heading">{ if errors > 0 { format!("{errors} problem{} Azure will refuse", if errors == 1 { "" } else { "s" }) } else { "Worth knowing before you create it".to_string() } }</h2>
                <ul class="plain">{ for list.iter().map(|p| crate::components::problems::problem(p, false)) }</ul>
            </div>
        </section>
    }
}
