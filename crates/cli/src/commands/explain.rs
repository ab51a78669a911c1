//! `exempt explain`: why one assessment has its status.

use crate::inputs;
use crate::output::{self, field, Exit};
use chrono::{DateTime, Utc};
use std::path::PathBuf;

pub struct Args {
    pub assessment: String,
    pub at: DateTime<Utc>,
    pub exemptions: Option<PathBuf>,
    pub json: bool,
    pub inputs: Vec<PathBuf>,
    pub max_input_bytes: u64,
}

pub fn run(a: Args) -> Result<Exit, Exit> {
    let workspace = inputs::workspace(&a.inputs, a.exemptions.as_deref(), a.at, a.max_input_bytes)?;
    let session = workspace
        .session()
        .map_err(|e| Exit::Failure(format!("error: {e}")))?;
    let Some(ix) = session.find_assessment(&a.assessment) else {
        return Err(Exit::Failure(format!(
            "error: no assessment has the id {}",
            exempt_core::text::quote(&a.assessment)
        )));
    };
    let why = session
        .explain(ix)
        .map_err(|e| Exit::Failure(format!("error: {e}")))?;
    let list = session.exemptions();
    output::stdout(|out| {
        if a.json {
            crate::output::json(&mut *out, &why)?;
            return writeln!(out);
        }
        writeln!(out, "Assessment {}", field(&why.assessment))?;
        writeln!(out, "  resource        {}", field(&why.resource))?;
        writeln!(out, "  recommendation  {}", field(&why.recommendation))?;
        writeln!(
            out,
            "  status          {} (scanned: {})",
            why.status, why.raw_status
        )?;
        if let Some(f) = &why.findings {
            writeln!(
                out,
                "  findings        {} ({} Unhealthy, {} exempted by a Vulnerabilities condition)",
                f.total, f.unhealthy, f.exempted
            )?;
        }
        writeln!(out, "Decision: {}", field(&why.reason))?;
        for c in &why.candidates {
            let mark = if Some(c.index) == why.decider {
                "*"
            } else {
                " "
            };
            let verdict = match (&c.applies, &c.miss) {
                (Some((scope, how)), _) => match c.findings {
                    Some(n) => format!(
                        "applies: {scope} covers it ({}); its condition matches {n} Unhealthy finding{}",
                        how.describe(),
                        if n == 1 { "" } else { "s" }
                    ),
                    None => format!("applies: {scope} covers it ({})", how.describe()),
                },
                (_, Some(miss)) => format!("does not apply: {}", miss.describe()),
                _ => String::new(),
            };
            let name = &list[c.index.index()].name;
            writeln!(
                out,
                "{mark} {} [{}] {}",
                field(name),
                c.category,
                field(&verdict)
            )?;
        }
        Ok(())
    })?;
    Ok(Exit::Success)
}
