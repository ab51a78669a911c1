//! The findings, from slots and signatures.
//!
//! Per slot, the signatures that contain it give its matched, unhealthy and
//! overridden counts; because every exemption reaches an assessment through
//! exactly one of its slots, an exemption's counts are sums over its slots.
//! Redundancy is decided per class of exemptions with the same slots: one
//! exemption covers another when it is a member of every signature the other
//! is, so candidates are walked in list order from the signature with the
//! fewest members, and the first that covers ends the walk.

use super::Finding;
use crate::evaluate::compile::Compiled;
use crate::evaluate::matching::Matching;
use crate::evaluate::{Evaluation, WAIVER_BIT};
use crate::exemption::Exemption;
use crate::ids::ExemptionIx;
use crate::model::ExemptionCategory;
use crate::scope::NONE;
use chrono::Duration;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Per-slot totals over the signatures that contain each slot.
struct SlotTotals {
    hits: Vec<u64>,
    unhealthy: Vec<u64>,
    /// Assessments where a mitigation applies too (and so wins).
    mitigated_wins: Vec<u64>,
    /// The first mitigating exemption that wins there.
    first_mitigation: Vec<u32>,
}

fn slot_totals(compiled: &Compiled, matching: &Matching) -> SlotTotals {
    let n = compiled.slots.len();
    let mut t = SlotTotals {
        hits: vec![0; n],
        unhealthy: vec![0; n],
        mitigated_wins: vec![0; n],
        first_mitigation: vec![NONE; n],
    };
    for sig in 0..matching.len() {
        let slots = matching.slots_of(sig);
        let best = slots
            .iter()
            .map(|&s| compiled.slots[s as usize].best)
            .min()
            .unwrap_or(NONE);
        let mitigated = best != NONE && best & WAIVER_BIT == 0;
        let count = u64::from(matching.count[sig]);
        let unhealthy = u64::from(matching.unhealthy[sig]);
        for &s in slots {
            let s = s as usize;
            t.hits[s] += count;
            t.unhealthy[s] += unhealthy;
            if mitigated {
                t.mitigated_wins[s] += count;
                t.first_mitigation[s] = t.first_mitigation[s].min(best);
            }
        }
    }
    t
}

/// The findings, computed a slice of classes at a time.
pub(crate) struct FindingsJob {
    totals: SlotTotals,
    applied: Vec<u64>,
    coverage: Coverage,
}

impl FindingsJob {
    pub fn new(list: &[Arc<Exemption>], compiled: &Compiled, matching: &Matching) -> FindingsJob {
        let totals = slot_totals(compiled, matching);
        let applied: Vec<u64> = (0..list.len())
            .map(|e| sum(compiled, e, &totals.hits))
            .collect();
        let coverage = Coverage::new(list, compiled, matching, &applied);
        FindingsJob {
            totals,
            applied,
            coverage,
        }
    }

    /// Classes done and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.coverage.next, self.coverage.classes.len())
    }

    /// Decides about `budget` more classes of exemptions; the findings once
    /// every class is decided.
    pub fn step(
        &mut self,
        list: &[Arc<Exemption>],
        compiled: &Compiled,
        matching: &Matching,
        evaluation: &Evaluation,
        window: Duration,
        budget: usize,
    ) -> Option<Vec<Finding>> {
        let mut spent = 0;
        while self.coverage.next < self.coverage.classes.len() && spent < budget {
            spent += self
                .coverage
                .decide_next(list, compiled, matching, &self.applied);
        }
        if self.coverage.next < self.coverage.classes.len() {
            return None;
        }
        Some(self.finish(list, compiled, evaluation, window))
    }

    fn finish(
        &self,
        list: &[Arc<Exemption>],
        compiled: &Compiled,
        evaluation: &Evaluation,
        window: Duration,
    ) -> Vec<Finding> {
        let at = evaluation.at;
        let (totals, applied, covered) = (&self.totals, &self.applied, &self.coverage);
        let mut findings = Vec::new();
        for (i, e) in list.iter().enumerate() {
            let ix = ExemptionIx::at(i);
            if !e.is_active(at) {
                findings.push(Finding::Expired { exemption: ix });
                continue;
            }
            // Pending or rejected: it decides nothing, by decision rather
            // than by fault, so none of the findings below is about it.
            if !compiled.active[i] {
                continue;
            }
            if let Some(exp) = e.expires_on {
                if exp - at <= window {
                    let days = ((exp - at).num_seconds() + 86_399) / 86_400;
                    findings.push(Finding::Expiring {
                        exemption: ix,
                        days,
                    });
                }
            }
            // A Vulnerabilities condition decides findings, which the
            // signatures do not hold: it is unused when it matched none,
            // and the findings below, about assessments, are not about it.
            if matches!(e.target, crate::exemption::Target::Vulnerabilities(_)) {
                if !evaluation.outcome(ix).matched {
                    findings.push(Finding::Unused { exemption: ix });
                }
                continue;
            }
            if applied[i] == 0 {
                findings.push(Finding::Unused { exemption: ix });
                continue;
            }
            if sum(compiled, i, &totals.unhealthy) == 0 {
                findings.push(Finding::AllHealthy {
                    exemption: ix,
                    waiver: e.category == ExemptionCategory::Waiver,
                });
            }
            if let Some(by) = covered.covered_by(i) {
                findings.push(Finding::Redundant {
                    exemption: ix,
                    covered_by: ExemptionIx::at(by as usize),
                });
            }
            if e.category == ExemptionCategory::Waiver {
                let wins = sum(compiled, i, &totals.mitigated_wins);
                let first = compiled.exemption_slots[i]
                    .iter()
                    .map(|&s| totals.first_mitigation[s as usize])
                    .min()
                    .unwrap_or(NONE);
                if wins > 0 && first != NONE {
                    findings.push(Finding::Conflict {
                        mitigated: ExemptionIx(first),
                        waiver: ix,
                        assessments: usize::try_from(wins).unwrap_or(usize::MAX),
                    });
                }
            }
        }
        // Stable: an exemption's findings stay together, in the order above.
        findings.sort_by_key(|f| f.exemptions().into_iter().min());
        findings
    }
}

/// An exemption's total of a per-slot count: exact, because it reaches an
/// assessment through one of its slots only.
fn sum(compiled: &Compiled, e: usize, of: &[u64]) -> u64 {
    compiled.exemption_slots[e]
        .iter()
        .map(|&s| of[s as usize])
        .sum()
}

/// Which exemption covers which, decided once per class of exemptions with
/// the same slots.
struct Coverage {
    /// Per exemption, its class (exemptions with no slots have none).
    class_of: Vec<u32>,
    /// Each class's slots and members, in list order.
    classes: Vec<(Vec<u32>, Vec<u32>)>,
    /// The next class to decide.
    next: usize,
    /// Per class and category: the class's first member, the first outside
    /// exemption that covers it with more assessments, and the first that
    /// covers it with exactly the same ones.
    answers: FxHashMap<(u32, bool), Answer>,
    /// Per exemption, whether it is a waiver.
    waiver: Vec<bool>,
    sig_stamp: Vec<u32>,
    slot_stamp: Vec<u32>,
    sigs: Vec<u32>,
}

#[derive(Clone, Copy)]
struct Answer {
    first_member: u32,
    wider: u32,
    same: u32,
}

impl Coverage {
    fn new(
        list: &[Arc<Exemption>],
        compiled: &Compiled,
        matching: &Matching,
        applied: &[u64],
    ) -> Self {
        let mut class_index: FxHashMap<Vec<u32>, u32> = FxHashMap::default();
        let mut class_of = vec![NONE; list.len()];
        let mut classes: Vec<(Vec<u32>, Vec<u32>)> = Vec::new();
        for (i, slots) in compiled.exemption_slots.iter().enumerate() {
            if slots.is_empty() || applied[i] == 0 {
                continue;
            }
            let mut key = slots.clone();
            key.sort_unstable();
            // Classes are at most exemptions, whose positions fit 31 bits.
            let next = ExemptionIx::at(classes.len()).0;
            let c = *class_index.entry(key.clone()).or_insert_with(|| {
                classes.push((key, Vec::new()));
                next
            });
            class_of[i] = c;
            classes[c as usize].1.push(ExemptionIx::at(i).0);
        }
        Coverage {
            class_of,
            classes,
            next: 0,
            answers: FxHashMap::default(),
            waiver: list
                .iter()
                .map(|e| e.category == ExemptionCategory::Waiver)
                .collect(),
            sig_stamp: vec![NONE; matching.len()],
            slot_stamp: vec![NONE; compiled.slots.len()],
            sigs: Vec::new(),
        }
    }

    /// Decides the next class; returns the work it took, in signatures and
    /// candidates looked at.
    fn decide_next(
        &mut self,
        list: &[Arc<Exemption>],
        compiled: &Compiled,
        matching: &Matching,
        applied: &[u64],
    ) -> usize {
        let c = self.next;
        self.next += 1;
        let c32 = ExemptionIx::at(c).0;
        let (slots, members) = (&self.classes[c].0, &self.classes[c].1);
        let mut work = 1;
        self.sigs.clear();
        for &s in slots {
            for &sig in matching.signatures_of(s) {
                if self.sig_stamp[sig as usize] != c32 {
                    self.sig_stamp[sig as usize] = c32;
                    self.sigs.push(sig);
                }
            }
        }
        work += self.sigs.len();
        let my_applied = applied[members[0] as usize];
        for waiver in [false, true] {
            let Some(first_member) = members
                .iter()
                .copied()
                .find(|&m| (list[m as usize].category == ExemptionCategory::Waiver) == waiver)
            else {
                continue;
            };
            let members_of = |slot: u32| {
                let s = &compiled.slots[slot as usize];
                if waiver {
                    &s.waivers
                } else {
                    &s.mitigated
                }
            };
            // The signature with the fewest candidates bounds the walk.
            let Some(&narrowest) = self.sigs.iter().min_by_key(|&&sig| {
                matching
                    .slots_of(sig as usize)
                    .iter()
                    .map(|&t| members_of(t).len())
                    .sum::<usize>()
            }) else {
                continue;
            };
            let lists: Vec<&[u32]> = matching
                .slots_of(narrowest as usize)
                .iter()
                .map(|&t| members_of(t).as_slice())
                .collect();
            let mut answer = Answer {
                first_member,
                wider: NONE,
                same: NONE,
            };
            for o in merged(&lists) {
                work += 1;
                if self.class_of[o as usize] == c32 {
                    continue;
                }
                for &t in &compiled.exemption_slots[o as usize] {
                    self.slot_stamp[t as usize] = o;
                }
                let stamp = &self.slot_stamp;
                let covers = self.sigs.iter().all(|&sig| {
                    matching
                        .slots_of(sig as usize)
                        .iter()
                        .any(|&t| stamp[t as usize] == o)
                });
                if !covers {
                    continue;
                }
                if applied[o as usize] > my_applied {
                    answer.wider = answer.wider.min(o);
                } else {
                    answer.same = answer.same.min(o);
                }
                // Later candidates cannot beat a wider cover already found.
                if answer.wider != NONE {
                    break;
                }
            }
            self.answers.insert((c32, waiver), answer);
        }
        work
    }

    /// The first exemption in list order that makes `i` redundant.
    fn covered_by(&self, i: usize) -> Option<u32> {
        let class = self.class_of[i];
        if class == NONE {
            return None;
        }
        let me = u32::try_from(i).ok()?;
        let answer = self.answers.get(&(class, self.waiver[i]))?;
        let mut best = answer.wider;
        if answer.same < me {
            best = best.min(answer.same);
        }
        if answer.first_member < me {
            best = best.min(answer.first_member);
        }
        (best != NONE).then_some(best)
    }
}

/// The union of ascending lists, ascending and without repeats.
fn merged<'a>(lists: &'a [&'a [u32]]) -> impl Iterator<Item = u32> + 'a {
    let mut at = vec![0usize; lists.len()];
    let mut last = None;
    std::iter::from_fn(move || loop {
        let (i, &v) = lists
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.get(at[i]).map(|v| (i, v)))
            .min_by_key(|&(_, v)| *v)?;
        at[i] += 1;
        if last != Some(v) {
            last = Some(v);
            return Some(v);
        }
    })
}
