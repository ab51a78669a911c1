//! The linter's problems in words, each with its rule, advice and source:
//! the Exemptions page's panel and the wizard's review share the rows.

use crate::client::use_query;
use crate::components::link::RouteLink;
use crate::context::use_ctx;
use crate::protocol::ask;
use crate::route::Route;
use exempt_core::lint::Level;
use exempt_core::workspace::ProblemRow;
use yew::prelude::*;

/// How many problems the panel lists.
const SHOWN: u32 = 200;

fn level(l: Level) -> Html {
    let (class, text) = match l {
        Level::Error => ("badge danger", "Error"),
        Level::Warning => ("badge warning", "Warning"),
        Level::Note => ("badge neutral", "Note"),
    };
    html! { <span class={class}>{ text }</span> }
}

/// One problem: level, message, advice, the rule with its source.
pub fn problem(p: &ProblemRow, link: bool) -> Html {
    html! {
        <li class="wrap problem">
            { level(p.level) }{ " " }
            if let Some(name) = &p.exemption { <strong>{ format!("“{name}”: ") }</strong> }
            { p.message.clone() }
            <div class="small muted">{ format!("{} ", p.help) }
                <a href={p.source.clone()} target="_blank" rel="noopener noreferrer">{ format!("{} {}", p.rule, p.name) }</a>
                if link {
                    if let Some(id) = &p.id { { " · " }<RouteLink to={Route::Exemption { id: id.clone() }}>{ "Open" }</RouteLink> }
                }
            </div>
        </li>
    }
}

/// "N errors, M warnings, K notes".
pub fn counts((e, w, n): (u32, u32, u32)) -> String {
    let p = |v: u32, word: &str| format!("{v} {word}{}", if v == 1 { "" } else { "s" });
    format!("{}, {}, {}", p(e, "error"), p(w, "warning"), p(n, "note"))
}

#[function_component(ProblemsPanel)]
pub fn problems_panel() -> Html {
    let ctx = use_ctx();
    let (open, ontoggle) = crate::components::disclosure::use_disclosure();
    // Asked once the worker has linted in the background: asking earlier
    // would compute the review and the linter all at once.
    let view = use_query(
        ctx.problems_ready().then_some(ask::problems(SHOWN)),
        ctx.review_revision(),
    );
    let Some(v) = view.data.clone() else {
        return html! {};
    };
    if v.total == 0 {
        return html! { <p class="muted small" role="status" data-testid="problems">{ "No problems found before deployment." }</p> };
    }
    html! {
        <details class="problems" {ontoggle} data-testid="problems">
            <summary>{ format!("Problems before deployment ({})", counts(v.counts)) }</summary>
            if open {
                <ul class="plain">{ for v.rows.iter().map(|p| problem(p, true)) }</ul>
                if v.total as usize > v.rows.len() {
                    <p class="muted small">{ format!("The first {} of {} are shown; filter the list by Problems to see every exemption concerned.", v.rows.len(), v.total) }</p>
                }
            }
        </details>
    }
}
