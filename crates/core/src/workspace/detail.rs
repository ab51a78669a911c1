//! One exemption's own page: what it is, what it decides, what it is
//! worth, what the linter says of it, and its history.

use super::{HistoryRow, ProblemRow, Workspace};
use crate::error::Error;
use crate::exemption::{shown_instant, Decision, Target};
use crate::model::{category_label, Status};
use crate::session::views::resource_label;
use crate::session::ExemptionRow;
use serde::{Deserialize, Serialize};

/// The resources shown of those an exemption decides.
const RESOURCES_SHOWN: usize = 200;

/// An exemption, read-only, as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExemptionView {
    /// What the list shows of it (state, scope, expiry, owner, findings,
    /// problems once linted).
    pub row: ExemptionRow,
    /// Each scope: its id and its name.
    pub scopes: Vec<(String, String)>,
    /// What it exempts: recommendations by title, or a category.
    pub targets: Vec<String>,
    /// When it was asked for, as recorded.
    pub requested_on: Option<String>,
    /// The decision, in words, when there is one.
    pub decision: Option<String>,
    /// Its effect in percentage points (the score with it minus without
    /// it; for one pending, what approving it would do); none when expired
    /// or rejected. The same figure as the Overview and the wizard.
    pub effect: Option<f64>,
    /// Assessments it decides now.
    pub decided: u64,
    /// The first of them.
    pub resources: Vec<DecidedRow>,
    /// The linter's problems with it, once linted.
    pub problems: Option<Vec<ProblemRow>>,
    /// Its history, newest first.
    pub history: Vec<HistoryRow>,
}

/// An assessment an exemption decides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DecidedRow {
    /// The resource, by name.
    pub resource: String,
    /// Its id.
    pub resource_id: String,
    /// The recommendation's title.
    pub recommendation: String,
    /// The recommendation's key, for links.
    pub key: String,
    /// As scanned.
    pub scanned: Status,
    /// With the exemption.
    pub now: Status,
}

impl Workspace {
    /// The exemption with this id, for its page.
    pub fn exemption_view(&self, id: &str) -> Result<ExemptionView, Error> {
        let session = self.session()?;
        let ix = self
            .store
            .document()
            .exemptions
            .iter()
            .position(|r| r.exemption.id.as_deref() == Some(id))
            .and_then(|i| session.exemption_ix(i))
            .ok_or_else(|| {
                Error::not_found(
                    "no such exemption: it may have been deleted, in this tab or another",
                )
            })?;
        let e = &session.exemptions()[ix.index()];
        let env = session.environment();
        let mut row = session.exemption_row(ix);
        let linted = self.linted_rows();
        row.problems = linted.and_then(|p| p.get(ix.index()).copied());
        let targets = match &e.target {
            Target::Recommendations(keys) => keys
                .iter()
                .map(|k| {
                    env.recommendation_index(k)
                        .map_or_else(|| k.clone(), |r| env.recommendation(r).title().to_string())
                })
                .collect(),
            Target::Category(c) => vec![format!("Recommendation category: {}", category_label(c))],
            Target::Vulnerabilities(v) => vec![v.describe()],
        };
        let decision = e.governance.approval.as_ref().map(|a| {
            let verb = match a.decision {
                Decision::Approved => "Approved",
                Decision::Rejected => "Rejected",
            };
            let comment = a
                .comment
                .as_ref()
                .map_or(String::new(), |c| format!(": “{c}”"));
            format!(
                "{verb} by “{}” (recorded, not verified) on {}{comment}",
                a.by,
                shown_instant(a.on)
            )
        });
        let evaluation = session.evaluation();
        let mine: Vec<_> = env
            .assessments()
            .filter(|&a| evaluation.decided_by(a).is_some_and(|(x, _)| x == ix))
            .collect();
        let decided = mine.len() as u64;
        let resources = mine
            .into_iter()
            .take(RESOURCES_SHOWN)
            .map(|a| {
                let r = env.assessment_resource(a);
                let rec = env.recommendation(env.assessment_recommendation(a));
                DecidedRow {
                    resource: resource_label(env.resource_id(r)),
                    resource_id: env.resource_id(r).to_string(),
                    recommendation: rec.title().to_string(),
                    key: rec.key.clone(),
                    scanned: env.raw_status(a),
                    now: evaluation.status(a),
                }
            })
            .collect();
        let problems = self.linted_problems(ix.index() + 1);
        Ok(ExemptionView {
            scopes: e
                .scopes
                .iter()
                .map(|s| (s.clone(), session.scope_label(s)))
                .collect(),
            targets,
            requested_on: e.governance.requested_on.map(shown_instant),
            decision,
            effect: session.effect(ix),
            decided,
            resources,
            problems,
            history: self.history_of(id, 100).rows,
            row,
        })
    }
}
