//! The pack as one HTML file: no script, no request to anywhere (its own
//! Content-Security-Policy forbids any), styles inline and written for
//! print as well as screen, every value escaped by the template engine.

use super::chart::{pairs, Pair};
use super::{Evidence, Finding, Row, Scores};
use crate::exemption::State;
use maud::{html, Markup, PreEscaped, DOCTYPE};

const STYLE: &str = include_str!("pack.css");

/// The whole document.
pub(super) fn write(p: &Evidence) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy"
                    content="default-src 'none'; style-src 'unsafe-inline'; img-src data:";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Exempt evidence pack, " (p.at) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { "Evidence pack" }
                    p.sub { "Exempt, for Microsoft Defender for Cloud · judged at " time datetime=(p.at) { (p.at) } }
                    p { (p.environment.assessments) " assessments on " (p.environment.resources)
                        " resources in " (p.environment.units) " subscriptions and connectors under "
                        (p.environment.management_groups) " management groups." }
                    p.note { (p.identities) }
                }
                main {
                    (score(p))
                    (policy(p))
                    (scopes(p))
                    (controls(p))
                    (exemptions(&p.exemptions))
                    (pending(&p.exemptions))
                    (findings(&p.findings))
                    (history(p))
                }
            }
        }
    }
    .into_string()
}

fn pct(v: f64) -> String {
    format!("{:.2}%", v * 100.0)
}

fn signed(points: f64) -> String {
    format!("{points:+.2} pp")
}

fn score(p: &Evidence) -> Markup {
    let s = p.score;
    html! {
        section #score {
            h2 { "Secure score (classic)" }
            p { "The gap is the score with exemptions minus the score without, in percentage points (pp)." }
            table {
                thead { tr { th scope="col" { "Measure" } th scope="col" class="n" { "Score" } th scope="col" class="n" { "Points" } } }
                tbody {
                    tr { th scope="row" { "With exemptions" } td.n { (pct(s.with.percentage)) } td.n { (format!("{:.2} of {:.2}", s.with.current, s.with.max)) } }
                    tr { th scope="row" { "Without exemptions" } td.n { (pct(s.without.percentage)) } td.n { (format!("{:.2} of {:.2}", s.without.current, s.without.max)) } }
                    tr { th scope="row" { "Exemption gap" } td.n { (signed(s.gap())) } td {} }
                    @if let Some(w) = &p.pending {
                        tr { th scope="row" { "If the " (w.exemptions) " pending were approved" }
                             td.n { (pct(w.if_approved.percentage)) }
                             td.n { (format!("{:.2} of {:.2}", w.if_approved.current, w.if_approved.max)) } }
                    }
                }
            }
            (pairs("Overall secure score", &[Pair { label: "Overall", with: s.with.percentage, without: s.without.percentage }]))
        }
    }
}

fn policy(p: &Evidence) -> Markup {
    html! {
        section #policy {
            h2 { "Policy in force" }
            @match &p.policy {
                None => p { "The file states no policy: exemptions apply without approval, and owner, ticket and expiry are optional." },
                Some(pol) => ul {
                    li { "Approval required: " (match pol.require_approval {
                        crate::exemption::Approvals::None => "no",
                        crate::exemption::Approvals::All => "for every exemption",
                        crate::exemption::Approvals::Waivers => "for waivers",
                    }) }
                    li { "Longest expiry: " (pol.max_days.map_or("no limit".to_string(), |d| format!("{d} days from the request"))) }
                    li { "Ticket required: " (if pol.require_ticket { "yes" } else { "no" }) }
                    li { "Owner required: " (if pol.require_owner { "yes" } else { "no" }) }
                    li { "The requester never decides their own request: checked whenever the file is read." }
                },
            }
        }
    }
}

fn score_rows(rows: &[(&str, &str, Scores)]) -> Markup {
    html! {
        @for (kind, name, s) in rows {
            tr { th scope="row" { (name) } td { (kind) } td.n { (pct(s.with.percentage)) }
                 td.n { (pct(s.without.percentage)) } td.n { (signed(s.gap())) } }
        }
    }
}

fn scopes(p: &Evidence) -> Markup {
    let rows: Vec<(&str, &str, Scores)> = p
        .scopes
        .iter()
        .map(|s| {
            let kind = match s.kind {
                "managementGroup" => "Management group",
                "subscription" => "Subscription",
                _ => "Security connector",
            };
            (kind, s.name.as_str(), s.score)
        })
        .collect();
    let bars: Vec<Pair<'_>> = p
        .scopes
        .iter()
        .map(|s| Pair {
            label: &s.name,
            with: s.score.with.percentage,
            without: s.score.without.percentage,
        })
        .collect();
    html! {
        section #scopes {
            h2 { "By management group, subscription and connector" }
            @if rows.is_empty() { p { "No subscription or connector has assessments." } } @else {
                (pairs("Score by scope", &bars))
                table {
                    thead { tr { th scope="col" { "Name" } th scope="col" { "Kind" } th scope="col" class="n" { "With" }
                                 th scope="col" class="n" { "Without" } th scope="col" class="n" { "Gap" } } }
                    tbody { (score_rows(&rows)) }
                }
            }
        }
    }
}

fn controls(p: &Evidence) -> Markup {
    let frac = |v: f64, max: f64| if max > 0.0 { v / max } else { 0.0 };
    let bars: Vec<Pair<'_>> = p
        .controls
        .iter()
        .map(|c| Pair {
            label: &c.name,
            with: frac(c.with, c.max),
            without: frac(c.without, c.max),
        })
        .collect();
    html! {
        section #controls {
            h2 { "By security control" }
            (pairs("Points by control, as a share of each control's maximum", &bars))
            table {
                thead { tr { th scope="col" { "Control" } th scope="col" class="n" { "Max" } th scope="col" class="n" { "With" }
                             th scope="col" class="n" { "Without" } } }
                tbody {
                    @for c in &p.controls {
                        tr { th scope="row" { (c.name) } td.n { (format!("{:.2}", c.max)) }
                             td.n { (format!("{:.2}", c.with)) } td.n { (format!("{:.2}", c.without)) } }
                    }
                }
            }
        }
    }
}

fn or_dash(v: &Option<String>) -> &str {
    v.as_deref().filter(|v| !v.trim().is_empty()).unwrap_or("—")
}

fn exemption_row(r: &Row) -> Markup {
    html! {
        tr {
            th scope="row" { (r.name) @if let Some(d) = &r.description { div.small { (d) } } }
            td { span class=(format!("state {}", r.state.as_str())) { (r.state.label()) } }
            td { (if r.category == crate::model::ExemptionCategory::Waiver { "Waiver" } else { "Mitigated" }) }
            td.small { @for s in &r.scopes { div.id { (s) } } }
            td.small { (r.target) }
            td { (or_dash(&r.owner)) }
            td { (or_dash(&r.ticket)) }
            td.small { (or_dash(&r.requested_by)) br; (or_dash(&r.requested_on)) }
            td.small {
                @match (&r.decided_by, r.decision) {
                    (Some(by), Some(d)) => { (d) " by " (by) br; (or_dash(&r.decided_on))
                        @if let Some(c) = &r.comment { div { "“" (c) "”" } } },
                    _ => "—",
                }
            }
            td.small { "created " (or_dash(&r.created_on)) br; "expires " (or_dash(&r.expires_on)) }
            td.n { (r.decides) }
            td.n { (r.effect.map_or("—".to_string(), signed)) }
        }
    }
}

fn exemptions(rows: &[Row]) -> Markup {
    html! {
        section #exemptions {
            h2 { "Exemptions (" (rows.len()) ")" }
            p { "Effect: the overall score with the exemption minus the score without it, in percentage points; for a pending one, what approving it would do." }
            @if rows.is_empty() { p { "No exemptions." } } @else {
                table.wide {
                    thead { tr {
                        th scope="col" { "Name" } th scope="col" { "State" } th scope="col" { "Category" }
                        th scope="col" { "Scopes" } th scope="col" { "Recommendations" } th scope="col" { "Owner" }
                        th scope="col" { "Ticket" } th scope="col" { "Requested" } th scope="col" { "Decision" }
                        th scope="col" { "Dates" } th scope="col" class="n" { "Decides" } th scope="col" class="n" { "Effect" }
                    } }
                    tbody { @for r in rows { (exemption_row(r)) } }
                }
            }
        }
    }
}

fn pending(rows: &[Row]) -> Markup {
    let waiting: Vec<&Row> = rows.iter().filter(|r| r.state == State::Pending).collect();
    html! {
        section #pending {
            h2 { "Waiting for a decision (" (waiting.len()) ")" }
            @if waiting.is_empty() { p { "Nothing waits for a decision." } } @else {
                table {
                    thead { tr { th scope="col" { "Name" } th scope="col" { "Requested by" } th scope="col" { "On" }
                                 th scope="col" class="n" { "Effect if approved" } } }
                    tbody { @for r in &waiting {
                        tr { th scope="row" { (r.name) } td { (or_dash(&r.requested_by)) } td { (or_dash(&r.requested_on)) }
                             td.n { (r.effect.map_or("—".to_string(), signed)) } }
                    } }
                }
            }
        }
    }
}

fn findings(list: &[Finding]) -> Markup {
    html! {
        section #findings {
            h2 { "Findings (" (list.len()) ")" }
            @if list.is_empty() { p { "Nothing found." } } @else {
                ul { @for f in list { li { (f.message)
                    @if f.exemptions.len() > 1 && !f.message.contains(&f.exemptions[0]) {
                        div.small { (f.exemptions.join("; ")) }
                    }
                } } }
            }
        }
    }
}

fn history(p: &Evidence) -> Markup {
    html! {
        section #history {
            h2 { "History" }
            @if p.history.is_empty() {
                p { "No history is kept with these exemptions: their file's history in version control is the record." }
            } @else {
                table {
                    thead { tr { th scope="col" { "When" } th scope="col" { "Exemption" } th scope="col" { "Event" } th scope="col" { "Details" } } }
                    tbody { @for h in &p.history {
                        tr { td { (h.at) } th scope="row" { (h.name) } td { (h.event) }
                             td.small { @for d in &h.details { div { (d) } } } }
                    } }
                }
            }
        }
    }
}
