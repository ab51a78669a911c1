//! `exempt approve` and `exempt reject`: a decision written into the
//! exemption file, by a person other than the one who asked.

use crate::inputs;
use crate::output::{self, Exit};
use chrono::{DateTime, Utc};
use exempt_core::exemption::Decision;
use std::path::PathBuf;

/// What `approve` and `reject` take.
#[derive(clap::Args)]
pub struct Args {
    /// The exemption file (the project's format).
    pub file: PathBuf,
    /// The exemption's name (compared without case or surrounding spaces).
    #[arg(long)]
    pub name: String,
    /// Who decides: a name or an e-mail, recorded as given, not
    /// authenticated. Never the requester.
    #[arg(long = "as", value_name = "WHO")]
    pub by: String,
    /// Why.
    #[arg(long)]
    pub comment: Option<String>,
    /// Write the file here instead of over FILE.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// The decision's time (RFC 3339). Default: now.
    #[arg(long, value_parser = crate::parse_instant)]
    pub at: Option<DateTime<Utc>>,
}

pub fn run(a: Args, decision: Decision, max: u64) -> Result<Exit, Exit> {
    let text = inputs::read_text(&a.file, max).map_err(Exit::Failure)?;
    let mut file = inputs::exemption_file(Some(&a.file), false, max)?;
    let at = a.at.unwrap_or_else(Utc::now);
    file.decide(&a.name, decision, &a.by, a.comment, at)
        .map_err(|e| Exit::Failure(format!("error: {}: {e}", output::display_name(&a.file))))?;
    let written = serde_json::to_string_pretty(&file.to_value())
        .map_err(|e| Exit::Failure(format!("error: {e}")))?
        + "\n";
    let target = a.out.as_deref().unwrap_or(&a.file);
    output::write_file(target, &written)?;
    if serde_json::from_str::<serde_json::Value>(&text).is_err() {
        output::note(&format!(
            "note: {} had comments or trailing commas, which the rewritten file does not keep",
            output::display_name(&a.file)
        ));
    }
    output::note(&format!(
        "{} “{}” as {} (recorded, not verified) in {}",
        match decision {
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
        },
        exempt_core::text::quote(a.name.trim()),
        exempt_core::text::quote(a.by.trim()),
        output::display_name(target)
    ));
    Ok(Exit::Success)
}
