//! Vulnerability findings (sub-assessments), grouped by their assessment.
//!
//! Stored as arrays with every text interned once: a million findings
//! repeat a few thousand CVEs, titles and packages, so they stay tens of
//! megabytes in the browser's heap. A finding's id is not kept whole: it
//! is its assessment's id, `/subAssessments/` and its name.

use super::Environment;
use crate::exemption::{Cvss, Facts};
use crate::ids::{AssessmentIx, RecommendationIx};
use crate::scope::NONE;
use crate::vulnerabilities::{FindingStatus, Severity};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A score no finding has: the finding gave none.
pub(crate) const NO_CVSS: u8 = u8::MAX;

/// The findings of an environment.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Findings {
    /// Where each assessment's findings start, one more entry than there
    /// are assessments; empty when no findings were loaded.
    pub start: Vec<u32>,
    pub name: Vec<u32>,
    pub title: Vec<u32>,
    pub status: Vec<FindingStatus>,
    pub severity: Vec<Option<Severity>>,
    /// In tenths, or [`NO_CVSS`].
    pub cvss: Vec<u8>,
    pub patchable: Vec<Option<bool>>,
    /// Where each finding's CVEs start in `cves`, one more entry than
    /// there are findings.
    pub cve_start: Vec<u32>,
    pub cves: Vec<u32>,
    /// Image digest, repository, package and operating system, or `NONE`.
    pub detail: Vec<[u32; 4]>,
    pub strings: Vec<Box<str>>,
    /// CVE ids, upper case, to their string.
    pub cve_index: FxHashMap<Box<str>, u32>,
}

/// One finding, as pages and explanations show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingView {
    /// Its name: the last segment of the sub-assessment's id.
    pub name: String,
    /// Its title.
    pub title: String,
    /// As Azure reported it.
    pub status: FindingStatus,
    /// Its severity.
    pub severity: Option<Severity>,
    /// Its CVSS base score (highest version given).
    pub cvss: Option<f64>,
    /// Whether a fix exists, when the source says.
    pub patchable: Option<bool>,
    /// The CVEs it reports.
    pub cves: Vec<String>,
    /// The container image's digest.
    pub image_digest: Option<String>,
    /// The image's repository.
    pub repository: Option<String>,
    /// The affected package.
    pub package: Option<String>,
    /// The operating system.
    pub os: Option<String>,
}

impl Findings {
    /// How many findings there are.
    pub fn len(&self) -> usize {
        self.name.len()
    }

    /// The findings of assessment `a`, as positions.
    pub fn of(&self, a: usize) -> Range<usize> {
        if self.start.is_empty() {
            return 0..0;
        }
        self.start[a] as usize..self.start[a + 1] as usize
    }

    fn text(&self, s: u32) -> Option<String> {
        (s != NONE).then(|| self.strings[s as usize].to_string())
    }

    /// The CVE string numbers of finding `f`.
    pub fn cves_of(&self, f: usize) -> &[u32] {
        &self.cves[self.cve_start[f] as usize..self.cve_start[f + 1] as usize]
    }

    /// Whether finding `f` is Unhealthy as Azure reported it.
    pub fn unhealthy(&self, f: usize) -> bool {
        self.status[f] == FindingStatus::Unhealthy
    }

    /// Whether finding `f` reports one of the CVE string numbers `wanted`
    /// (sorted).
    pub fn has_any_cve(&self, f: usize, wanted: &[u32]) -> bool {
        self.cves_of(f)
            .iter()
            .any(|c| wanted.binary_search(c).is_ok())
    }

    /// The facts of finding `f` a condition asks about; `has_cve` answers
    /// for the condition's CVEs.
    pub fn facts<'a>(&self, f: usize, has_cve: &'a dyn Fn(&[String]) -> bool) -> Facts<'a> {
        Facts {
            has_cve,
            cvss: (self.cvss[f] != NO_CVSS).then_some(Cvss(self.cvss[f])),
            severity: self.severity[f],
            patchable: self.patchable[f],
        }
    }

    /// The CVE string number of `cve`, if any finding reports it.
    pub fn cve(&self, cve: &str) -> Option<u32> {
        self.cve_index
            .get(cve.trim().to_ascii_uppercase().as_str())
            .copied()
    }

    /// Finding `f` as pages show it.
    pub fn view(&self, f: usize) -> FindingView {
        let [digest, repository, package, os] = self.detail[f];
        FindingView {
            name: self.strings[self.name[f] as usize].to_string(),
            title: self.strings[self.title[f] as usize].to_string(),
            status: self.status[f],
            severity: self.severity[f],
            cvss: (self.cvss[f] != NO_CVSS).then(|| Cvss(self.cvss[f]).score()),
            patchable: self.patchable[f],
            cves: self
                .cves_of(f)
                .iter()
                .map(|&c| self.strings[c as usize].to_string())
                .collect(),
            image_digest: self.text(digest),
            repository: self.text(repository),
            package: self.text(package),
            os: self.text(os),
        }
    }
}

impl Environment {
    /// How many vulnerability findings were loaded.
    pub fn finding_count(&self) -> usize {
        self.findings.len()
    }

    /// How many findings assessment `a` has.
    pub fn findings_of(&self, a: AssessmentIx) -> usize {
        self.findings.of(a.index()).len()
    }

    /// The findings of assessment `a`, as pages show them, with each one's
    /// position among all findings.
    pub fn finding_views(&self, a: AssessmentIx) -> Vec<(usize, FindingView)> {
        self.findings
            .of(a.index())
            .map(|f| (f, self.findings.view(f)))
            .collect()
    }

    /// The recommendations that have findings, in recommendation order.
    pub fn recommendations_with_findings(&self) -> Vec<RecommendationIx> {
        let mut has = vec![false; self.recommendations.len()];
        for a in 0..self.assessment_count() {
            if !self.findings.of(a).is_empty() {
                has[self.assessments.key[a] as usize] = true;
            }
        }
        (0..has.len())
            .filter(|&k| has[k])
            .map(RecommendationIx::at)
            .collect()
    }

    /// The sub-assessment id of the finding at position `f` under `a`.
    pub fn finding_id(&self, a: AssessmentIx, f: usize) -> String {
        format!(
            "{}/subAssessments/{}",
            self.assessment_id(a),
            self.findings.strings[self.findings.name[f] as usize]
        )
    }
}
