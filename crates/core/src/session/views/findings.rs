//! What the lifecycle review and the linter found about the exemptions
//! listed: a row's flags and problem counts, and the findings in words.

use crate::ids::ExemptionIx;
use crate::lifecycle::Finding;
use crate::lint::Level;
use crate::session::Session;
use serde::{Deserialize, Serialize};

/// What the review found about a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FindingFlag {
    /// Another exemption covers all it applies to.
    Redundant,
    /// A mitigation wins where this waiver applies.
    Conflict,
    /// Applies to nothing.
    Unused,
    /// Only covers healthy assessments.
    AllHealthy,
}

impl FindingFlag {
    /// The badge's text.
    pub fn label(self) -> &'static str {
        match self {
            FindingFlag::Redundant => "Redundant",
            FindingFlag::Conflict => "Conflict",
            FindingFlag::Unused => "Unused",
            FindingFlag::AllHealthy => "All healthy",
        }
    }
}

/// How many lint problems of each level one exemption has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProblemCounts {
    /// Azure refuses it, or it breaks the team's policy.
    pub errors: u32,
    /// It deploys, but does not do what it seems to.
    pub warnings: u32,
    /// Worth knowing.
    pub notes: u32,
}

impl ProblemCounts {
    /// Counts one more problem at `level`.
    pub fn add(&mut self, level: Level) {
        let n = match level {
            Level::Error => &mut self.errors,
            Level::Warning => &mut self.warnings,
            Level::Note => &mut self.notes,
        };
        *n = n.saturating_add(1);
    }

    /// The most serious level among them, if any.
    pub fn worst(self) -> Option<Level> {
        [
            (self.errors, Level::Error),
            (self.warnings, Level::Warning),
            (self.notes, Level::Note),
        ]
        .into_iter()
        .find(|(n, _)| *n > 0)
        .map(|(_, l)| l)
    }
}

/// Findings in words, for the "Review findings" panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingsView {
    /// All findings, beyond those listed.
    pub total: usize,
    /// The first findings.
    pub items: Vec<FindingItem>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingItem {
    /// `redundant`, `conflict`, `unused`, `allHealthy`, `expired` or `expiring`.
    pub kind: String,
    /// In words.
    pub message: String,
    /// The exemption it is about.
    pub exemption: ExemptionIx,
    /// Its id, for links.
    pub id: Option<String>,
}

impl Session {
    /// Per exemption, what the review found, if it has run.
    pub(super) fn flags(&self) -> Option<Vec<Vec<FindingFlag>>> {
        let findings = self.review.findings.get()?;
        let mut flags = vec![Vec::new(); self.exemptions().len()];
        for f in findings {
            let flag = match f {
                Finding::Redundant { .. } => FindingFlag::Redundant,
                Finding::Conflict { .. } => FindingFlag::Conflict,
                Finding::Unused { .. } => FindingFlag::Unused,
                Finding::AllHealthy { .. } => FindingFlag::AllHealthy,
                Finding::Expired { .. } | Finding::Expiring { .. } => continue,
            };
            let list: &mut Vec<FindingFlag> = &mut flags[f.subject().index()];
            if !list.contains(&flag) {
                list.push(flag);
            }
        }
        Some(flags)
    }

    /// The first `limit` findings in words. Runs the review on first use.
    pub fn findings_view(&self, limit: usize) -> FindingsView {
        let list = self.exemptions();
        let findings = self.findings();
        FindingsView {
            total: findings.len(),
            items: findings
                .iter()
                .take(limit)
                .map(|f| FindingItem {
                    kind: f.kind().to_string(),
                    message: f.describe(list),
                    exemption: f.subject(),
                    id: list[f.subject().index()].id.clone(),
                })
                .collect(),
        }
    }
}
