//! The evidence pack: one record, at one instant, of the posture with and
//! without exemptions, every exemption with its people, its decision and
//! its effect, what waits for a decision, what is wrong, and the history;
//! for an auditor to sign off. Gathered once ([`Evidence`]) and written as
//! JSON, as CSV (the exemptions table) or, with the `evidence` feature, as
//! one self-contained HTML file.
//!
//! An exemption's effect has one definition here, as everywhere: the
//! overall secure score with it minus the score without it, in percentage
//! points (positive when it raises the score).

#[cfg(feature = "evidence")]
mod chart;
mod gather;
#[cfg(feature = "evidence")]
mod html;
mod sheet;

use crate::exemption::{Policy, State};
use crate::model::ExemptionCategory;
use crate::score::Score;
use crate::workspace::HistoryRow;
use serde::Serialize;

/// What the pack says of the identities it shows, wherever it shows them.
pub const IDENTITIES: &str = "Requesters, approvers and owners are recorded as typed, not authenticated: their trust comes from where the file is kept (version control with reviewed pull requests) and from the history below.";

/// The whole pack.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    /// The instant everything is judged at (RFC 3339).
    pub at: String,
    /// What was loaded.
    pub environment: Extent,
    /// What [`IDENTITIES`] says.
    pub identities: &'static str,
    /// The overall secure score.
    pub score: Scores,
    /// What the exemptions waiting for approval would do if approved.
    pub pending: Option<Pending>,
    /// Management groups, subscriptions and connectors, with and without
    /// exemptions.
    pub scopes: Vec<ScopeScore>,
    /// Every control, with and without exemptions.
    pub controls: Vec<ControlScore>,
    /// Every exemption, in list order.
    pub exemptions: Vec<Row>,
    /// What is wrong with the exemptions or their records.
    pub findings: Vec<Finding>,
    /// The team's rules, when set.
    pub policy: Option<Policy>,
    /// The history, newest first, when one is kept.
    pub history: Vec<HistoryRow>,
}

/// How much was loaded.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Extent {
    /// Assessments.
    pub assessments: usize,
    /// Resources.
    pub resources: usize,
    /// Subscriptions and security connectors.
    pub units: usize,
    /// Management groups.
    pub management_groups: usize,
}

/// A score with exemptions and without.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scores {
    /// With every exemption in force.
    pub with: Score,
    /// With none.
    pub without: Score,
}

impl Scores {
    /// With minus without, in percentage points.
    pub fn gap(&self) -> f64 {
        self.with.effect_over(self.without)
    }
}

/// Exemptions waiting for approval, together.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pending {
    /// How many.
    pub exemptions: usize,
    /// The overall score were they all approved.
    pub if_approved: Score,
    /// The oldest request (RFC 3339), when requests are dated.
    pub oldest_request: Option<String>,
}

/// A management group's, subscription's or connector's score.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScopeScore {
    /// `managementGroup`, `subscription` or `securityConnector`.
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// Its name, or its id.
    pub name: String,
    /// With and without exemptions.
    pub score: Scores,
}

/// A control's points.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ControlScore {
    /// Its title.
    pub name: String,
    /// The points it is worth.
    pub max: f64,
    /// Points with exemptions.
    pub with: f64,
    /// Points without.
    pub without: f64,
}

/// One exemption, as the auditor reads it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// Its name.
    pub name: String,
    /// Active, pending, rejected or expired.
    pub state: State,
    /// Mitigated or waiver.
    pub category: ExemptionCategory,
    /// Azure, AWS or GCP.
    pub cloud: String,
    /// Where it applies.
    pub scopes: Vec<String>,
    /// The recommendations it covers, by title where known, or its
    /// category.
    pub target: String,
    /// Its justification.
    pub description: Option<String>,
    /// Who answers for it.
    pub owner: Option<String>,
    /// Its ticket.
    pub ticket: Option<String>,
    /// Who asked for it.
    pub requested_by: Option<String>,
    /// When (RFC 3339).
    pub requested_on: Option<String>,
    /// The decision: `approved` or `rejected`.
    pub decision: Option<&'static str>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When (RFC 3339).
    pub decided_on: Option<String>,
    /// The decider's comment.
    pub comment: Option<String>,
    /// Who created it.
    pub created_by: Option<String>,
    /// When (RFC 3339).
    pub created_on: Option<String>,
    /// When it expires (RFC 3339).
    pub expires_on: Option<String>,
    /// Assessments it decides.
    pub decides: usize,
    /// Resources with an assessment it decides.
    pub resources: usize,
    /// Its effect on the overall score, in percentage points; for a
    /// pending one, its effect if approved. None for expired and rejected
    /// ones, which have none.
    pub effect: Option<f64>,
}

/// Something wrong, by exemption.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// `unused`, `redundant`, `conflict`, `expired`, `expiring`,
    /// `allHealthy`, `noExpiry`, `noOwner`, `noTicket`, `pending`.
    pub kind: &'static str,
    /// The exemptions concerned.
    pub exemptions: Vec<String>,
    /// In words.
    pub message: String,
}

/// The pack's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackFormat {
    /// One self-contained HTML file.
    Html,
    /// The exemptions table.
    Csv,
    /// Everything, as data.
    Json,
}

impl PackFormat {
    /// Reads `html`, `csv` or `json`.
    pub fn parse(s: &str) -> Option<PackFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "html" => Some(PackFormat::Html),
            "csv" => Some(PackFormat::Csv),
            "json" => Some(PackFormat::Json),
            _ => None,
        }
    }

    /// A file name to save the pack as.
    pub fn file_name(self) -> &'static str {
        match self {
            PackFormat::Html => "evidence-pack.html",
            PackFormat::Csv => "evidence-pack.csv",
            PackFormat::Json => "evidence-pack.json",
        }
    }

    /// Its media type.
    pub fn mime(self) -> &'static str {
        match self {
            PackFormat::Html => "text/html",
            PackFormat::Csv => "text/csv",
            PackFormat::Json => "application/json",
        }
    }
}

impl Evidence {
    /// The pack in `format`. HTML needs the `evidence` feature; without
    /// it, asking for HTML is an error that says so.
    pub fn write(&self, format: PackFormat) -> Result<String, crate::Error> {
        match format {
            PackFormat::Json => serde_json::to_string_pretty(self)
                .map_err(|e| crate::Error::invalid(format!("the pack could not be written: {e}"))),
            PackFormat::Csv => Ok(sheet::write(self)),
            #[cfg(feature = "evidence")]
            PackFormat::Html => Ok(html::write(self)),
            #[cfg(not(feature = "evidence"))]
            PackFormat::Html => Err(crate::Error::invalid(
                "this build writes the evidence pack as CSV or JSON only",
            )),
        }
    }
}
