//! The one error type of the engine, and the problems of exemption files.
//!
//! Every error says what kind of failure it is and, where known, the file,
//! row, field and exemption it concerns, so that the command line, the
//! browser app and the JavaScript package can all show the same message and
//! point at the same place. It serializes, because the app's worker and the
//! JavaScript package hand it across a boundary as data.

mod words;

use serde::{Deserialize, Serialize};
use std::fmt;
pub use words::{field_words, Hint};

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    /// An input file cannot be used: malformed, of an unknown kind, missing a
    /// field, or inconsistent with another file.
    Input,
    /// An exemption file cannot be used; `problems` lists every problem.
    Exemptions,
    /// The input is beyond a limit of the engine, which is named.
    Limit,
    /// An id or position names nothing that is loaded.
    NotFound,
}

/// Why something could not be done, with the place it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
pub struct Error {
    /// What kind of failure.
    pub kind: ErrorKind,
    /// What is wrong, naming the field or the limit.
    pub message: String,
    /// The input file's name as the user gave it.
    pub file: Option<String>,
    /// The row's (or item's) position in the file, counting from 1.
    pub row: Option<u64>,
    /// The field concerned, as spelled in the file.
    pub field: Option<String>,
    /// Every problem of an exemption file, when `kind` is `exemptions`.
    pub problems: Vec<Problem>,
    /// What to do about it, when there is something to do.
    // Always written: the worker's messages carry no field names, so a
    // field left out would shift every later one.
    #[serde(default)]
    pub hint: Option<Hint>,
}

impl Error {
    /// An error of `kind` at no place yet, with nothing to do about it.
    fn of(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            file: None,
            row: None,
            field: None,
            problems: Vec::new(),
            hint: None,
        }
    }

    /// An input error in `file`, at `row` when known.
    pub fn input(file: &str, row: Option<u64>, message: impl Into<String>) -> Error {
        Error {
            file: Some(file.to_string()),
            row,
            ..Error::of(ErrorKind::Input, message)
        }
    }

    /// Input that cannot be used, before the file and row are known; the
    /// reader adds them.
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::of(ErrorKind::Input, message)
    }

    /// The same error, said to concern `row` of its file (when it names
    /// none yet).
    pub fn at_row(mut self, row: u64) -> Error {
        if self.row.is_none() {
            self.row = Some(row);
        }
        self
    }

    /// An exemption file with problems.
    pub fn exemptions(file: Option<&str>, problems: Vec<Problem>) -> Error {
        let message = problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n");
        Error {
            file: file.map(str::to_string),
            field: problems.first().map(|p| p.field.to_string()),
            problems,
            ..Error::of(ErrorKind::Exemptions, message)
        }
    }

    /// An exemption file that is not one at all (not JSON, no list).
    pub fn exemption_file(file: Option<&str>, message: impl Into<String>) -> Error {
        Error {
            file: file.map(str::to_string),
            ..Error::of(ErrorKind::Exemptions, message)
        }
    }

    /// More of `what` than the engine can hold.
    pub fn limit(what: &str, max: usize) -> Error {
        Error::of(
            ErrorKind::Limit,
            format!(
                "the input has more {what} than the limit of {}",
                thousands(max)
            ),
        )
    }

    /// Nothing loaded has this id.
    pub fn not_found(message: impl Into<String>) -> Error {
        Error::of(ErrorKind::NotFound, message)
    }

    /// The same error, said to concern `file` (when it names none yet).
    pub fn in_file(mut self, file: &str) -> Error {
        if self.file.is_none() {
            self.file = Some(file.to_string());
        }
        self
    }

    /// The same error, said to concern `field`.
    pub fn at_field(mut self, field: &str) -> Error {
        self.field = Some(field.to_string());
        self
    }

    /// The same error, with what to do about it.
    pub fn with_hint(mut self, hint: Hint) -> Error {
        self.hint = Some(hint);
        self
    }

    /// The error in plain words for people who never see the files' JSON:
    /// its hint worded by `hint`, and its field named as [`field_words`]
    /// says it rather than by its path in the file (such as
    /// `value[2].properties.expiresOn`). Only the message's first mention
    /// of the path is renamed; the file's and the exemptions' names are
    /// left as they are.
    pub fn plain(&self, hint: impl Fn(Hint) -> &'static str) -> String {
        if self.kind == ErrorKind::Exemptions && !self.problems.is_empty() {
            return self.lines(|p| p.plain(&hint));
        }
        let message = match &self.field {
            Some(path) if !path.is_empty() => {
                self.message.replacen(path.as_str(), &field_words(path), 1)
            }
            _ => self.message.clone(),
        };
        self.compose(&message, hint)
    }

    /// One line per problem, each naming the file.
    fn lines(&self, line: impl Fn(&Problem) -> String) -> String {
        let file = self
            .file
            .as_ref()
            .map(|f| format!("{f}: "))
            .unwrap_or_default();
        self.problems
            .iter()
            .map(|p| format!("{file}{}", line(p)))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The file, the row, `message` and the hint.
    fn compose(&self, message: &str, hint: impl Fn(Hint) -> &'static str) -> String {
        let mut out = String::new();
        if let Some(file) = &self.file {
            out.push_str(&format!("{file}: "));
        }
        if let Some(row) = self.row {
            out.push_str(&format!("row {row}: "));
        }
        out.push_str(message);
        if let Some(h) = self.hint {
            out.push_str(&format!("; {}", hint(h)));
        }
        out
    }

    /// The error in words, its hints worded by `hint`; `Display` words them
    /// for the command line.
    pub fn worded(&self, hint: impl Fn(Hint) -> &'static str) -> String {
        if self.kind == ErrorKind::Exemptions && !self.problems.is_empty() {
            return self.lines(|p| p.worded(&hint));
        }
        self.compose(&self.message, hint)
    }
}

/// A message alone is input that cannot be used, at no place yet: the
/// reader that knows the file, row or field adds it.
impl From<String> for Error {
    fn from(message: String) -> Error {
        Error::invalid(message)
    }
}

impl From<&str> for Error {
    fn from(message: &str) -> Error {
        Error::invalid(message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.worded(Hint::command_line))
    }
}

/// One problem with one exemption: which exemption, which field, and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// The exemption's position in the file, counting from 1; 0 for the
    /// file's own fields, such as its policy.
    pub index: usize,
    /// The exemption's name, when it has a usable one.
    pub name: Option<String>,
    /// The field concerned, as spelled in the file format.
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when there is something to do.
    // Always written: the worker's messages carry no field names, so a
    // field left out would shift every later one.
    #[serde(default)]
    pub hint: Option<Hint>,
}

impl Problem {
    /// The problem in plain words (see [`Error::plain`]): its field by
    /// name.
    pub fn plain(&self, hint: impl Fn(Hint) -> &'static str) -> String {
        self.say(&field_words(&self.field), hint)
    }

    /// The problem in words, its hint worded by `hint`.
    pub fn worded(&self, hint: impl Fn(Hint) -> &'static str) -> String {
        self.say(&self.field, hint)
    }

    fn say(&self, field: &str, hint: impl Fn(Hint) -> &'static str) -> String {
        let who = match &self.name {
            // Problems of the file's own fields, such as its policy.
            _ if self.index == 0 => "the file".to_string(),
            Some(name) => format!("exemption {} \"{}\"", self.index, name),
            None => format!("exemption {}", self.index),
        };
        let tail = self
            .hint
            .map(|h| format!("; {}", hint(h)))
            .unwrap_or_default();
        format!("{who}: {field}: {}{tail}", self.message)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.worded(Hint::command_line))
    }
}

/// `1234567` as `1,234,567`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_file_and_row() {
        let e = Error::input("a.json", Some(3), "missing field `name`");
        assert_eq!(e.to_string(), "a.json: row 3: missing field `name`");
        assert_eq!(
            Error::limit("assessments", 4_294_967_294).to_string(),
            "the input has more assessments than the limit of 4,294,967,294"
        );
    }

    #[test]
    fn plain_words_name_fields_without_the_files_nesting() {
        assert_eq!(field_words("value[2].properties.expiresOn"), "expiry");
        assert_eq!(field_words("properties.status.code"), "status");
        assert_eq!(
            field_words("data[0].properties.resourceSelectors"),
            "resource selectors"
        );
        assert_eq!(
            field_words("resources[1].properties.template.resources[0].name"),
            "name"
        );
        let e = Error::input(
            "x.json",
            Some(3),
            "\"Allow dev\": value[2].properties.expiresOn: `x` is not a date and time",
        )
        .at_field("value[2].properties.expiresOn");
        assert_eq!(
            e.plain(Hint::command_line),
            "x.json: row 3: \"Allow dev\": expiry: `x` is not a date and time"
        );
        // The command line keeps the path, which points into the file.
        assert!(e.to_string().contains("value[2].properties.expiresOn"));
    }

    #[test]
    fn it_serializes_with_its_place() {
        let e = Error::input("a.json", Some(3), "bad").at_field("properties.status.code");
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["kind"], "input");
        assert_eq!(v["row"], 3);
        assert_eq!(v["field"], "properties.status.code");
        assert_eq!(v["problems"], serde_json::json!([]));
    }
}
