//! Per-recommendation counts over a set of resources, for lists and pickers.

use crate::environment::ranges::ResourceRanges;
use crate::environment::Environment;
use crate::model::{Cloud, Status};
use serde::{Deserialize, Serialize};

/// How many resources are in each state for one recommendation. A resource
/// has at most one assessment per recommendation, so these are also
/// assessment counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Healthy resources.
    pub healthy: u32,
    /// Unhealthy resources.
    pub unhealthy: u32,
    /// Not applicable resources.
    pub not_applicable: u32,
}

impl Counts {
    /// All resources assessed.
    pub fn total(&self) -> u64 {
        u64::from(self.healthy) + u64::from(self.unhealthy) + u64::from(self.not_applicable)
    }

    fn add(&mut self, s: Status) {
        // At most one per assessment, and assessments fit 32 bits.
        match s {
            Status::Healthy => self.healthy += 1,
            Status::Unhealthy => self.unhealthy += 1,
            Status::NotApplicable => self.not_applicable += 1,
        }
    }
}

/// Counts per recommendation (in [`Environment::recommendations`] order)
/// over the resources in `ranges` of `cloud` (all clouds when `None`), with
/// the given statuses.
pub(crate) fn recommendation_counts(
    env: &Environment,
    statuses: &[Status],
    ranges: &ResourceRanges,
    cloud: Option<Cloud>,
) -> Vec<Counts> {
    let mut counts = vec![Counts::default(); env.recommendations.len()];
    for range in &ranges.0 {
        for r in range.clone() {
            if cloud.is_some_and(|c| env.resources.cloud[r] != c) {
                continue;
            }
            for &a in env.assessments_of(r) {
                counts[env.assessments.key[a as usize] as usize].add(statuses[a as usize]);
            }
        }
    }
    counts
}

/// Every resource, as one range.
pub(crate) fn everything(env: &Environment) -> ResourceRanges {
    ResourceRanges::all(env.resource_count())
}
