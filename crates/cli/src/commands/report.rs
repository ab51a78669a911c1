//! `exempt report`: the evidence pack, at a point in time.

use crate::inputs;
use crate::output::{self, Exit};
use chrono::{DateTime, Utc};
use exempt_core::evidence::PackFormat;
use std::path::PathBuf;

/// What `report` takes.
#[derive(clap::Args)]
pub struct Args {
    /// html (one self-contained file that prints well), csv (the
    /// exemptions table) or json (everything, as data).
    #[arg(long, default_value = "html", value_parser = parse_format)]
    pub format: PackFormat,
    /// Where to write it. Required for html, which a terminal should not
    /// be handed; csv and json go to standard output without it.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// The exemption file. Default with no inputs: the demo exemptions.
    #[arg(long, short = 'e')]
    pub exemptions: Option<PathBuf>,
    /// The instant the pack is judged at (RFC 3339). Default: now.
    #[arg(long, value_parser = crate::parse_instant)]
    pub at: Option<DateTime<Utc>>,
    /// The environment's export files; the embedded demo when none.
    pub inputs: Vec<PathBuf>,
}

fn parse_format(s: &str) -> Result<PackFormat, String> {
    PackFormat::parse(s).ok_or_else(|| {
        format!(
            "`{}` is not a pack format: use html, csv or json",
            exempt_core::text::quote(s)
        )
    })
}

pub fn run(a: Args, max: u64) -> Result<Exit, Exit> {
    if a.format == PackFormat::Html && a.out.is_none() {
        return Err(Exit::Failure(
            "error: the HTML pack is a file: give -o FILE (csv and json may go to standard output)"
                .into(),
        ));
    }
    let at = a.at.unwrap_or_else(Utc::now);
    let workspace = inputs::workspace(&a.inputs, a.exemptions.as_deref(), at, max)?;
    let fail = |e: exempt_core::Error| Exit::Failure(format!("error: {e}"));
    let text = workspace
        .evidence()
        .and_then(|pack| pack.write(a.format))
        .map_err(fail)?;
    match &a.out {
        Some(path) => {
            output::write_file(path, &text)?;
            output::note(&format!(
                "wrote {} ({} bytes)",
                output::display_name(path),
                text.len()
            ));
        }
        None => output::stdout(|out| out.write_all(text.as_bytes()))?,
    }
    Ok(Exit::Success)
}
