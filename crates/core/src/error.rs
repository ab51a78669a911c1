//! Errors of loading input, with the place they concern.

use std::fmt;

/// Input that cannot be used: malformed JSON, an unknown row type, a missing
/// field, a bad status code, two rows for one assessment. It names the file
/// and the row so that the user can find it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", row.map(|r| format!(": row {r}")).unwrap_or_default())]
pub struct LoadError {
    /// The input file's name as the user gave it.
    pub file: String,
    /// The row's position in the file's array, counting from 1.
    pub row: Option<usize>,
    /// What is wrong, naming the field.
    pub message: String,
}

impl LoadError {
    pub(crate) fn new(file: &str, row: Option<usize>, message: impl Into<String>) -> Self {
        LoadError {
            file: file.to_string(),
            row,
            message: message.into(),
        }
    }
}

/// One problem with one exemption: which exemption, which field, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The exemption's position in the file, counting from 1.
    pub index: usize,
    /// The exemption's name, when it has a usable one.
    pub name: Option<String>,
    /// The field concerned, as spelled in the file format.
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) => write!(f, "exemption {} \"{}\"", self.index, name)?,
            None => write!(f, "exemption {}", self.index)?,
        }
        write!(f, ": {}: {}", self.field, self.message)
    }
}
