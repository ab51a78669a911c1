//! `exempt`: evaluates exemption files against Defender for Cloud exports,
//! for pipelines and reports.
//!
//! Exit codes: 0 when the run succeeds, 1 when a `--fail-*` gate trips, 2 for
//! bad input or usage. Bad input never produces a partial report.

mod generate;
mod inputs;
mod table;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand, ValueEnum};
use exempt_core::explain::explain;
use exempt_core::{evaluate, Report};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "exempt",
    version,
    about = "Evaluate Defender for Cloud exemptions against real exports"
)]
struct Cli {
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
    /// Write a generated environment as Resource Graph files, for benchmarks.
    Generate {
        /// Approximate number of assessments.
        #[arg(long, default_value_t = 200_000)]
        assessments: usize,
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

fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            format!("`{s}` is not an RFC 3339 date and time, such as 2027-01-31T00:00:00Z ({e})")
        })
}

fn parse_fraction(s: &str) -> Result<f64, String> {
    let (number, scale) = match s.trim().strip_suffix('%') {
        Some(n) => (n, 100.0),
        None => (s.trim(), 1.0),
    };
    let v: f64 = number
        .parse()
        .map_err(|_| format!("`{s}` is not a number"))?;
    let v = v / scale;
    if !(0.0..=1.0).contains(&v) {
        return Err(format!("`{s}` is not between 0 and 1 (or 0% and 100%)"));
    }
    Ok(v)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Evaluate {
            at,
            exemptions,
            format,
            fail_under,
            fail_on,
            inputs,
        } => run_evaluate(
            at.unwrap_or_else(Utc::now),
            exemptions,
            format,
            fail_under,
            &fail_on,
            &inputs,
        ),
        Command::Explain {
            assessment,
            at,
            exemptions,
            format,
            inputs,
        } => run_explain(
            &assessment,
            at.unwrap_or_else(Utc::now),
            exemptions,
            format,
            &inputs,
        ),
        Command::Validate { file, at } => run_validate(&file, at.unwrap_or_else(Utc::now)),
        Command::Generate { assessments, out } => {
            generate::write(assessments, &out).map(|()| ExitCode::SUCCESS)
        }
    };
    result.unwrap_or_else(|message| {
        eprintln!("{message}");
        ExitCode::from(2)
    })
}

fn run_evaluate(
    at: DateTime<Utc>,
    exemptions: Option<PathBuf>,
    format: Format,
    fail_under: Option<f64>,
    fail_on: &[Gate],
    inputs: &[PathBuf],
) -> Result<ExitCode, String> {
    let env = inputs::environment(inputs)?;
    let list = inputs::exemptions(exemptions.as_deref(), inputs.is_empty())?;
    let evaluation = evaluate(&env, &list.exemptions, at);
    let report = Report::build(&env, &list.exemptions, &evaluation);

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let written = match format {
        Format::Json => serde_json::to_writer_pretty(&mut out, &report)
            .map_err(|e| e.to_string())
            .and_then(|()| writeln!(out).map_err(|e| e.to_string())),
        Format::Table => table::write(&mut out, &env, &report).map_err(|e| e.to_string()),
    };
    written
        .and_then(|()| out.flush().map_err(|e| e.to_string()))
        .map_err(|e| format!("error: writing the report: {e}"))?;
    if matches!(format, Format::Json) {
        for w in &report.warnings {
            eprintln!("warning: {w}");
        }
    }

    let mut failed = false;
    if let Some(threshold) = fail_under {
        let p = report.secure_score.percentage;
        if p < threshold {
            eprintln!(
                "fail: secure score {:.2}% is under {:.2}%",
                p * 100.0,
                threshold * 100.0
            );
            failed = true;
        }
    }
    if fail_on.contains(&Gate::Expired) {
        for name in report.expired() {
            eprintln!("fail: exemption \"{name}\" has expired");
            failed = true;
        }
    }
    if fail_on.contains(&Gate::Unmatched) {
        for name in report.unmatched() {
            eprintln!("fail: exemption \"{name}\" applies to no healthy or unhealthy assessment");
            failed = true;
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_explain(
    id: &str,
    at: DateTime<Utc>,
    exemptions: Option<PathBuf>,
    format: ExplainFormat,
    inputs: &[PathBuf],
) -> Result<ExitCode, String> {
    let env = inputs::environment(inputs)?;
    let list = inputs::exemptions(exemptions.as_deref(), inputs.is_empty())?;
    let wanted = id.trim().to_lowercase();
    let Some(a) =
        (0..env.assessment_count()).find(|&a| env.assessment_id(a).to_lowercase() == wanted)
    else {
        return Err(format!("error: no assessment has the id {id}"));
    };
    let why = explain(&env, &list.exemptions, at, a);
    match format {
        ExplainFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&why).map_err(|e| e.to_string())?
        ),
        ExplainFormat::Text => {
            println!("Assessment {}", why.assessment);
            println!("  resource        {}", why.resource);
            println!("  recommendation  {}", why.recommendation);
            println!(
                "  status          {} (scanned: {})",
                why.status, why.raw_status
            );
            println!("Decision: {}", why.reason);
            for c in &why.candidates {
                let mark = if Some(c.index) == why.decider {
                    "*"
                } else {
                    " "
                };
                let verdict = match (&c.applies, &c.miss) {
                    (Some((scope, how)), _) => {
                        format!("applies: {scope} covers it ({})", how.describe())
                    }
                    (_, Some(miss)) => format!("does not apply: {}", miss.describe()),
                    _ => String::new(),
                };
                println!("{mark} {} [{}] {verdict}", c.name, c.category);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_validate(file: &std::path::Path, at: DateTime<Utc>) -> Result<ExitCode, String> {
    let list = inputs::exemptions(Some(file), false)?;
    let expired = list.exemptions.iter().filter(|e| !e.is_active(at)).count();
    println!(
        "{}: {} exemptions are valid ({} active, {} expired)",
        file.display(),
        list.exemptions.len(),
        list.exemptions.len() - expired,
        expired
    );
    for e in list.exemptions.iter().filter(|e| !e.is_active(at)) {
        println!(
            "warning: exemption \"{}\" expired on {}",
            e.name,
            e.expires_on.map(|t| t.to_rfc3339()).unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}
