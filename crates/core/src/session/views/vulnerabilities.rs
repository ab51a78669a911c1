//! A recommendation's vulnerability findings, for its page: every finding
//! of its assessments with its resource and what decides it, searchable by
//! CVE, title or resource, a window at a time.

use super::labels::resource_label;
use super::recommendations::DeciderRow;
use super::Page;
use crate::environment::FindingView;
use crate::error::Error;
use crate::ids::{AssessmentIx, RecommendationIx};
use crate::model::Cloud;
use crate::session::Session;
use serde::{Deserialize, Serialize};

/// One finding, with its resource and the exemption that decides it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingRow {
    /// Its assessment.
    pub assessment: AssessmentIx,
    /// The resource's id.
    pub resource_id: String,
    /// The resource as lists name it.
    pub label: String,
    /// The resource's cloud.
    pub cloud: Cloud,
    /// The finding.
    pub finding: FindingView,
    /// The exemption whose condition decides it, if one does.
    pub exemption: Option<DeciderRow>,
}

impl Session {
    /// How many findings recommendation `k`'s assessments have.
    pub fn recommendation_finding_count(&self, k: RecommendationIx) -> usize {
        let env = self.environment();
        self.assessments_of_recommendation(k)
            .iter()
            .map(|&a| env.findings_of(AssessmentIx(a)))
            .sum()
    }

    /// Recommendation `k`'s findings whose CVEs, title or resource contain
    /// `query` (without case), a window at a time.
    pub fn recommendation_findings(
        &self,
        k: RecommendationIx,
        query: &str,
        offset: usize,
        limit: usize,
    ) -> Result<Page<FindingRow>, Error> {
        let env = self.environment();
        let k = k.check(env.recommendations().len())?;
        let q = query.trim().to_lowercase();
        let mut all = 0usize;
        let mut matching: Vec<(AssessmentIx, usize)> = Vec::new();
        for &a in self.assessments_of_recommendation(k) {
            let a = AssessmentIx(a);
            let found = env.findings.of(a.index());
            all += found.len();
            let resource = q.is_empty()
                || env
                    .resource_id(env.assessment_resource(a))
                    .to_lowercase()
                    .contains(&q);
            for f in found {
                if resource || finding_has(env, f, &q) {
                    matching.push((a, f));
                }
            }
        }
        let evaluation = self.evaluation();
        Ok(Page::window(&matching, all, offset, limit, |(a, f)| {
            let r = env.assessment_resource(a);
            let id = env.resource_id(r);
            FindingRow {
                assessment: a,
                resource_id: id.to_string(),
                cloud: env.resource_cloud(r),
                label: resource_label(id),
                finding: env.findings.view(f),
                exemption: evaluation
                    .finding_decided_by(f)
                    .map(|d| DeciderRow::of(self.exemptions(), d)),
            }
        }))
    }
}

/// Whether finding `f`'s CVEs or title contain `q` (lower case).
fn finding_has(env: &crate::Environment, f: usize, q: &str) -> bool {
    let s = &env.findings;
    s.strings[s.title[f] as usize].to_lowercase().contains(q)
        || s.cves_of(f)
            .iter()
            .any(|&c| s.strings[c as usize].to_lowercase().contains(q))
}
