//! Reading the user's files (or standard input, or the embedded demo) into
//! a workspace.

use crate::output::display_name;
use chrono::{DateTime, Utc};
use exempt_core::exemption::ExemptionFile;
use exempt_core::input::load_json;
use exempt_core::workspace::{numbered_ids, Held};
use exempt_core::{EnvironmentBuilder, Error, Workspace};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The most one input file may hold unless `--max-input-bytes` says more: far
/// beyond any real export page, and a bound on what a non-regular input (a
/// device, an endless pipe) can make the command read.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 2 << 30;

/// Reads a whole input, refusing more than `max` bytes.
pub fn read(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let name = display_name(path);
    let source: Box<dyn Read> = if path == Path::new("-") {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| format!("error: {name}: {e}"))?)
    };
    let mut bytes = Vec::new();
    source
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("error: {name}: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "error: {name}: more than {max} bytes; if it really is one export, raise --max-input-bytes"
        ));
    }
    Ok(bytes)
}

/// Reads text: UTF-8 with or without a byte-order mark, or UTF-16 with one.
pub fn read_text(path: &Path, max: u64) -> Result<String, String> {
    let bytes = read(path, max)?;
    exempt_core::input::decode(&bytes)
        .map(|t| t.into_owned())
        .map_err(|e| format!("error: {}: {e}", display_name(path)))
}

fn fail(e: Error) -> String {
    format!("error: {e}")
}

/// A workspace on the inputs (or the demo environment when there are none),
/// holding the exemption file (the demo's when none is given with no
/// inputs). Files are read one at a time, each dropped once read.
pub fn workspace(
    inputs: &[PathBuf],
    exemptions: Option<&Path>,
    at: DateTime<Utc>,
    max: u64,
) -> Result<Workspace, String> {
    let mut builder = EnvironmentBuilder::new();
    if inputs.is_empty() {
        crate::output::note("note: no input files given: using the embedded demo environment");
        exempt_core::demo::load(&mut builder).map_err(fail)?;
    }
    for path in inputs {
        let text = read_text(path, max)?;
        load_json(&mut builder, &display_name(path), &text).map_err(fail)?;
    }
    let mut workspace = Workspace::new(numbered_ids());
    workspace.set_environment(builder.finish().map_err(fail)?, at);
    let list = exemption_file(exemptions, inputs.is_empty(), max)?;
    workspace.hold_file(list, Held::Hosted, at).map_err(fail)?;
    Ok(workspace)
}

/// Reads and validates an exemption file; the demo's when none is given and
/// `demo` is set, else an empty list.
pub fn exemption_file(path: Option<&Path>, demo: bool, max: u64) -> Result<ExemptionFile, String> {
    let (name, text) = match path {
        Some(p) => (display_name(p), read_text(p, max)?),
        None if demo => {
            let (name, text) = exempt_core::demo::EXEMPTIONS;
            (name.to_string(), text.to_string())
        }
        None => return Ok(ExemptionFile::default()),
    };
    ExemptionFile::parse(&text).map_err(|e| {
        if let Some(what) = exempt_core::formats::describe(&text) {
            return format!(
                "error: {name} is {what}, not the project's exemption file: `exempt import {name}` reads it (with --definitions for Azure Policy exemptions) and writes the file that --exemptions (-e) and validate take"
            );
        }
        let e = e.in_file(&name);
        if e.problems.is_empty() {
            format!("error: {e}")
        } else {
            e.to_string()
                .lines()
                .map(|l| format!("error: {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        }
    })
}
