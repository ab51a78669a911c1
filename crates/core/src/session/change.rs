//! A new list that differs from the held one by one exemption inserted or
//! removed (Create, Delete, Undo), found so that only the resources that
//! exemption's scopes cover are decided again.

use super::{decides_alike, Current};
use crate::environment::Environment;
use crate::error::Error;
use crate::evaluate::change::{evaluate_change, Change};
use crate::evaluate::compile::Compiled;
use crate::exemption::{Exemption, Policy};
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// Where `new` differs from `old` by one exemption inserted or removed,
/// every other deciding alike, and that exemption.
pub(super) fn one_change<'a>(
    old: &'a [Arc<Exemption>],
    new: &'a [Arc<Exemption>],
) -> Option<(Change, &'a Exemption)> {
    let (long, short) = if new.len() == old.len() + 1 {
        (new, old)
    } else if old.len() == new.len() + 1 {
        (old, new)
    } else {
        return None;
    };
    let k = (0..short.len())
        .find(|&i| !Arc::ptr_eq(&long[i], &short[i]) && !decides_alike(&long[i], &short[i]))
        .unwrap_or(short.len());
    let rest_alike = long[k + 1..]
        .iter()
        .zip(&short[k..])
        .all(|(a, b)| Arc::ptr_eq(a, b) || decides_alike(a, b));
    if !rest_alike {
        return None;
    }
    let change = if new.len() > old.len() {
        Change::Inserted(k)
    } else {
        Change::Removed(k)
    };
    Some((change, &long[k]))
}

impl Current {
    /// `before` with one exemption inserted or removed, as `list` now
    /// holds: compiled again, then decided and scored again only under the
    /// changed exemption's scopes.
    pub(super) fn changed(
        env: &Environment,
        list: &[Arc<Exemption>],
        at: DateTime<Utc>,
        policy: &Policy,
        before: &Current,
        (change, exemption): (Change, &Exemption),
    ) -> Result<Current, Error> {
        let compiled = Compiled::new(env, list, at, policy)?;
        let ranges = env.scopes_resources(&exemption.scopes);
        let mut evaluation = evaluate_change(env, &compiled, &before.evaluation, change, &ranges.0);
        evaluation.at = at;
        let mut posture = before.posture.clone();
        posture.update(
            env,
            &ranges.0,
            before.evaluation.statuses(),
            evaluation.statuses(),
        );
        Ok(Current {
            compiled,
            evaluation,
            posture,
        })
    }
}
