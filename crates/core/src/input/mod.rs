//! Reading Defender data as users export it from Azure: one reader for the
//! command line, the browser and the JavaScript package.
//!
//! A JSON file is a bare array of rows, `{"data": [...]}` (`az graph
//! query`, the Resource Graph API), `{"value": [...]}` (a REST list) or a
//! single object (a REST `GET`); a paged query is several such files.
//! Each row is recognised by its `type`, or, for subscriptions, by the
//! fields `GET /subscriptions` and `az account list` write. Rows of other
//! types from the Resource Graph tables the exports come from are skipped
//! with a warning; any other type is refused, since it means the wrong
//! query. Defender's **Download CSV report** is read too ([`csv`]). Rows
//! are read straight from the text into the builder, borrowing strings
//! where JSON allows, because on large exports parsing is most of the cost.

mod containers;
mod csv;
mod envelope;
mod import;
mod kinds;
mod row;

pub use crate::encoding::decode;
pub use import::{CloudCount, FileSummary, Import, ImportSummary};

use crate::builder::EnvironmentBuilder;
use crate::error::{Error, Hint};
use std::collections::BTreeMap;

/// What one file held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    /// Rows read (skipped ones included).
    pub rows: usize,
    /// Rows used, by kind (`assessment`, `subscription`, …).
    pub kinds: BTreeMap<&'static str, usize>,
    /// Rows skipped, by their `type`.
    pub skipped: BTreeMap<String, usize>,
    /// Whether it was a Defender CSV report (its gaps filled from the
    /// built-in catalogue).
    pub csv: bool,
}

/// The largest text a failed read looks at again, to say what it is or to
/// read it as JSON with comments: the retry parses the whole text at once.
const RETRY_LIMIT: usize = 64 << 20;

/// After the streaming reader refused `text`, having read `rows` rows of
/// it: an exemption file gets a message saying where it goes, and JSON
/// with comments or trailing commas (which `validate` and `import` accept)
/// is read as the JSON it stands for, when the refusal came before any row
/// (a row read twice would be a duplicate); after rows, the message says
/// to save it as plain JSON.
fn retry(
    builder: &mut EnvironmentBuilder,
    file_no: u32,
    text: &str,
    (first, rows): (Error, usize),
) -> Result<Loaded, Error> {
    if text.len() > RETRY_LIMIT {
        return Err(first);
    }
    let value = crate::json::parse(text);
    let what = match &value {
        Ok(v) => crate::formats::describe_value(v),
        Err(_) => crate::formats::describe_text(text),
    };
    if let Some(what) = what {
        return Err(Error::invalid(format!("this is {what}, not Defender data"))
            .with_hint(Hint::ExemptionsToImport));
    }
    match value {
        // The whole file is one object: row 1, as the streaming reader says.
        Ok(v) if v.get("exemptions").is_some() => Err(kinds::exemption_file_given().at_row(1)),
        Ok(v) if rows == 0 => envelope::load(builder, file_no, &v.to_string()).map_err(|r| r.0),
        Ok(_) => Err(Error {
            message: format!(
                "{}; the file holds comments or trailing commas after its first rows: save it as plain JSON",
                first.message
            ),
            ..first
        }),
        Err(_) => Err(first),
    }
}

/// Reads one input file's text into the builder. `file` is the name used in
/// messages. Returns the number of rows read.
pub fn load_json(builder: &mut EnvironmentBuilder, file: &str, text: &str) -> Result<usize, Error> {
    load(builder, file, text).map(|l| l.rows)
}

/// Reads one input file's text (JSON in any of the shapes above, or a
/// Defender CSV report) into the builder, and says what it held. Skipped
/// row types become warnings of the environment.
pub fn load(builder: &mut EnvironmentBuilder, file: &str, text: &str) -> Result<Loaded, Error> {
    let file_no = builder.file(file).map_err(|e| e.in_file(file))?;
    // Text decoded without removing a byte-order mark still starts with one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let loaded = if csv::looks_like_csv(text) {
        csv::load(builder, file_no, text).map_err(|e| e.in_file(file))?
    } else {
        match envelope::load(builder, file_no, text) {
            Ok(loaded) => loaded,
            Err(refused) => retry(builder, file_no, text, *refused).map_err(|e| e.in_file(file))?,
        }
    };
    for (kind, n) in &loaded.skipped {
        let exemptions =
            kind.ends_with("/policyexemptions") || kind.ends_with("/standardassignments");
        builder.warn(if exemptions {
            format!(
                "{file}: skipped {n} row{} of type `{}`: they are exemptions, which `exempt import` (Import exemptions in the app) reads into an exemption file",
                if *n == 1 { "" } else { "s" },
                crate::text::quote(kind)
            )
        } else {
            format!(
                "{file}: skipped {n} row{} of type `{}`, which Exempt does not use",
                if *n == 1 { "" } else { "s" },
                crate::text::quote(kind)
            )
        });
    }
    if loaded.csv {
        builder.warn(format!(
            "{file}: a Defender CSV report has no control scores, clouds or preview flags: they come from Exempt's built-in catalogue of Defender's controls and recommendations"
        ));
    }
    Ok(loaded)
}
