//! The Overview's governance panel: what waits for a decision and what it
//! would do, what expires soon, and what the records lack.

use crate::exemption::State;
use crate::fold::fold;
use crate::session::{Session, EXPIRY_WINDOW_DAYS};
use serde::{Deserialize, Serialize};

/// What the governance panel shows.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GovernanceView {
    /// Exemptions waiting for approval.
    pub pending: usize,
    /// Their effect together if approved: the overall score with them
    /// approved minus the score now, in percentage points.
    pub pending_effect: f64,
    /// The oldest waiting request (RFC 3339), and its exemption's name.
    pub oldest_request: Option<(String, String)>,
    /// Rejected exemptions still held.
    pub rejected: usize,
    /// In force and expiring within 30 days.
    pub expiring: usize,
    /// In force or waiting, with no expiry.
    pub no_expiry: usize,
    /// In force or waiting, naming no owner.
    pub no_owner: usize,
    /// In force or waiting, naming no ticket.
    pub no_ticket: usize,
    /// Exemptions in force or waiting per owner (as first written), most
    /// first; those with none are counted in `no_owner`.
    pub per_owner: Vec<(String, usize)>,
}

impl Session {
    /// The governance panel's figures.
    pub fn governance_view(&self) -> GovernanceView {
        let at = self.time();
        let policy = self.policy();
        let mut v = GovernanceView::default();
        let mut owners: Vec<(String, String, usize)> = Vec::new();
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
        for e in self.exemptions() {
            let state = policy.state(e, at);
            match state {
                State::Rejected => v.rejected += 1,
                State::Expired => continue,
                State::Pending => {
                    v.pending += 1;
                    if let Some(on) = e.governance.requested_on.or(e.created_on) {
                        let on = crate::exemption::instant(on);
                        if v.oldest_request.as_ref().is_none_or(|(o, _)| on < *o) {
                            v.oldest_request = Some((on, e.name.clone()));
                        }
                    }
                }
                State::Active => {
                    if e.expires_on
                        .is_some_and(|x| x - at <= chrono::Duration::days(EXPIRY_WINDOW_DAYS))
                    {
                        v.expiring += 1;
                    }
                }
            }
            if state == State::Rejected {
                continue;
            }
            v.no_expiry += usize::from(e.expires_on.is_none());
            v.no_ticket += usize::from(blank(&e.governance.ticket));
            match e
                .governance
                .owner
                .as_deref()
                .map(str::trim)
                .filter(|o| !o.is_empty())
            {
                None => v.no_owner += 1,
                Some(owner) => {
                    let key = fold(owner).into_owned();
                    match owners.iter_mut().find(|(k, _, _)| *k == key) {
                        Some(o) => o.2 += 1,
                        None => owners.push((key, owner.to_string(), 1)),
                    }
                }
            }
        }
        if let Some((_, approved)) = self.score_if_approved() {
            v.pending_effect = (approved.percentage - self.score().percentage) * 100.0;
        }
        owners.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        v.per_owner = owners.into_iter().map(|(_, name, n)| (name, n)).collect();
        v
    }

    /// The overall score `list` would give, judged as the session judges
    /// its own: for previews of changes to several exemptions at once.
    pub fn score_with(
        &self,
        list: &[std::sync::Arc<crate::exemption::Exemption>],
    ) -> Result<crate::score::Score, crate::Error> {
        let current =
            super::super::Current::new(self.environment(), list, self.time(), self.policy())?;
        Ok(current.posture.overall())
    }
}
