//! What the exports say about Azure's own view: assessments Azure already
//! exempts, its secure scores, and the security connectors behind AWS and
//! GCP resources.

use crate::model::Cloud;
use crate::score::Score;
use serde::{Deserialize, Serialize};

/// A security connector (an AWS account or GCP project seen by Defender).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connector {
    /// `/subscriptions/…/providers/Microsoft.Security/securityConnectors/<name>`.
    pub id: String,
    /// The connector's name (its id's last segment).
    pub name: String,
    /// From `environmentName`, when it is AWS or GCP.
    pub cloud: Option<Cloud>,
    /// The AWS account id or GCP project number.
    pub hierarchy_id: Option<String>,
}

impl Connector {
    /// "AWS account 123456789012", "GCP project 9876", when known.
    pub fn describe(&self) -> Option<String> {
        let what = match self.cloud? {
            Cloud::Aws => "AWS account",
            Cloud::Gcp => "GCP project",
            Cloud::Azure => return None,
        };
        Some(match &self.hierarchy_id {
            Some(h) => format!("{what} {h}"),
            None => what.to_string(),
        })
    }
}

/// A secure score as Azure reported it (`Microsoft.Security/secureScores`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportedScore {
    /// `/subscriptions/<id>` or `/providers/Microsoft.Management/managementGroups/<name>`.
    pub scope: String,
    /// Azure's figures (percentage as a fraction, as Azure writes it).
    pub score: Score,
}

/// A control's score as Azure reported it (`…/secureScoreControls`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportedControl {
    /// The scope of the secure score it belongs to.
    pub scope: String,
    /// The control definition's name (a GUID).
    pub control: String,
    /// Its title.
    pub display_name: Option<String>,
    /// Azure's figures.
    pub score: Score,
    /// Healthy resources.
    pub healthy: u32,
    /// Unhealthy resources.
    pub unhealthy: u32,
    /// Not applicable resources.
    pub not_applicable: u32,
}

/// Everything Azure reported about its own scores.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reported {
    /// Overall scores, per subscription or management group.
    pub scores: Vec<ReportedScore>,
    /// Control scores.
    pub controls: Vec<ReportedControl>,
}

impl Reported {
    /// Whether any score was loaded.
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty() && self.controls.is_empty()
    }
}
