//! The pre-flight linter: what will fail to deploy, or deploy and not do
//! what its author thinks, found before anyone deploys. Each rule has a
//! stable id, a level and the public source that shows the behaviour
//! ([`RULES`]); each problem names the exemption, its position in the file
//! with line and column, and the field. A rule that needs the environment's
//! exports or the definitions runs only when they are given; the report
//! lists the rules skipped and why.

mod catalogue;
mod definitions;
mod environment;
mod file;
mod sarif;

pub use catalogue::{Level, Needs, Rule, RULES};
pub use sarif::sarif;

use crate::environment::Environment;
use crate::error::Error;
use crate::exemption::{Exemption, Policy};
use crate::formats::Definitions;
use crate::json::Positions;
use crate::session::Session;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::sync::Arc;

/// One problem found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The rule's id, such as `EX101`.
    pub rule: &'static str,
    /// Error, warning or note.
    pub level: Level,
    /// The exemption's position in the file, from 1 (0: the file itself).
    pub index: usize,
    /// Its name, when it has one.
    pub exemption: Option<String>,
    /// The field concerned, as the file spells it.
    pub field: Option<String>,
    /// What will happen in Azure, and how to fix it.
    pub message: String,
    /// Where, in the exemption file: line and column from 1.
    pub line: usize,
    /// Column, in characters, from 1.
    pub column: usize,
}

/// A rule that did not run, and which input it lacked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    /// The rule's id.
    pub rule: &'static str,
    /// What it needs: `environment` or `definitions`.
    pub needs: Needs,
}

/// Everything the linter found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LintReport {
    /// Every problem, by exemption then rule.
    pub findings: Vec<Finding>,
    /// Rules that could not run.
    pub skipped: Vec<Skipped>,
    /// Problems at error level.
    pub errors: usize,
    /// At warning level.
    pub warnings: usize,
    /// At note level.
    pub notes: usize,
}

/// What the linter reads besides the exemption file's text.
pub struct Inputs<'a> {
    /// The environment's exports, when given; its exemptions are replaced
    /// by the file's for the duration of the run.
    pub session: Option<&'a mut Session>,
    /// Initiatives, assessment metadata and assignments, when given.
    pub definitions: Option<&'a Definitions>,
    /// The instant expiry is judged at.
    pub at: DateTime<Utc>,
}

/// The exemptions that could be read, each with its position in the file:
/// read from a text, or shared with those held (a copy of 50,000 would
/// cost the app's worker tens of megabytes while the linter runs).
pub(crate) struct Read {
    pub list: Vec<(usize, Arc<Exemption>)>,
    pub policy: Policy,
}

/// Lints the exemption file `text`. Refuses only a text that is not an
/// exemption file at all; every problem of an exemption is a finding.
pub fn lint(text: &str, inputs: Inputs<'_>) -> Result<LintReport, Error> {
    let mut found: Vec<Finding> = Vec::new();
    let (read, positions) = file::read(text, &mut found)?;
    let skipped = rules(&read, inputs, &mut found)?;
    Ok(report(found, skipped, Some(&positions)))
}

/// Lints exemptions held in memory (each valid, and within the policy, as
/// the workspace keeps them): the rules after reading, with no text to
/// read again, so no line or column (both 0).
pub fn lint_held<E: Into<Arc<Exemption>>>(
    exemptions: impl IntoIterator<Item = E>,
    policy: &Policy,
    inputs: Inputs<'_>,
) -> Result<LintReport, Error> {
    let read = Read {
        list: exemptions
            .into_iter()
            .enumerate()
            .map(|(i, e)| (i + 1, e.into()))
            .collect(),
        policy: policy.clone(),
    };
    let mut found = Vec::new();
    let skipped = rules(&read, inputs, &mut found)?;
    Ok(report(found, skipped, None))
}

/// Lints one exemption being written, under `policy`: the file's rules,
/// and those of the environment's rules that do not depend on the other
/// exemptions (what a recommendation counts for, a connector's cloud).
/// Unused, redundant and conflicting are the impact preview's to show.
pub fn lint_draft(
    draft: &Exemption,
    policy: Option<Policy>,
    env: Option<&Environment>,
    at: DateTime<Utc>,
) -> Vec<Finding> {
    let read = Read {
        list: vec![(1, Arc::new(draft.clone()))],
        policy: policy.unwrap_or_default(),
    };
    let mut found = Vec::new();
    file::against_policy(1, draft, &read.policy, &mut found);
    file::rules(&read, at, &mut found);
    if let Some(env) = env {
        environment::of_exemption(1, draft, env, &mut found);
    }
    report(found, Vec::new(), None).findings
}

/// Every rule whose inputs are given; returns those skipped.
fn rules(read: &Read, inputs: Inputs<'_>, found: &mut Vec<Finding>) -> Result<Vec<Skipped>, Error> {
    file::rules(read, inputs.at, found);
    let mut skipped = Vec::new();
    let mut skip = |needs: Needs| {
        skipped.extend(
            RULES
                .iter()
                .filter(|r| r.needs == needs)
                .map(|r| Skipped { rule: r.id, needs }),
        )
    };
    match inputs.session {
        Some(session) => environment::rules(read, session, inputs.at, found)?,
        None => skip(Needs::Environment),
    }
    match inputs.definitions.filter(|d| !d.is_empty()) {
        Some(defs) => definitions::rules(read, defs, found),
        None => skip(Needs::Definitions),
    }
    Ok(skipped)
}

/// The findings in order and counted; with the file's `positions`, each
/// with its line and column (without, both 0: nothing was read from text).
fn report(
    mut findings: Vec<Finding>,
    skipped: Vec<Skipped>,
    positions: Option<&Positions>,
) -> LintReport {
    if let Some(positions) = positions {
        for f in &mut findings {
            (f.line, f.column) = positions.of(f.index, f.field.as_deref().unwrap_or(""));
        }
    }
    findings.sort_by(|a, b| (a.index, a.rule, a.line).cmp(&(b.index, b.rule, b.line)));
    let count = |l: Level| findings.iter().filter(|f| f.level == l).count();
    LintReport {
        errors: count(Level::Error),
        warnings: count(Level::Warning),
        notes: count(Level::Note),
        findings,
        skipped,
    }
}

/// A finding of rule `id` on exemption `index` (from 1) named `name`.
pub(crate) fn finding(
    id: &'static str,
    index: usize,
    name: Option<&str>,
    field: &str,
    message: String,
) -> Finding {
    let rule = RULES
        .iter()
        .find(|r| r.id == id)
        .expect("a rule of the catalogue");
    Finding {
        rule: rule.id,
        level: rule.level,
        index,
        exemption: name.map(str::to_string),
        field: (!field.is_empty()).then(|| field.to_string()),
        message,
        line: 0,
        column: 0,
    }
}
