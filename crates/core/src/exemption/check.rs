//! What `exempt validate` reports about an exemption file, as data, so that
//! the JavaScript package lists the same problems as the command line.

use super::{instant, ExemptionFile};
use crate::error::{Error, Problem};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The verdict on an exemption file. An invalid file is a result here, not
/// an error: checking files is the question asked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Validation {
    /// Whether the file can be used as it is.
    pub valid: bool,
    /// When it cannot: the whole message, one line per problem, each naming
    /// the file, as `exempt validate` prints it after `error: `.
    pub error: Option<String>,
    /// Every problem with an exemption, by position, name and field.
    pub problems: Vec<Problem>,
    /// Exemptions in a valid file.
    pub exemptions: usize,
    /// Of those, in force at the instant asked about.
    pub active: usize,
    /// Of those, past their expiry.
    pub expired: Vec<Expired>,
}

/// An exemption past its expiry.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Expired {
    /// Its name.
    pub name: String,
    /// When it expired, as the file format writes instants.
    pub expires_on: String,
}

/// The verdict on a file as read (by [`ExemptionFile::parse`] or
/// [`ExemptionFile::from_value`]), named `file` in messages when given, with
/// expiry judged at `at`.
pub fn check(
    file: Option<&str>,
    read: Result<ExemptionFile, Error>,
    at: DateTime<Utc>,
) -> Validation {
    match read {
        Ok(list) => {
            let expired: Vec<Expired> = list
                .exemptions
                .iter()
                .filter(|e| !e.is_active(at))
                .map(|e| Expired {
                    name: e.name.clone(),
                    expires_on: e.expires_on.map(instant).unwrap_or_default(),
                })
                .collect();
            Validation {
                valid: true,
                error: None,
                problems: Vec::new(),
                exemptions: list.exemptions.len(),
                active: list.exemptions.len() - expired.len(),
                expired,
            }
        }
        Err(e) => {
            let e = match file {
                Some(file) => e.in_file(file),
                None => e,
            };
            Validation {
                valid: false,
                error: Some(e.to_string()),
                problems: e.problems,
                exemptions: 0,
                active: 0,
                expired: Vec::new(),
            }
        }
    }
}
