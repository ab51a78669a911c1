//! The matching rules written as plainly as possible: every assessment against
//! every exemption, comparing id strings.
//!
//! This is the executable form of the contract in the README. Tests check the
//! indexed engine in [`crate::evaluate`] against it on random inputs, and the
//! benchmark measures how much faster the engine is than this loop.

use crate::environment::Environment;
use crate::exemption::{Exemption, Target};
use crate::model::{ExemptionCategory, Status};
use crate::scope::{classify, segments, ScopeKind};
use chrono::{DateTime, Utc};

/// Whether exemption `e` applies to assessment `a` at `at`.
pub fn applies(env: &Environment, e: &Exemption, a: usize, at: DateTime<Utc>) -> bool {
    let r = env.assessment_resource(a);
    e.is_active(at)
        && env.resource_cloud(r) == e.cloud
        && targets(env, e, env.assessment_recommendation(a))
        && e.scopes.iter().any(|s| covers(env, s, r))
}

/// Whether `e` targets recommendation `k`: by key, or by one of its categories.
pub fn targets(env: &Environment, e: &Exemption, k: usize) -> bool {
    let rec = &env.recommendations()[k];
    match &e.target {
        Target::Recommendations(keys) => keys
            .iter()
            .any(|key| key.trim().eq_ignore_ascii_case(&rec.key)),
        Target::Category(c) => rec
            .categories
            .iter()
            .any(|&i| env.categories()[i as usize].eq_ignore_ascii_case(c.trim())),
    }
}

/// Whether `scope` covers resource `r`: by id prefix at a `/` boundary, or as
/// a management group above the resource's subscription.
pub fn covers(env: &Environment, scope: &str, r: usize) -> bool {
    match classify(scope) {
        Some(ScopeKind::ManagementGroup(name)) => env.resource_subscription(r).is_some_and(|s| {
            env.subscriptions()[s]
                .management_groups
                .iter()
                .any(|&g| env.management_groups()[g].name.eq_ignore_ascii_case(&name))
        }),
        Some(ScopeKind::Subscription) => id_covers(scope, env.resource_id(r)),
        None => false,
    }
}

/// Whether resource id `id` equals `scope` or continues it at a `/`,
/// segment by segment and without regard to case; empty segments (a leading,
/// doubled or trailing `/`) do not count.
pub fn id_covers(scope: &str, id: &str) -> bool {
    let mut ids = segments(id);
    segments(scope).all(|s| ids.next().is_some_and(|i| i.eq_ignore_ascii_case(s)))
}

/// The deciding exemption of assessment `a`: Healthy and Unhealthy ones only;
/// Mitigated wins over Waiver, then the first in list order.
pub fn decide(
    env: &Environment,
    exemptions: &[Exemption],
    a: usize,
    at: DateTime<Utc>,
) -> Option<(usize, ExemptionCategory)> {
    if env.raw_status(a) == Status::NotApplicable {
        return None;
    }
    exemptions
        .iter()
        .enumerate()
        .filter(|(_, e)| applies(env, e, a, at))
        .map(|(i, e)| (e.category, i))
        .min()
        .map(|(c, i)| (i, c))
}

/// [`decide`] for every assessment in `assessments`.
pub fn decide_all(
    env: &Environment,
    exemptions: &[Exemption],
    assessments: impl Iterator<Item = usize>,
    at: DateTime<Utc>,
) -> Vec<Option<(usize, ExemptionCategory)>> {
    assessments
        .map(|a| decide(env, exemptions, a, at))
        .collect()
}
