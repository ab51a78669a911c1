//! Per-recommendation counts over a set of resources, for lists and pickers.

use crate::environment::Environment;
use crate::model::{Cloud, Status};
use serde::Serialize;
use std::ops::Range;

/// How many resources are in each state for one recommendation. A resource
/// has at most one assessment per recommendation, so these are also
/// assessment counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
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
    pub fn total(&self) -> u32 {
        self.healthy + self.unhealthy + self.not_applicable
    }
}

/// Counts per recommendation (indexed like [`Environment::recommendations`])
/// over the resources in `ranges` of `cloud` (all clouds when `None`), with
/// the given statuses.
pub fn recommendation_counts(
    env: &Environment,
    statuses: &[Status],
    ranges: &[Range<usize>],
    cloud: Option<Cloud>,
) -> Vec<Counts> {
    let mut counts = vec![Counts::default(); env.recommendations().len()];
    for range in ranges {
        for r in range.clone() {
            if cloud.is_some_and(|c| env.resource_cloud(r) != c) {
                continue;
            }
            for &a in env.resource_assessments(r) {
                let c = &mut counts[env.assessment_recommendation(a as usize)];
                match statuses[a as usize] {
                    Status::Healthy => c.healthy += 1,
                    Status::Unhealthy => c.unhealthy += 1,
                    Status::NotApplicable => c.not_applicable += 1,
                }
            }
        }
    }
    counts
}

/// Every resource, as a list of one range.
pub fn everything(env: &Environment) -> Vec<Range<usize>> {
    let all = 0..env.resource_count();
    vec![all]
}

/// Which clouds each recommendation has assessments in (indexed like
/// [`Environment::recommendations`]).
pub fn recommendation_clouds(env: &Environment) -> Vec<Vec<Cloud>> {
    let mut clouds: Vec<Vec<Cloud>> = vec![Vec::new(); env.recommendations().len()];
    for r in 0..env.resource_count() {
        let cloud = env.resource_cloud(r);
        for &a in env.resource_assessments(r) {
            let list = &mut clouds[env.assessment_recommendation(a as usize)];
            if !list.contains(&cloud) {
                list.push(cloud);
            }
        }
    }
    clouds
}
