//! The linter on the exemptions held and on a draft, for the app's pages:
//! the same rules as `exempt lint`, the findings in owned, plain data.

use super::Workspace;
use crate::error::Error;
use crate::exemption::Exemption;
use crate::lint::{lint_draft, lint_held, Finding, Inputs, Level, RULES};
use crate::session::{ExemptionPage, ExemptionQuery, ProblemCounts};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use std::sync::Arc;

/// The linter's findings on the exemptions held, for one revision of the
/// workspace: the panel, the list's column and its filter read them.
pub(super) struct Linted {
    revision: u64,
    /// Errors first, then by position.
    findings: Rc<Vec<Kept>>,
    counts: (u32, u32, u32),
    /// Per exemption held, in order.
    per_row: Vec<ProblemCounts>,
}

/// A finding as kept until the next change: what its row shows, in
/// exactly sized text, without the exemption's name (the row takes it from
/// the exemption held) or a place in a file (held exemptions have none).
/// At 50,000 exemptions the linter keeps some 100,000 of these.
struct Kept {
    rule: &'static str,
    level: Level,
    /// The exemption's position, from 1 (0: the whole set).
    index: usize,
    /// The name the finding gives (only a draft's, or one about the whole
    /// set: a held exemption's row takes the name it has now).
    exemption: Option<Box<str>>,
    field: Option<Box<str>>,
    message: Box<str>,
}

impl From<Finding> for Kept {
    fn from(f: Finding) -> Kept {
        Kept {
            rule: f.rule,
            level: f.level,
            index: f.index,
            exemption: f.exemption.map(Into::into),
            field: f.field.map(Into::into),
            message: f.message.into(),
        }
    }
}

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

/// A finding as a row; `held` is the exemption it is about, whose id and
/// name the row shows.
fn row(f: &Kept, held: Option<&Exemption>) -> ProblemRow {
    let rule = RULES.iter().find(|r| r.id == f.rule).expect("a rule");
    ProblemRow {
        rule: rule.id.to_string(),
        name: rule.name.to_string(),
        level: f.level,
        id: held.and_then(|e| e.id.clone()),
        exemption: f
            .exemption
            .as_deref()
            .map(str::to_string)
            .or_else(|| held.map(|e| e.name.clone())),
        field: f.field.as_deref().map(str::to_string),
        message: f.message.to_string(),
        help: rule.help.to_string(),
        source: rule.source.to_string(),
    }
}

impl Workspace {
    /// Runs the linter on the exemptions held, judged at the session's
    /// time against the environment shown (definitions are not held by
    /// the app), unless it has run since the last change. Run after the
    /// review: the environment's rules read its findings.
    pub fn prepare_problems(&mut self) -> Result<(), Error> {
        if self.problems_ready() {
            return Ok(());
        }
        let policy = self.policy().unwrap_or_default();
        let held = &self.store.document().exemptions;
        let Some(session) = self.session.as_mut() else {
            return Ok(());
        };
        let at = session.time();
        // The same exemptions and policy as the session holds, borrowed:
        // nothing is copied or evaluated again, and the review's findings
        // stand.
        let report = lint_held(
            held.iter().map(|r| Arc::clone(&r.exemption)),
            &policy,
            Inputs {
                session: Some(session),
                definitions: None,
                at,
            },
        )?;
        let mut per_row = vec![ProblemCounts::default(); held.len()];
        let mut found = report.findings;
        for f in &found {
            if let Some(c) = f.index.checked_sub(1).and_then(|i| per_row.get_mut(i)) {
                c.add(f.level);
            }
        }
        found.sort_by_key(|f| (f.level, f.index));
        let mut kept: Vec<Kept> = found
            .into_iter()
            .map(|mut f| {
                // The row takes the name of the exemption held at its
                // position: a copy per finding would hold megabytes.
                if f.index > 0 {
                    f.exemption = None;
                }
                Kept::from(f)
            })
            .collect();
        // The collect reuses the findings' buffer, sized for larger items.
        kept.shrink_to_fit();
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        self.linted = Some(Linted {
            revision: self.revision,
            findings: Rc::new(kept),
            counts: (n(report.errors), n(report.warnings), n(report.notes)),
            per_row,
        });
        Ok(())
    }

    /// Whether the linter has run since the last change.
    pub fn problems_ready(&self) -> bool {
        self.linted().is_some()
    }

    fn linted(&self) -> Option<&Linted> {
        self.linted.as_ref().filter(|l| l.revision == self.revision)
    }

    /// Per exemption held, its problems by level, once linted.
    pub(super) fn linted_rows(&self) -> Option<&[ProblemCounts]> {
        self.linted().map(|l| l.per_row.as_slice())
    }

    /// The exemption held at `position` (from 1; 0 is the file).
    fn held_at(&self, position: usize) -> Option<&Exemption> {
        let r = self
            .store
            .document()
            .exemptions
            .get(position.checked_sub(1)?)?;
        Some(&r.exemption)
    }

    /// The problems of the exemption at `position` (from 1), once linted.
    pub(super) fn linted_problems(&self, position: usize) -> Option<Vec<ProblemRow>> {
        let l = self.linted()?;
        Some(
            l.findings
                .iter()
                .filter(|f| f.index == position)
                .map(|f| row(f, self.held_at(position)))
                .collect(),
        )
    }

    /// The problems of the exemptions held: the first `limit`, errors
    /// first. Runs the linter if it has not run since the last change.
    pub fn problems(&mut self, limit: usize) -> Result<ProblemsView, Error> {
        self.prepare_problems()?;
        let Some(l) = self.linted() else {
            return Ok(ProblemsView::default());
        };
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Ok(ProblemsView {
            counts: l.counts,
            total: n(l.findings.len()),
            rows: l
                .findings
                .iter()
                .take(limit)
                .map(|f| row(f, self.held_at(f.index)))
                .collect(),
        })
    }

    /// A window of the Exemptions list for `query`, with each row's lint
    /// problems once the linter has run.
    pub fn exemption_rows(
        &self,
        query: &ExemptionQuery,
        offset: usize,
        limit: usize,
    ) -> Result<ExemptionPage, Error> {
        let per_row = self.linted().map(|l| l.per_row.as_slice());
        Ok(self
            .session()?
            .exemption_rows(query, offset, limit, per_row))
    }

    /// The problems of `draft` under the team's policy that the linter
    /// can tell before it exists (see [`crate::lint::lint_draft`]): what
    /// the wizard shows before Create.
    pub fn draft_problems(&self, draft: &Exemption, at: DateTime<Utc>) -> Vec<ProblemRow> {
        let env = self.session.as_ref().map(|s| s.environment());
        lint_draft(draft, self.policy(), env, at)
            .into_iter()
            .map(|f| row(&Kept::from(f), None))
            .collect()
    }
}
