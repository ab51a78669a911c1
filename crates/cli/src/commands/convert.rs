//! `exempt import` and `exempt export`: exemptions in and out of Defender's,
//! Azure Policy's and their tools' formats. The conversions are the core's;
//! this reads the files, writes the result and lists what was left out.

use crate::inputs::read_text;
use crate::output::display_name;
use crate::output::{self, Exit};
use chrono::{DateTime, Utc};
use exempt_core::formats::{self, Definitions, ExportOptions, Format, Imported};
use exempt_core::{EnvironmentBuilder, Error, Session};
use std::path::{Path, PathBuf};

fn fail(e: Error) -> Exit {
    Exit::Failure(
        e.to_string()
            .lines()
            .map(|l| format!("error: {l}"))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Reads named files as (name, text).
fn texts(paths: &[PathBuf], max: u64) -> Result<Vec<(String, String)>, Exit> {
    paths
        .iter()
        .map(|p| Ok((display_name(p), read_text(p, max)?)))
        .collect::<Result<_, String>>()
        .map_err(Exit::Failure)
}

pub fn definitions(paths: &[PathBuf], max: u64) -> Result<Definitions, Exit> {
    let files = texts(paths, max)?;
    Definitions::load(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))).map_err(fail)
}

/// Imports files, listing on standard error what was left out and why.
pub fn import(paths: &[PathBuf], defs: &Definitions, max: u64) -> Result<Imported, Exit> {
    let files = texts(paths, max)?;
    let imported =
        formats::import(files.iter().map(|(n, t)| (n.as_str(), t.as_str())), defs).map_err(fail)?;
    for r in &imported.rejected {
        output::note(&format!("not imported: {r}"));
    }
    for n in &imported.notes {
        output::note(&format!("note: {n}"));
    }
    Ok(imported)
}

/// Refuses an import that brought nothing: a command that produced
/// nothing does not succeed.
fn something(imported: &Imported, what: &str) -> Result<(), Exit> {
    if imported.file.exemptions.is_empty() {
        return Err(Exit::Failure(format!(
            "error: nothing was imported, so there is nothing to {what}: {}",
            imported.summary()
        )));
    }
    Ok(())
}

/// Writes `text` to `path` whole, or to standard output without one.
fn emit(path: Option<&Path>, text: &str) -> Result<(), Exit> {
    match path {
        None => output::stdout(|out| out.write_all(text.as_bytes())),
        Some(p) => output::write_file(p, text),
    }
}

pub struct ImportArgs {
    pub files: Vec<PathBuf>,
    pub definitions: Vec<PathBuf>,
    pub out: Option<PathBuf>,
    pub max_input_bytes: u64,
}

pub fn run_import(a: ImportArgs) -> Result<Exit, Exit> {
    let defs = definitions(&a.definitions, a.max_input_bytes)?;
    let imported = import(&a.files, &defs, a.max_input_bytes)?;
    something(&imported, "write")?;
    output::note(&format!("imported {}", imported.summary()));
    let text = formats::export(
        &imported.file,
        Format::Exempt,
        options(defs, None, Utc::now(), Vec::new()),
    )
    .map_err(fail)?;
    emit(a.out.as_deref(), &text.text)?;
    Ok(Exit::Success)
}

pub struct ExportArgs {
    pub to: String,
    pub exemptions: PathBuf,
    pub definitions: Vec<PathBuf>,
    pub assignments: Vec<String>,
    pub out: Option<PathBuf>,
    pub assessments: Option<PathBuf>,
    pub within: Option<String>,
    pub at: DateTime<Utc>,
    pub inputs: Vec<PathBuf>,
    pub max_input_bytes: u64,
}

fn options(
    definitions: Definitions,
    environment: Option<Session>,
    at: DateTime<Utc>,
    assignments: Vec<String>,
) -> ExportOptions {
    ExportOptions {
        definitions,
        environment,
        at,
        assignments,
        within: None,
    }
}

/// The environment of the export files, if any were given.
fn environment(paths: &[PathBuf], at: DateTime<Utc>, max: u64) -> Result<Option<Session>, Exit> {
    if paths.is_empty() {
        return Ok(None);
    }
    let mut builder = EnvironmentBuilder::new();
    for p in paths {
        let text = read_text(p, max).map_err(Exit::Failure)?;
        exempt_core::input::load(&mut builder, &display_name(p), &text).map_err(fail)?;
    }
    let env = builder.finish().map_err(fail)?;
    for w in env.warnings() {
        output::note(&format!("warning: {w}"));
    }
    Ok(Some(Session::new(env, at)))
}

pub fn run_export(a: ExportArgs) -> Result<Exit, Exit> {
    let format = Format::parse(&a.to).map_err(fail)?;
    if a.assessments.is_some() && format != Format::Csv {
        return Err(Exit::Failure(
            "error: --assessments adds the exempted assessments beside --to csv".into(),
        ));
    }
    let defs = definitions(&a.definitions, a.max_input_bytes)?;
    let imported = import(
        std::slice::from_ref(&a.exemptions),
        &defs,
        a.max_input_bytes,
    )?;
    something(&imported, "export")?;
    let second = match &a.assessments {
        Some(path) => {
            let env = environment(&a.inputs, a.at, a.max_input_bytes)?;
            let mut opts = options(Definitions::default(), env, a.at, Vec::new());
            opts.within.clone_from(&a.within);
            Some((
                path,
                formats::export(&imported.file, Format::CsvAssessments, opts).map_err(fail)?,
            ))
        }
        None => None,
    };
    let env = environment(&a.inputs, a.at, a.max_input_bytes)?;
    let mut opts = options(defs, env, a.at, a.assignments);
    opts.within = a.within;
    let exported = formats::export(&imported.file, format, opts).map_err(fail)?;
    for n in &exported.notes {
        output::note(&format!("note: {n}"));
    }
    emit(a.out.as_deref(), &exported.text)?;
    if let Some((path, csv)) = second {
        output::write_file(path, &csv.text)?;
    }
    Ok(Exit::Success)
}

/// `exempt diff`: 0 when equal, 1 when they differ.
pub fn run_diff(
    ours: &Path,
    theirs: &Path,
    definitions: &[PathBuf],
    json: bool,
    max: u64,
) -> Result<Exit, Exit> {
    let defs = self::definitions(definitions, max)?;
    let a = import(&[ours.to_path_buf()], &defs, max)?;
    let b = import(&[theirs.to_path_buf()], &defs, max)?;
    let d = formats::diff_imported(&a, &b);
    output::stdout(|out| {
        if json {
            crate::output::json(&mut *out, &d)?;
            writeln!(out)
        } else {
            write!(out, "{}", output::human(&d.to_string()))
        }
    })?;
    Ok(if d.equal { Exit::Success } else { Exit::Gate })
}
