//! The human summary (`--format table`). Names are quoted as messages
//! quote values: control characters (newlines too) escaped, and cut after a
//! couple of hundred characters, so that one name can neither break the
//! layout nor widen every row.

use crate::output::field;
use exempt_core::exemption::State;
use exempt_core::text::quote;
use exempt_core::{Report, Session};
use std::io::{self, Write};

fn width<'a>(names: impl Iterator<Item = &'a str>, min: usize) -> usize {
    names
        .map(|n| quote(n).chars().count())
        .max()
        .unwrap_or(min)
        .max(min)
}

fn pct(p: f64) -> String {
    format!("{:.2}%", p * 100.0)
}

pub fn write(
    out: &mut dyn Write,
    session: &Session,
    r: &Report<'_>,
    warnings: &[String],
) -> io::Result<()> {
    let env = session.environment();
    let with = r.secure_score;
    let without = r.secure_score_without_exemptions;
    writeln!(out, "Evaluated at {}", r.evaluated_at)?;
    let line = |label: &str, s: exempt_core::Score| {
        if s.max > 0.0 {
            format!(
                "{label:<24}{:>8}  ({:.2} of {:.2} points)",
                pct(s.percentage),
                s.current,
                s.max
            )
        } else {
            format!(
                "{label:<24}{:>8}  (nothing counts: no control has points to give)",
                "n/a"
            )
        }
    };
    writeln!(out, "{}", line("Secure score", with))?;
    writeln!(out, "{}", line("Without exemptions", without))?;
    if with.max > 0.0 && without.max > 0.0 {
        writeln!(
            out,
            "Exemptions account for  {:>+7.2} percentage points",
            (with.percentage - without.percentage) * 100.0
        )?;
    } else {
        writeln!(
            out,
            "Exemptions account for       n/a  (nothing counts toward the score)"
        )?;
    }
    if let Some(p) = &r.pending {
        let label = format!("If {} pending approved", p.exemptions);
        writeln!(out, "{}", line(&label, p.secure_score_if_approved))?;
    }
    if let Some(azure) = r.reported_by_azure.as_ref().and_then(|a| a.secure_score) {
        writeln!(out, "{}", line("Reported by Azure", azure))?;
    }

    writeln!(out, "\nSubscriptions and connectors")?;
    let name_width = width(
        r.subscriptions
            .iter()
            .map(|u| u.display_name.as_deref().unwrap_or(&u.id)),
        4,
    );
    writeln!(
        out,
        "  {:<name_width$}  {:>8}  {:>15}  {:>6}",
        "Name", "Score", "Points", "Weight"
    )?;
    for u in &r.subscriptions {
        let name = quote(u.display_name.as_deref().unwrap_or(&u.id));
        writeln!(
            out,
            "  {:<name_width$}  {:>8}  {:>15}  {:>6}",
            name,
            if u.max > 0.0 {
                pct(u.percentage)
            } else {
                "n/a".into()
            },
            format!("{:.2} / {:.2}", u.current, u.max),
            u.weight
        )?;
    }

    writeln!(out, "\nSecurity controls")?;
    let cw = width(r.controls.iter().map(|c| c.display_name.as_str()), 7);
    writeln!(
        out,
        "  {:<cw$}  {:>6}  {:>7}  {:>7}  {:>9}  {:>7}",
        "Control", "Max", "Current", "Healthy", "Unhealthy", "N/A"
    )?;
    for c in &r.controls {
        writeln!(
            out,
            "  {:<cw$}  {:>6.2}  {:>7.2}  {:>7}  {:>9}  {:>7}",
            quote(&c.display_name),
            c.max,
            c.current,
            c.healthy,
            c.unhealthy,
            c.not_applicable
        )?;
    }

    writeln!(out, "\nExemptions")?;
    if r.exemptions.is_empty() {
        writeln!(out, "  (none)")?;
    }
    let ew = width(r.exemptions.iter().map(|e| e.name.as_str()), 4);
    if !r.exemptions.is_empty() {
        writeln!(
            out,
            "  {:<ew$}  {:<9}  {:<8}  {:>7}",
            "Name", "Category", "State", "Decides"
        )?;
    }
    for e in &r.exemptions {
        let state = match e.state {
            State::Active if !e.matched => "unused",
            s => s.as_str(),
        };
        writeln!(
            out,
            "  {:<ew$}  {:<9}  {:<8}  {:>7}",
            quote(&e.name),
            e.category.as_str(),
            state,
            e.decided
        )?;
    }
    writeln!(
        out,
        "\n{} assessments on {} resources",
        env.assessment_count(),
        env.resource_count()
    )?;
    if !warnings.is_empty() {
        writeln!(out, "\nWarnings")?;
        for w in warnings {
            writeln!(out, "  - {}", field(w))?;
        }
    }
    Ok(())
}
