//! One exemption inserted or removed, answered without deciding every
//! assessment again: an exemption decides only assessments under its
//! scopes, so only those resources are decided again; every other
//! assessment keeps its decision, renumbered for the positions that moved.
//! Whether an exemption matches anything does not depend on the others, so
//! only the changed one's is looked up. The property tests check the
//! result against a full evaluation.

use super::compile::Compiled;
use super::findings::Scratch;
use super::{decide_with_findings, unpack, Decision, Evaluation, ExemptionOutcome, WAIVER_BIT};
use crate::environment::Environment;
use crate::scope::{NodeId, NONE};
use std::ops::Range;

/// Where the list changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    /// A new exemption at this position.
    Inserted(usize),
    /// The exemption at this position is gone.
    Removed(usize),
}

/// A decision's exemption moved to its new position; the removed one's
/// decisions become none (they are all decided again).
fn renumber(d: Decision, change: Change) -> Decision {
    if d == NONE {
        return d;
    }
    let (index, waiver) = (d & !WAIVER_BIT, d & WAIVER_BIT);
    // Positions fit: the list was checked against MAX_EXEMPTIONS.
    let k = match change {
        Change::Inserted(k) | Change::Removed(k) => u32::try_from(k).unwrap_or(NONE),
    };
    match change {
        Change::Inserted(_) if index >= k => (index + 1) | waiver,
        Change::Removed(_) if index == k => NONE,
        Change::Removed(_) if index > k => (index - 1) | waiver,
        _ => d,
    }
}

/// `before` with `change` applied, under the exemptions compiled after it;
/// `ranges` are the resources the changed exemption's scopes cover.
pub(crate) fn evaluate_change(
    env: &Environment,
    compiled: &Compiled,
    before: &Evaluation,
    change: Change,
    ranges: &[Range<usize>],
) -> Evaluation {
    let mut decision: Vec<Decision> = before
        .decision
        .iter()
        .map(|&d| renumber(d, change))
        .collect();
    let mut counts: Vec<ExemptionOutcome> = before.outcomes.clone();
    match change {
        Change::Inserted(k) => counts.insert(k, ExemptionOutcome::default()),
        Change::Removed(k) => {
            counts.remove(k);
        }
    }
    let mut outcomes: Vec<ExemptionOutcome> = compiled
        .active
        .iter()
        .zip(&compiled.unknown)
        .zip(counts)
        .map(|((&active, unknown), was)| ExemptionOutcome {
            active,
            unknown_scopes: unknown.scopes.clone(),
            unknown_targets: unknown.targets.clone(),
            ..was
        })
        .collect();
    let mut finding_decision: Vec<Decision> = before
        .finding_decision
        .iter()
        .map(|&d| renumber(d, change))
        .collect();
    let mut scratch = Scratch::new(outcomes.len());
    let mut status = before.status.clone();
    let mut chain: Vec<NodeId> = Vec::new();
    let mut hit = vec![false; compiled.slots.len()];
    let (mut old, mut new): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
    let raw = &env.assessments.status;
    for r in ranges.iter().flat_map(Clone::clone) {
        compiled.chain(env, r, &mut chain);
        let cloud = env.resources.cloud[r];
        old.clear();
        new.clear();
        for &a in env.assessments_of(r) {
            let a = a as usize;
            if let Some((e, _)) = unpack(decision[a]) {
                outcomes[e.index()].decided -= 1;
                if !old.contains(&e.0) {
                    old.push(e.0);
                }
            }
            decision[a] = NONE;
            status[a] = raw[a];
            for f in env.findings.of(a) {
                if let Some((e, _)) = unpack(finding_decision[f]) {
                    outcomes[e.index()].findings -= 1;
                }
                finding_decision[f] = NONE;
            }
            if chain.is_empty() {
                continue;
            }
            let best = decide_with_findings(
                env,
                compiled,
                (&chain, cloud, a),
                &mut hit,
                &mut finding_decision,
                &mut scratch,
            );
            for f in env.findings.of(a) {
                if let Some((e, _)) = unpack(finding_decision[f]) {
                    outcomes[e.index()].findings += 1;
                }
            }
            if let Some((e, category)) = unpack(best) {
                decision[a] = best;
                status[a] = category.effect();
                outcomes[e.index()].decided += 1;
                if !new.contains(&e.0) {
                    new.push(e.0);
                }
            }
        }
        for &e in &old {
            outcomes[e as usize].resources -= 1;
        }
        for &e in &new {
            outcomes[e as usize].resources += 1;
        }
    }
    if let Change::Inserted(k) = change {
        outcomes[k].matched = compiled.exemption_slots[k]
            .iter()
            .any(|&slot| hit[slot as usize])
            || scratch.hit[k];
    }
    Evaluation {
        at: before.at,
        status,
        decision,
        outcomes,
        finding_decision,
    }
}
