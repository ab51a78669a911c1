//! Which environment the pages show, and its name in storage keys and
//! settings.

use serde::{Deserialize, Serialize};

/// Which environment to show.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EnvironmentChoice {
    /// The embedded Contoso demo.
    Demo,
    /// The generated 1,000,000-assessment environment.
    Large,
    /// The generated 200,000-assessment environment with 1,000,000
    /// vulnerability findings.
    Findings,
    /// Export files the host page of an embedded view sent; never stored.
    Hosted,
    /// An imported environment, kept in IndexedDB under this id (`env-…`).
    Imported(String),
}

impl EnvironmentChoice {
    /// The name used in storage keys and settings.
    pub fn key(&self) -> &str {
        match self {
            EnvironmentChoice::Demo => "demo",
            EnvironmentChoice::Large => "large",
            EnvironmentChoice::Findings => "findings",
            EnvironmentChoice::Hosted => "hosted",
            EnvironmentChoice::Imported(id) => id,
        }
    }

    /// Reads [`key`](Self::key) of an environment that can be chosen again
    /// (a hosted one cannot: only its host can send it).
    pub fn from_key(key: &str) -> Option<EnvironmentChoice> {
        match key {
            "demo" => Some(EnvironmentChoice::Demo),
            "large" => Some(EnvironmentChoice::Large),
            "findings" => Some(EnvironmentChoice::Findings),
            id if id.starts_with("env-") => Some(EnvironmentChoice::Imported(id.to_string())),
            _ => None,
        }
    }
}
