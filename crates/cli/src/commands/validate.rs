//! `exempt validate`: every problem of an exemption file.

use crate::inputs;
use crate::output::{self, Exit};
use chrono::{DateTime, Utc};
use exempt_core::exemption::State;
use std::path::Path;

pub fn run(file: &Path, at: DateTime<Utc>, max: u64) -> Result<Exit, Exit> {
    let list = inputs::exemption_file(Some(file), false, max)?;
    let policy = list.policy.clone().unwrap_or_default();
    let count = |s: State| {
        list.exemptions
            .iter()
            .filter(|e| policy.state(e, at) == s)
            .count()
    };
    let expired: Vec<_> = list
        .exemptions
        .iter()
        .filter(|e| !e.is_active(at))
        .collect();
    // Pending and rejected are said only when there are some, so files
    // without decisions read as they always have.
    let decided: String = [State::Pending, State::Rejected]
        .into_iter()
        .filter(|s| count(*s) > 0)
        .map(|s| format!(", {} {}", count(s), s.as_str()))
        .collect();
    output::stdout(|out| {
        writeln!(
            out,
            "{}: {} exemptions are valid ({} active{decided}, {} expired)",
            output::display_name(file),
            list.exemptions.len(),
            count(State::Active),
            expired.len()
        )?;
        for e in &expired {
            writeln!(
                out,
                "warning: exemption \"{}\" expired on {}",
                exempt_core::text::quote(&e.name),
                e.expires_on
                    .map(exempt_core::exemption::shown_instant)
                    .unwrap_or_default()
            )?;
        }
        Ok(())
    })?;
    Ok(Exit::Success)
}
