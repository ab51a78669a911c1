//! `exempt`: evaluates exemption files against Defender for Cloud exports,
//! for pipelines and reports.
//!
//! Exit codes: 0 when the run succeeds, 1 when a `--fail-*` gate trips (or
//! `diff` finds differences), 2 for
//! bad input or usage, 141 when standard output is closed early. Bad input
//! never produces a partial report. Every command reaches the engine through
//! `exempt_core::Session`, as the browser app does.

mod commands;
mod inputs;
mod output;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand, ValueEnum};
use commands::{convert, decide, evaluate, explain, generate, lint, report, validate};
use exempt_core::text::escape_controls;
use output::Exit;
use std::path::PathBuf;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "exempt",
    version,
    about = "Evaluate Defender for Cloud exemptions against real exports"
)]
struct Cli {
    /// The most bytes one input file may hold (default 2 GiB). Standard
    /// input, pipes and devices are read up to this limit and refused
    /// beyond it.
    #[arg(long, global = true, default_value_t = inputs::DEFAULT_MAX_INPUT_BYTES)]
    max_input_bytes: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply exemptions to assessments and report the secure score with and without them.
    ///
    /// Inputs are Azure Resource Graph exports (management groups,
    /// subscriptions, assessments) and secure score control definitions, as
    /// bare arrays, {"data": [...]} or {"value": [...]}; `-` reads standard
    /// input. With no inputs, the embedded demo environment is used.
    Evaluate {
        /// Evaluation time (RFC 3339); exemptions expire at their expiresOn. Default: now.
        #[arg(long, value_parser = parse_instant)]
        at: Option<DateTime<Utc>>,
        /// The exemption file. Default with no inputs: the demo exemptions.
        #[arg(long, short = 'e')]
        exemptions: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Exit 1 when the secure score is below this: a fraction (0.75) or a percentage (75%).
        #[arg(long, value_parser = parse_fraction)]
        fail_under: Option<f64>,
        /// Exit 1 when any exemption has expired, or applies to nothing.
        #[arg(long, value_enum, value_delimiter = ',')]
        fail_on: Vec<Gate>,
        /// Print every warning. By default, more than five exemptions with
        /// the same problem (expired, unused, an unknown scope) are one
        /// line: the count and the first five names. The JSON report always
        /// lists every warning.
        #[arg(long)]
        all_warnings: bool,
        /// Input files.
        inputs: Vec<PathBuf>,
    },
    /// Explain one assessment: every exemption, whether it applies and how its
    /// scope covers the resource, or the first reason it does not; which one
    /// decides and why.
    Explain {
        /// The assessment's row id (compared without case).
        #[arg(long)]
        assessment: String,
        /// Evaluation time (RFC 3339). Default: now.
        #[arg(long, value_parser = parse_instant)]
        at: Option<DateTime<Utc>>,
        /// The exemption file. Default with no inputs: the demo exemptions.
        #[arg(long, short = 'e')]
        exemptions: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
        format: ExplainFormat,
        /// Input files; the embedded demo environment when none.
        inputs: Vec<PathBuf>,
    },
    /// Check an exemption file and list every problem with exemption and field.
    Validate {
        /// The exemption file.
        file: PathBuf,
        /// Judge expiry at this time (RFC 3339). Default: now.
        #[arg(long, value_parser = parse_instant)]
        at: Option<DateTime<Utc>>,
    },
    /// Read exemptions from Defender's, Azure Policy's and their tools' formats
    /// and print them as the project's exemption file.
    ///
    /// Formats are recognised by content: the project's file (JSON or JSONC);
    /// Defender standard assignments (REST list or GET, Resource Graph rows);
    /// Azure Policy exemptions (REST, `az policy exemption list`, Resource
    /// Graph rows); EPAC exemption files (JSON, JSONC, CSV); and everything
    /// `exempt export` writes but CSV and iCalendar. What cannot be brought
    /// over is listed on standard error with the reason.
    Import {
        /// Exemption files of any of those formats.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Initiative definitions (policySetDefinitions), assessment metadata,
        /// policy assignments and security connectors, to map Azure Policy
        /// exemptions to recommendations. Repeat for several files.
        #[arg(long, value_name = "FILE")]
        definitions: Vec<PathBuf>,
        /// Write the exemption file here instead of standard output.
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
    },
    /// Write exemptions in another format: Defender standard assignments or
    /// Azure Policy exemptions as infrastructure as code, CSV for auditors,
    /// or an iCalendar file of expiries.
    ///
    /// FORMAT: exempt, defender-arm, defender-terraform, azure-policy-arm,
    /// azure-policy-bicep, azure-policy-terraform, azure-policy-az, csv,
    /// csv-assessments, ics. Inputs are the environment's exports, as for
    /// `evaluate`: a category exemption becomes the recommendations of that
    /// category in them.
    Export {
        /// The format to write.
        #[arg(long, value_name = "FORMAT")]
        to: String,
        /// The exemption file (any format `import` reads).
        #[arg(long, short = 'e')]
        exemptions: PathBuf,
        /// Initiative definitions, assessment metadata and policy assignments
        /// (for the azure-policy formats). Repeat for several files.
        #[arg(long, value_name = "FILE")]
        definitions: Vec<PathBuf>,
        /// The policy assignment exemptions refer to: its id, or a name for
        /// the assignment of that name at each subscription (Defender's is
        /// SecurityCenterBuiltIn). Repeat for several; each scope takes the
        /// nearest one at or above it.
        #[arg(long = "assignment", value_name = "ID")]
        assignments: Vec<String>,
        /// Write here instead of standard output.
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
        /// With --to csv: also write every exempted assessment and its
        /// exemption to this file (needs the environment's exports).
        #[arg(long, value_name = "FILE")]
        assessments: Option<PathBuf>,
        /// Only the scopes at or below this id, such as one subscription (a
        /// Bicep file deploys to one scope); exemptions left with none are
        /// noted and left out.
        #[arg(long, value_name = "SCOPE")]
        within: Option<String>,
        /// When to judge expiry (csv-assessments) and stamp calendar events (RFC 3339). Default: now.
        #[arg(long, value_parser = parse_instant)]
        at: Option<DateTime<Utc>>,
        /// The environment's export files.
        inputs: Vec<PathBuf>,
    },
    /// Compare two exemption files of any importable format: exemptions only
    /// in ours, only in theirs, and changed fields. Exit 0 when equal, 1 when
    /// they differ.
    Diff {
        /// Our exemptions.
        ours: PathBuf,
        /// Theirs, such as an export of what Azure holds.
        theirs: PathBuf,
        /// Definitions for Azure Policy exemptions on either side.
        #[arg(long, value_name = "FILE")]
        definitions: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
        format: ExplainFormat,
    },
    /// Approve a requested exemption: the decision (who, when, why) is
    /// written into the file. The requester cannot approve their own
    /// request. Comments in a JSONC file are not kept.
    Approve(decide::Args),
    /// Reject a requested exemption, as `approve` approves one; a rejected
    /// exemption never applies.
    Reject(decide::Args),
    /// The evidence pack for auditors, at a point in time: the secure score
    /// with and without exemptions (overall, by management group,
    /// subscription and connector, and by control), every exemption with
    /// its state, people, decision and effect, what waits for a decision,
    /// findings, the policy in force, and the history.
    Report(report::Args),
    /// Check exemptions before they are deployed: what Azure will refuse,
    /// what will not do what it seems to, and what breaks the team's
    /// policy, each with its rule, line and column and the source that
    /// shows the behaviour. Exit 0 with no error, 1 with one, 2 when it
    /// cannot run. `--format sarif` is for code scanning.
    Lint(lint::Args),
    /// Write a generated environment as Resource Graph files, for benchmarks.
    Generate {
        /// Approximate number of assessments.
        #[arg(long, default_value_t = 200_000)]
        assessments: usize,
        /// Number of exemptions. Default: one per 100 assessments.
        #[arg(long)]
        exemptions: Option<usize>,
        /// Output folder (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Table,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExplainFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Gate {
    /// An exemption's expiresOn has passed.
    Expired,
    /// An active exemption applies to no healthy or unhealthy assessment.
    Unmatched,
}

pub(crate) fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            format!(
                "`{}` is not an RFC 3339 date and time, such as 2027-01-31T00:00:00Z ({e})",
                exempt_core::text::quote(s)
            )
        })
}

fn parse_fraction(s: &str) -> Result<f64, String> {
    let (number, scale) = match s.trim().strip_suffix('%') {
        Some(n) => (n, 100.0),
        None => (s.trim(), 1.0),
    };
    let v: f64 = number
        .parse()
        .map_err(|_| format!("`{}` is not a number", exempt_core::text::quote(s)))?;
    let v = v / scale;
    // `contains` is false for NaN, so "NaN" is refused here too.
    if !(0.0..=1.0).contains(&v) {
        return Err(format!(
            "`{}` is not between 0 and 1 (or 0% and 100%)",
            exempt_core::text::quote(s)
        ));
    }
    Ok(v)
}

/// A usage error as plain text with control characters escaped. Clap
/// repeats the offending argument in its message, and an argument may hold
/// terminal sequences or line breaks; parsing the arguments again with
/// their control characters escaped gives the same error with the argument
/// shown safely. Help and version are printed as clap prints them.
fn usage(e: clap::Error) -> ExitCode {
    if !e.use_stderr() {
        let _ = e.print();
        return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
    }
    let escaped = std::env::args_os().map(|a| escape_controls(&a.to_string_lossy()));
    let shown = match Cli::try_parse_from(escaped) {
        Err(again) if again.kind() == e.kind() => again,
        _ => e,
    };
    Exit::Failure(shown.render().to_string().trim_end().to_string()).code()
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage(e),
    };
    let max = cli.max_input_bytes;
    let result = match cli.command {
        Command::Evaluate {
            at,
            exemptions,
            format,
            fail_under,
            fail_on,
            all_warnings,
            inputs,
        } => evaluate::run(evaluate::Args {
            at: at.unwrap_or_else(Utc::now),
            exemptions,
            table: matches!(format, Format::Table),
            fail_under,
            fail_on_expired: fail_on.contains(&Gate::Expired),
            fail_on_unmatched: fail_on.contains(&Gate::Unmatched),
            all_warnings,
            inputs,
            max_input_bytes: max,
        }),
        Command::Explain {
            assessment,
            at,
            exemptions,
            format,
            inputs,
        } => explain::run(explain::Args {
            assessment,
            at: at.unwrap_or_else(Utc::now),
            exemptions,
            json: matches!(format, ExplainFormat::Json),
            inputs,
            max_input_bytes: max,
        }),
        Command::Validate { file, at } => validate::run(&file, at.unwrap_or_else(Utc::now), max),
        Command::Import {
            files,
            definitions,
            out,
        } => convert::run_import(convert::ImportArgs {
            files,
            definitions,
            out,
            max_input_bytes: max,
        }),
        Command::Export {
            to,
            exemptions,
            definitions,
            assignments,
            out,
            assessments,
            within,
            at,
            inputs,
        } => convert::run_export(convert::ExportArgs {
            to,
            exemptions,
            definitions,
            assignments,
            out,
            assessments,
            within,
            at: at.unwrap_or_else(Utc::now),
            inputs,
            max_input_bytes: max,
        }),
        Command::Diff {
            ours,
            theirs,
            definitions,
            format,
        } => convert::run_diff(
            &ours,
            &theirs,
            &definitions,
            matches!(format, ExplainFormat::Json),
            max,
        ),
        Command::Approve(a) => decide::run(a, exempt_core::exemption::Decision::Approved, max),
        Command::Reject(a) => decide::run(a, exempt_core::exemption::Decision::Rejected, max),
        Command::Report(a) => report::run(a, max),
        Command::Lint(a) => lint::run(a, max),
        Command::Generate {
            assessments,
            exemptions,
            out,
        } => generate::write(assessments, exemptions, &out)
            .map(|()| Exit::Success)
            .map_err(Exit::Failure),
    };
    match result {
        Ok(exit) | Err(exit) => exit.code(),
    }
}
