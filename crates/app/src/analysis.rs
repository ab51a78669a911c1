//! Numbers derived from the environment and the exemptions, recomputed only
//! when either changes.

use crate::data::World;
use chrono::{DateTime, Utc};
use exempt_core::document::Record;
use exempt_core::{evaluate, Evaluation, Exemption, Posture};

/// An evaluation of the current exemptions.
pub struct Analysis {
    /// The exemptions, in order.
    pub exemptions: Vec<Exemption>,
    /// Effective statuses and deciders.
    pub evaluation: Evaluation,
    /// The posture with exemptions.
    pub posture: Posture,
}

impl Analysis {
    /// Evaluates `records` on `world` at `at`.
    pub fn new(world: &World, records: &[Record], at: DateTime<Utc>) -> Analysis {
        let exemptions: Vec<Exemption> = records.iter().map(|r| r.exemption.clone()).collect();
        let evaluation = evaluate(&world.env, &exemptions, at);
        let posture = Posture::compute(&world.env, evaluation.statuses());
        Analysis {
            exemptions,
            evaluation,
            posture,
        }
    }
}

impl PartialEq for Analysis {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
