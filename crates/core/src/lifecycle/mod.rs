//! Keeping exemptions honest over time: overlaps and conflicts, exemptions
//! that no longer do anything, expiry, and what each one is worth to the
//! score.
//!
//! Both [`review`] and [`contributions`] work from the compiled slots and the
//! assessments grouped by matching slots ([`crate::evaluate::matching`]), so
//! their cost grows with assessments plus distinct slot sets, not with
//! assessments × exemptions.

mod contributions;
mod review;

pub use contributions::Contributions;
pub(crate) use contributions::{cloud_slot, WorthJob};
pub(crate) use review::FindingsJob;

use crate::exemption::Exemption;
use crate::ids::ExemptionIx;
use serde::Serialize;
use std::sync::Arc;

/// Something about an exemption that deserves a look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Finding {
    /// Active, but applies to no Healthy or Unhealthy assessment.
    Unused {
        /// The exemption.
        exemption: ExemptionIx,
    },
    /// Every assessment it applies to is Healthy without it: nothing is left
    /// to mitigate, and a waiver there lowers the score by removing healthy
    /// resources.
    AllHealthy {
        /// The exemption.
        exemption: ExemptionIx,
        /// Whether it is a waiver (which lowers the score).
        waiver: bool,
    },
    /// Another exemption of the same category applies to every assessment
    /// this one applies to: removing this one changes nothing. When two apply
    /// to exactly the same assessments, the later one is the redundant one.
    Redundant {
        /// The redundant exemption.
        exemption: ExemptionIx,
        /// The first exemption in list order that covers it.
        covered_by: ExemptionIx,
    },
    /// A Waiver applies where Mitigated exemptions also apply and win.
    Conflict {
        /// The first mitigating exemption in order that wins over it.
        mitigated: ExemptionIx,
        /// The waiver.
        waiver: ExemptionIx,
        /// Assessments where a mitigation wins over the waiver.
        assessments: usize,
    },
    /// Past its expiry.
    Expired {
        /// The exemption.
        exemption: ExemptionIx,
    },
    /// Expires within the window given to the review.
    Expiring {
        /// The exemption.
        exemption: ExemptionIx,
        /// Days left, rounded up.
        days: i64,
    },
}

impl Finding {
    /// The exemptions it concerns (for a conflict, the mitigation first).
    pub fn exemptions(&self) -> Vec<ExemptionIx> {
        match *self {
            Finding::Unused { exemption }
            | Finding::AllHealthy { exemption, .. }
            | Finding::Expired { exemption }
            | Finding::Expiring { exemption, .. } => vec![exemption],
            Finding::Redundant {
                exemption,
                covered_by,
            } => vec![exemption, covered_by],
            Finding::Conflict {
                mitigated, waiver, ..
            } => vec![mitigated, waiver],
        }
    }

    /// The exemption the finding is about: for a conflict, the waiver.
    pub fn subject(&self) -> ExemptionIx {
        match *self {
            Finding::Conflict { waiver, .. } => waiver,
            _ => self.exemptions()[0],
        }
    }

    /// The report's name of its kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Finding::Unused { .. } => "unused",
            Finding::AllHealthy { .. } => "allHealthy",
            Finding::Redundant { .. } => "redundant",
            Finding::Conflict { .. } => "conflict",
            Finding::Expired { .. } => "expired",
            Finding::Expiring { .. } => "expiring",
        }
    }

    /// In words, naming the exemptions.
    pub fn describe(&self, list: &[Arc<Exemption>]) -> String {
        let n = |i: ExemptionIx| format!("“{}”", crate::text::quote(&list[i.index()].name));
        match *self {
            Finding::Unused { exemption }
                if matches!(list[exemption.index()].target, crate::exemption::Target::Vulnerabilities(_)) =>
            {
                format!("{} matches no Unhealthy vulnerability finding of an Unhealthy assessment in its scopes.", n(exemption))
            }
            Finding::Unused { exemption } => format!("{} applies to no healthy or unhealthy assessment.", n(exemption)),
            Finding::AllHealthy { exemption, waiver: true } => format!(
                "{} only covers assessments that are healthy without it: as a waiver it lowers the secure score by removing healthy resources.",
                n(exemption)
            ),
            Finding::AllHealthy { exemption, waiver: false } => {
                format!("{} only covers assessments that are healthy without it: nothing is left to mitigate.", n(exemption))
            }
            Finding::Redundant { exemption, covered_by } => {
                format!("{} is redundant: {} already covers every assessment it applies to.", n(exemption), n(covered_by))
            }
            Finding::Conflict { mitigated, waiver, assessments } => format!(
                "{} (Mitigated) and {} (Waiver) both apply to {assessments} assessment{}; the mitigation wins there.",
                n(mitigated),
                n(waiver),
                if assessments == 1 { "" } else { "s" }
            ),
            Finding::Expired { exemption } => format!("{} has expired.", n(exemption)),
            Finding::Expiring { exemption, days } => {
                format!("{} expires in {days} day{}.", n(exemption), if days == 1 { "" } else { "s" })
            }
        }
    }
}
