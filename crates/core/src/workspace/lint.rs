//! The linter on the exemptions held and on a draft, for the app's pages:
//! the same rules as `exempt lint`, the findings in owned, plain data.

use super::Workspace;
use crate::error::Error;
use crate::exemption::{Exemption, ExemptionFile};
use crate::lint::{lint, lint_held, Finding, Inputs, Level, RULES};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A problem as the app shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProblemRow {
    /// The rule's id.
    pub rule: String,
    /// The rule's name.
    pub name: String,
    /// Error, warning or note.
    pub level: Level,
    /// The exemption's id, for links (none for a draft).
    pub id: Option<String>,
    /// Its name.
    pub exemption: Option<String>,
    /// The field.
    pub field: Option<String>,
    /// What will happen, and the rule's advice.
    pub message: String,
    /// What to do.
    pub help: String,
    /// The public source of the behaviour.
    pub source: String,
}

/// The problems of the exemptions held.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProblemsView {
    /// Errors, warnings, notes.
    pub counts: (u32, u32, u32),
    /// The first problems, errors first.
    pub rows: Vec<ProblemRow>,
    /// Problems in all.
    pub total: u32,
}

fn row(f: &Finding, id: Option<String>) -> ProblemRow {
    let rule = RULES.iter().find(|r| r.id == f.rule).expect("a rule");
    ProblemRow {
        rule: rule.id.to_string(),
        name: rule.name.to_string(),
        level: f.level,
        id,
        exemption: f.exemption.clone(),
        field: f.field.clone(),
        message: f.message.clone(),
        help: rule.help.to_string(),
        source: rule.source.to_string(),
    }
}

fn text(file: &ExemptionFile) -> String {
    serde_json::to_string(&file.to_value()).unwrap_or_default()
}

impl Workspace {
    /// The problems of the exemptions held, judged at `at` against the
    /// environment shown (definitions are not held by the app): the first
    /// `limit`, errors first.
    pub fn problems(&mut self, limit: usize, at: DateTime<Utc>) -> Result<ProblemsView, Error> {
        let file = self.file();
        let ids: Vec<Option<String>> = file.exemptions.iter().map(|e| e.id.clone()).collect();
        // The same exemptions and policy as the session holds: handing
        // them over evaluates nothing again, and the review's findings
        // stand.
        let report = lint_held(
            &file.exemptions,
            &file.policy.clone().unwrap_or_default(),
            Inputs {
                session: self.session.as_mut(),
                definitions: None,
                at,
            },
        )?;
        let mut found = report.findings;
        found.sort_by_key(|f| (f.level, f.index));
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Ok(ProblemsView {
            counts: (n(report.errors), n(report.warnings), n(report.notes)),
            total: n(found.len()),
            rows: found
                .iter()
                .take(limit)
                .map(|f| {
                    row(
                        f,
                        f.index
                            .checked_sub(1)
                            .and_then(|i| ids.get(i).cloned().flatten()),
                    )
                })
                .collect(),
        })
    }

    /// The problems the rules that need only the file find in `draft`
    /// under the team's policy: what the wizard shows before Create.
    pub fn draft_problems(&self, draft: &Exemption, at: DateTime<Utc>) -> Vec<ProblemRow> {
        let file = ExemptionFile {
            exemptions: vec![draft.clone()],
            policy: self.policy(),
            extra: Default::default(),
        };
        let Ok(report) = lint(
            &text(&file),
            Inputs {
                session: None,
                definitions: None,
                at,
            },
        ) else {
            return Vec::new();
        };
        report.findings.iter().map(|f| row(f, None)).collect()
    }
}
