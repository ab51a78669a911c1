//! `exempt validate`: every problem of an exemption file.

use crate::inputs;
use crate::output::{self, Exit};
use chrono::{DateTime, Utc};
use std::path::Path;

pub fn run(file: &Path, at: DateTime<Utc>, max: u64) -> Result<Exit, Exit> {
    let list = inputs::exemption_file(Some(file), false, max)?;
    let expired: Vec<_> = list
        .exemptions
        .iter()
        .filter(|e| !e.is_active(at))
        .collect();
    output::stdout(|out| {
        writeln!(
            out,
            "{}: {} exemptions are valid ({} active, {} expired)",
            output::display_name(file),
            list.exemptions.len(),
            list.exemptions.len() - expired.len(),
            expired.len()
        )?;
        for e in &expired {
            writeln!(
                out,
                "warning: exemption \"{}\" expired on {}",
                exempt_core::text::quote(&e.name),
                e.expires_on
                    .map(exempt_core::exemption::instant)
                    .unwrap_or_default()
            )?;
        }
        Ok(())
    })?;
    Ok(Exit::Success)
}
