//! `exempt evaluate`: the report, and the pipeline gates.

use crate::inputs;
use crate::output::{self, Exit};
use chrono::{DateTime, Utc};
use exempt_core::text::quote;
use std::path::PathBuf;

/// What `evaluate` was asked.
pub struct Args {
    pub at: DateTime<Utc>,
    pub exemptions: Option<PathBuf>,
    pub table: bool,
    pub fail_under: Option<f64>,
    pub fail_on_expired: bool,
    pub fail_on_unmatched: bool,
    pub all_warnings: bool,
    pub inputs: Vec<PathBuf>,
    pub max_input_bytes: u64,
}

/// How many exemptions of one kind of warning are listed before they are
/// summarised.
const SHOWN: usize = 5;

pub fn run(a: Args) -> Result<Exit, Exit> {
    let workspace = inputs::workspace(&a.inputs, a.exemptions.as_deref(), a.at, a.max_input_bytes)?;
    let session = workspace
        .session()
        .map_err(|e| Exit::Failure(format!("error: {e}")))?;
    let report = session.report();
    let warnings = if a.all_warnings {
        report.warnings.clone()
    } else {
        report.warning_summary(SHOWN)
    };
    output::stdout(|out| {
        if a.table {
            super::table::write(out, session, &report, &warnings)
        } else {
            crate::output::json(&mut *out, &report)?;
            writeln!(out)
        }
    })?;
    if !a.table {
        for w in &warnings {
            output::note(&format!("warning: {w}"));
        }
    }
    if warnings.len() < report.warnings.len() {
        output::note("note: warnings of one kind about more than five exemptions are summarised; --all-warnings lists every one");
    }

    let mut failed = false;
    if let Some(threshold) = a.fail_under {
        let p = report.secure_score.percentage;
        if !passes(p, threshold) {
            output::note(&format!(
                "fail: secure score {:.2}% is under {:.2}%",
                p * 100.0,
                threshold * 100.0
            ));
            failed = true;
        }
    }
    if a.fail_on_expired {
        for name in report.expired() {
            output::note(&format!("fail: exemption \"{}\" has expired", quote(name)));
            failed = true;
        }
    }
    if a.fail_on_unmatched {
        for name in report.unmatched() {
            output::note(&format!(
                "fail: exemption \"{}\" applies to no healthy or unhealthy assessment",
                quote(name)
            ));
            failed = true;
        }
    }
    Ok(if failed { Exit::Gate } else { Exit::Success })
}

/// Whether a secure score passes `--fail-under threshold`. A score that is
/// not a number never passes.
fn passes(score: f64, threshold: f64) -> bool {
    score.partial_cmp(&threshold).is_some_and(|o| o.is_ge())
}

#[cfg(test)]
mod tests {
    use super::passes;

    #[test]
    fn a_score_that_is_not_a_number_never_passes() {
        assert!(passes(0.7, 0.7));
        assert!(passes(0.0, 0.0));
        assert!(!passes(0.69, 0.7));
        assert!(!passes(f64::NAN, 0.0));
        assert!(!passes(f64::NAN, f64::NAN));
        assert!(!passes(0.5, f64::NAN));
    }
}
