//! Reading the user's files, or the embedded demo environment.

use exempt_core::exemption::{ExemptionFile, ExemptionFileError};
use exempt_core::input::load_json;
use exempt_core::{Environment, EnvironmentBuilder};
use std::io::Read;
use std::path::{Path, PathBuf};

fn read(path: &Path) -> Result<String, String> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("error: standard input: {e}"))?;
        return Ok(text);
    }
    std::fs::read_to_string(path).map_err(|e| format!("error: {}: {e}", path.display()))
}

/// Loads every input file, or the demo environment when there are none.
pub fn environment(inputs: &[PathBuf]) -> Result<Environment, String> {
    let mut builder = EnvironmentBuilder::new();
    let fail = |e: exempt_core::LoadError| format!("error: {e}");
    if inputs.is_empty() {
        eprintln!("note: no input files given: using the embedded demo environment");
        exempt_core::demo::load(&mut builder).map_err(fail)?;
    }
    for path in inputs {
        let text = read(path)?;
        let name = if path == Path::new("-") {
            "(stdin)".to_string()
        } else {
            path.display().to_string()
        };
        load_json(&mut builder, &name, &text).map_err(fail)?;
    }
    builder.finish().map_err(fail)
}

/// Reads and validates an exemption file; the demo's when none is given and
/// `demo` is set, else an empty list.
pub fn exemptions(path: Option<&Path>, demo: bool) -> Result<ExemptionFile, String> {
    let (name, text) = match path {
        Some(p) => (p.display().to_string(), read(p)?),
        None if demo => {
            let (name, text) = exempt_core::demo::EXEMPTIONS;
            (name.to_string(), text.to_string())
        }
        None => return Ok(ExemptionFile::default()),
    };
    ExemptionFile::parse(&text).map_err(|e| match e {
        ExemptionFileError::Syntax(m) => format!("error: {name}: {m}"),
        ExemptionFileError::Invalid(problems) => problems
            .iter()
            .map(|p| format!("error: {name}: {p}"))
            .collect::<Vec<_>>()
            .join("\n"),
    })
}
