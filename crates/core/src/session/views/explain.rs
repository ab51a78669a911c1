//! "Why is this exempt?" as the page shows it: each exemption's verdict in
//! words, with scope names.

use crate::error::Error;
use crate::ids::{AssessmentIx, ExemptionIx};
use crate::model::{ExemptionCategory, Status};
use crate::session::Session;
use serde::{Deserialize, Serialize};

/// One assessment's explanation, ready to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplainView {
    /// The assessment's row id.
    pub assessment: String,
    /// The resource id.
    pub resource: String,
    /// The recommendation's title.
    pub recommendation: String,
    /// As scanned.
    pub raw_status: Status,
    /// After exemptions.
    pub status: Status,
    /// Why it decides (or why none does), in words.
    pub reason: String,
    /// Every exemption, in list order.
    pub candidates: Vec<CandidateView>,
}

/// One exemption's verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CandidateView {
    /// The exemption.
    pub exemption: ExemptionIx,
    /// Its id, for links.
    pub id: Option<String>,
    /// Its name.
    pub name: String,
    /// Mitigated or waiver.
    pub category: ExemptionCategory,
    /// Whether it applies.
    pub applies: bool,
    /// The covering scope, when it applies.
    pub scope: Option<String>,
    /// That scope's name.
    pub scope_label: Option<String>,
    /// How it covers, or why it does not apply, in words.
    pub how: String,
    /// Whether it decides the status.
    pub decides: bool,
}

impl Session {
    /// Why assessment `a` has its status, ready to show.
    pub fn explain_view(&self, a: AssessmentIx) -> Result<ExplainView, Error> {
        let x = self.explain(a)?;
        let list = self.exemptions();
        Ok(ExplainView {
            candidates: x
                .candidates
                .iter()
                .map(|c| CandidateView {
                    exemption: c.index,
                    id: list[c.index.index()].id.clone(),
                    name: c.name.clone(),
                    category: c.category,
                    applies: c.applies.is_some(),
                    scope: c.applies.as_ref().map(|(s, _)| s.clone()),
                    scope_label: c.applies.as_ref().map(|(s, _)| self.scope_label(s)),
                    how: match (&c.applies, &c.miss) {
                        (Some((_, how)), _) => how.describe(),
                        (_, Some(miss)) => miss.describe(),
                        _ => String::new(),
                    },
                    decides: x.decider == Some(c.index),
                })
                .collect(),
            assessment: x.assessment,
            resource: x.resource,
            recommendation: x.recommendation,
            raw_status: x.raw_status,
            status: x.status,
            reason: x.reason,
        })
    }
}
