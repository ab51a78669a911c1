//! Vulnerability findings under assessments: the sub-assessments Defender hands out
//! for vulnerability recommendations, each belonging to its parent
//! assessment by id. A finding keeps what an exemption's Vulnerabilities
//! condition asks about (its CVEs, CVSS base score, severity and whether a
//! fix exists) and what tells findings apart (image digest, repository,
//! package, operating system).
//!
//! Shapes read, with their sources beside the samples in
//! `tests/data/vulnerabilities`:
//! - the REST list and get of `Microsoft.Security/assessments/{key}/
//!   subAssessments` (API 2019-01-01-preview): `additionalData.cve[].title`,
//!   `additionalData.cvss{"2.0": {base}, "3.0": {base}}`,
//!   `additionalData.patchable`, `status.severity`;
//! - Resource Graph rows of `microsoft.security/assessments/subassessments`
//!   in Defender Vulnerability Management's shape:
//!   `additionalData.vulnerabilityDetails{cveId, severity, cvss}` and
//!   `additionalData.softwareDetails{packageName, osDetails, fixStatus}`.

mod read;

pub use read::read;
pub(crate) use read::{finding_of, Parts};
use serde::{Deserialize, Serialize};

/// A finding's severity as Defender writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// Low.
    Low,
    /// Medium (Qualys and some feeds say Moderate).
    Medium,
    /// High.
    High,
    /// Critical: Defender Vulnerability Management's top level, which the
    /// 2019 REST API does not have.
    Critical,
}

impl Severity {
    /// `Low`, `Medium`, `High` or `Critical`, in any case.
    pub fn parse(text: &str) -> Option<Severity> {
        match text.trim().to_ascii_lowercase().as_str() {
            "low" => Some(Severity::Low),
            "medium" | "moderate" => Some(Severity::Medium),
            "high" => Some(Severity::High),
            "critical" => Some(Severity::Critical),
            _ => None,
        }
    }

    /// The name Defender writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "Low",
            Severity::Medium => "Medium",
            Severity::High => "High",
            Severity::Critical => "Critical",
        }
    }
}

/// Whether the finding is unhealthy, as its status says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FindingStatus {
    /// The finding is present.
    Unhealthy,
    /// Checked, and not present.
    Healthy,
    /// Not applicable, or exempt in Azure (see the cause).
    NotApplicable,
}

/// One finding under an assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The sub-assessment's resource id.
    pub id: String,
    /// Its parent assessment's resource id (the id up to
    /// `/subAssessments/`), which ties it to the assessment.
    pub assessment: String,
    /// The parent assessment's key (the recommendation).
    pub recommendation: String,
    /// Its title: the display name, or the CVE it is about.
    pub title: String,
    /// Healthy, unhealthy or not applicable.
    pub status: FindingStatus,
    /// Azure's cause for the status (`Exempt` when Azure exempts it).
    pub cause: Option<String>,
    /// The CVEs it reports, as written.
    pub cves: Vec<String>,
    /// The CVSS base score of the highest CVSS version given.
    pub cvss: Option<f64>,
    /// Its severity.
    pub severity: Option<Severity>,
    /// Whether a fix (patch, fixed version) exists; `None` when the source
    /// does not say.
    pub patchable: Option<bool>,
    /// The kind of finding (`additionalData.assessedResourceType`).
    pub kind: Option<String>,
    /// The container image's digest.
    pub image_digest: Option<String>,
    /// The image's repository.
    pub repository: Option<String>,
    /// The affected package.
    pub package: Option<String>,
    /// The operating system (platform and version).
    pub os: Option<String>,
}

/// What a file of findings held.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingsRead {
    /// The findings, in the file's order.
    pub findings: Vec<Finding>,
    /// Rows that are not findings or lack what a finding needs, each with
    /// its row number and why: listed, never dropped silently.
    pub skipped: Vec<String>,
}
