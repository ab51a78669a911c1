//! `exempt lint`: what will fail to deploy, or not do what it seems to,
//! before anyone deploys. Exit 0 with no error-level problem, 1 with one,
//! 2 when it cannot run.

use crate::inputs::read_text;
use crate::output::{self, display_name, Exit};
use chrono::{DateTime, Utc};
use exempt_core::lint::{self, Inputs, LintReport, Needs, RULES};
use exempt_core::Session;
use std::path::PathBuf;

/// How the findings are printed.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum LintFormat {
    /// One line per problem, `file:line:column: level rule: …`.
    Text,
    /// The report as data.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
}

/// What `lint` takes.
#[derive(clap::Args)]
pub struct Args {
    /// The exemption file.
    #[arg(long, short = 'e')]
    pub exemptions: PathBuf,
    /// Initiatives, assessment metadata and policy assignments: the rules
    /// about what Azure Policy can express run with them.
    #[arg(long, value_name = "FILE")]
    pub definitions: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
    /// Judge expiry at this time (RFC 3339). Default: now.
    #[arg(long, value_parser = crate::parse_instant)]
    pub at: Option<DateTime<Utc>>,
    /// Write here instead of standard output.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// The environment's exports: the rules about what the exemptions do
    /// there run with them.
    pub inputs: Vec<PathBuf>,
}

pub fn run(a: Args, max: u64) -> Result<Exit, Exit> {
    let at = a.at.unwrap_or_else(Utc::now);
    let file = display_name(&a.exemptions);
    let text = read_text(&a.exemptions, max).map_err(Exit::Failure)?;
    let fail = |e: exempt_core::Error| Exit::Failure(format!("error: {file}: {e}"));
    let mut session = if a.inputs.is_empty() {
        None
    } else {
        let texts = a
            .inputs
            .iter()
            .map(|p| Ok((display_name(p), read_text(p, max)?)))
            .collect::<Result<Vec<_>, String>>()
            .map_err(Exit::Failure)?;
        let loaded = Session::load(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())), at)
            .map_err(|e| Exit::Failure(format!("error: {e}")))?;
        Some(loaded)
    };
    let definitions = super::convert::definitions(&a.definitions, max)?;
    let report = lint::lint(
        &text,
        Inputs {
            session: session.as_mut(),
            definitions: Some(&definitions),
            at,
        },
    )
    .map_err(fail)?;
    let written = match a.format {
        LintFormat::Text => text_report(&report, &file),
        LintFormat::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        LintFormat::Sarif => {
            let uri = a.exemptions.display().to_string().replace('\\', "/");
            serde_json::to_string_pretty(&lint::sarif(&report, &uri, env!("CARGO_PKG_VERSION")))
                .unwrap_or_default()
                + "\n"
        }
    };
    match &a.out {
        Some(path) => output::write_file(path, &written)?,
        None if matches!(a.format, LintFormat::Text) => {
            output::stdout(|out| out.write_all(output::human(&written).as_bytes()))?
        }
        None => output::stdout(|out| out.write_all(written.as_bytes()))?,
    }
    Ok(if report.errors > 0 {
        Exit::Gate
    } else {
        Exit::Success
    })
}

fn text_report(r: &LintReport, file: &str) -> String {
    let mut out = String::new();
    for f in &r.findings {
        let rule = RULES.iter().find(|x| x.id == f.rule).expect("a rule");
        let what = match (&f.exemption, f.index) {
            (_, 0) => "the file".to_string(),
            (Some(name), i) => format!("exemption {i} \"{}\"", output::field(name)),
            (None, i) => format!("exemption {i}"),
        };
        out.push_str(&format!(
            "{file}:{}:{}: {} {} {}: {what}: {}\n    {} ({})\n",
            f.line,
            f.column,
            f.level.as_str(),
            f.rule,
            rule.name,
            output::field(&f.message),
            rule.help,
            rule.source
        ));
    }
    let skipped = |needs: Needs, lacking: &str| {
        let ids: Vec<&str> = r
            .skipped
            .iter()
            .filter(|s| s.needs == needs)
            .map(|s| s.rule)
            .collect();
        (!ids.is_empty()).then(|| format!("skipped for lack of {lacking}: {}\n", ids.join(", ")))
    };
    out.extend(skipped(
        Needs::Environment,
        "the environment's exports (give them as inputs)",
    ));
    out.extend(skipped(
        Needs::Definitions,
        "definitions (--definitions: initiatives, assessment metadata, assignments)",
    ));
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    out.push_str(&format!(
        "{}, {}, {}\n",
        plural(r.errors, "error"),
        plural(r.warnings, "warning"),
        plural(r.notes, "note")
    ));
    out
}
