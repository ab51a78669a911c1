//! Generated vulnerability findings and Vulnerabilities conditions, for
//! the benchmark of findings: a fixed number of findings under every
//! assessment, their CVEs drawn from a skewed pool as real scans repeat a
//! few CVEs everywhere.

use super::{Rng, Sink};
use crate::builder::{AssessmentRow, EnvironmentBuilder, Metadata, Origin};
use crate::exemption::{Cvss, Exemption, Target, Vulnerabilities};
use crate::vulnerabilities::{Finding, FindingStatus, Severity};

/// CVEs the findings draw from.
const CVES: usize = 5_000;

const SEVERITIES: [Severity; 4] = [
    Severity::Low,
    Severity::Medium,
    Severity::High,
    Severity::Critical,
];

fn cve(rng: &mut Rng) -> String {
    // Skewed: small numbers come up far more often.
    let bound = rng.below(CVES) + 1;
    let n = rng.below(bound);
    format!("CVE-2024-{n:05}")
}

/// Passes rows on to a builder and adds `per_assessment` findings under
/// each assessment: Unhealthy ones (nine in ten) under Unhealthy
/// assessments, Healthy ones under the others.
pub struct WithFindings<'b> {
    builder: &'b mut EnvironmentBuilder,
    per_assessment: usize,
    rng: Rng,
    row: u32,
}

impl<'b> WithFindings<'b> {
    /// Findings seeded by `seed`.
    pub fn new(builder: &'b mut EnvironmentBuilder, per_assessment: usize, seed: u64) -> Self {
        WithFindings {
            builder,
            per_assessment,
            rng: Rng::new(seed ^ 0xF1),
            row: 0,
        }
    }
}

impl Sink for WithFindings<'_> {
    fn management_group(&mut self, name: &str, display_name: &str, parent: Option<&str>) {
        self.builder.management_group(name, display_name, parent);
    }
    fn subscription(&mut self, id: &str, display_name: &str, chain: &[(&str, Option<&str>)]) {
        self.builder.subscription(id, display_name, chain);
    }
    fn control(&mut self, name: &str, display_name: &str, max_score: f64, keys: &[&str]) {
        self.builder.control(name, display_name, max_score, keys);
    }
    fn assessment(&mut self, row: AssessmentRow<'_>, metadata: &Metadata<'_>) {
        self.builder.assessment(row, metadata);
        let assessment = format!(
            "{}/providers/Microsoft.Security/assessments/{}",
            row.resource_id, row.key
        );
        let unhealthy = row.status == crate::model::Status::Unhealthy;
        for i in 0..self.per_assessment {
            let rng = &mut self.rng;
            let cve = cve(rng);
            let f = Finding {
                id: format!("{assessment}/subAssessments/{cve}-{i}"),
                assessment: assessment.clone(),
                recommendation: row.key.to_string(),
                title: cve.clone(),
                status: if unhealthy && rng.below(10) > 0 {
                    FindingStatus::Unhealthy
                } else {
                    FindingStatus::Healthy
                },
                cause: None,
                cvss: (rng.below(20) > 0).then(|| (rng.below(100) + 1) as f64 / 10.0),
                severity: (rng.below(20) > 0).then(|| SEVERITIES[rng.below(4)]),
                patchable: [None, Some(true), Some(false)][rng.below(3)],
                kind: Some("ServerVulnerabilityAssessment".into()),
                image_digest: None,
                repository: None,
                package: None,
                os: None,
                cves: vec![cve],
            };
            self.row += 1;
            self.builder
                .add_finding(
                    Origin {
                        file: 0,
                        row: self.row,
                    },
                    &f,
                )
                .expect("generated findings are valid");
        }
    }
}

/// `list` with each exemption's target replaced by a generated
/// Vulnerabilities condition: CVEs, a CVSS bound, a minimum severity or
/// non-patchable, alone or together.
pub fn with_conditions(mut list: Vec<Exemption>, seed: u64) -> Vec<Exemption> {
    let mut rng = Rng::new(seed ^ 0xC0);
    for e in &mut list {
        let mut v = Vulnerabilities::default();
        match rng.below(4) {
            0 => v.cves = (0..1 + rng.below(5)).map(|_| cve(&mut rng)).collect(),
            1 => v.cvss_below = Cvss::from_score(1.0 + rng.below(80) as f64 / 10.0),
            2 => v.minimum_severity = Some(SEVERITIES[1 + rng.below(3)]),
            _ => {
                v.non_patchable = true;
                v.minimum_severity = Some(SEVERITIES[1 + rng.below(3)]);
            }
        }
        e.target = Target::Vulnerabilities(v);
        e.name = format!("{} (vulnerabilities)", e.name);
    }
    list
}

impl super::Synth {
    /// The environment with `per_assessment` findings under every Unhealthy
    /// or Healthy assessment, as [`WithFindings`] makes them.
    pub fn environment_with_findings(&self, per_assessment: usize) -> crate::Environment {
        let mut b = EnvironmentBuilder::new();
        b.file("generated").expect("one file");
        self.rows(&mut WithFindings::new(
            &mut b,
            per_assessment,
            self.spec.seed,
        ));
        b.finish().expect("generated rows are consistent")
    }

    /// The spec's exemptions, the last `conditions` of them (at most all)
    /// with a generated Vulnerabilities condition instead of their target.
    pub fn exemptions_with_conditions(&self, conditions: usize) -> Vec<Exemption> {
        let mut list = self.exemptions();
        let at = list.len() - conditions.min(list.len());
        let tail = list.split_off(at);
        list.extend(with_conditions(tail, self.spec.seed));
        list
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Spec, Synth};
    use crate::exemption::Target;

    #[test]
    fn the_last_fifth_carry_a_condition_and_every_assessment_its_findings() {
        let synth = Synth::new(Spec {
            exemptions: 50,
            ..Spec::with_assessments(2_000)
        });
        let list = synth.exemptions_with_conditions(10);
        let conditioned: Vec<bool> = list
            .iter()
            .map(|e| matches!(e.target, Target::Vulnerabilities(_)))
            .collect();
        assert_eq!(conditioned.len(), 50);
        assert!(conditioned[..40].iter().all(|c| !c) && conditioned[40..].iter().all(|c| *c));
        let env = synth.environment_with_findings(3);
        assert_eq!(env.finding_count(), 3 * env.assessment_count());
    }
}
