//! Assessments grouped by the set of slots that match them.
//!
//! Which exemptions apply to an assessment depends only on which slots match
//! it, and a million assessments share far fewer distinct slot sets
//! ("signatures"). Counting assessments per signature, and signatures per
//! slot, answers every question the lifecycle review and the per-exemption
//! scores ask without ever listing (assessment, exemption) pairs: a slot's
//! members are only looked at once per signature, not once per assessment.

use super::compile::Compiled;
use crate::environment::Environment;
use crate::ids::AssessmentIx;
use crate::model::Status;
use crate::scope::{NodeId, NONE};
use rustc_hash::FxHashMap;

/// Signatures and their counts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Matching {
    /// Each assessment's signature, or `NONE` when no slot matches it (or it
    /// is Not applicable as scanned).
    pub signature_of: Vec<u32>,
    /// The slots of each signature, ascending, as one flat list.
    start: Vec<usize>,
    slots: Vec<u32>,
    /// Healthy or Unhealthy assessments with each signature.
    pub count: Vec<u32>,
    /// Of those, the Unhealthy ones.
    pub unhealthy: Vec<u32>,
    /// The signatures each slot is in, as one flat list.
    slot_start: Vec<usize>,
    slot_signatures: Vec<u32>,
}

/// Builds a [`Matching`] a slice of resources at a time, so that a caller
/// (the app's worker) can answer other requests in between.
pub(crate) struct MatchingJob {
    m: Matching,
    next: usize,
    interned: FxHashMap<Box<[u32]>, u32>,
    chain: Vec<NodeId>,
    found: Vec<u32>,
}

impl MatchingJob {
    pub fn new(env: &Environment) -> MatchingJob {
        MatchingJob {
            m: Matching {
                signature_of: vec![NONE; env.assessment_count()],
                start: vec![0],
                ..Default::default()
            },
            next: 0,
            interned: FxHashMap::default(),
            chain: Vec::new(),
            found: Vec::new(),
        }
    }

    /// Resources done and in all.
    pub fn progress(&self, env: &Environment) -> (usize, usize) {
        (self.next, env.resource_count())
    }

    /// Groups the assessments of about `budget` more assessments' worth of
    /// resources; the finished grouping once every resource is done.
    pub fn step(
        &mut self,
        env: &Environment,
        compiled: &Compiled,
        budget: usize,
    ) -> Option<Matching> {
        let mut spent = 0usize;
        while self.next < env.resource_count() && spent < budget {
            let r = self.next;
            self.next += 1;
            spent += 1 + env.assessments_of(r).len();
            self.resource(env, compiled, r);
        }
        if self.next < env.resource_count() {
            return None;
        }
        let mut m = std::mem::take(&mut self.m);
        m.index_slots(compiled.slots.len());
        Some(m)
    }

    fn resource(&mut self, env: &Environment, compiled: &Compiled, r: usize) {
        let (m, chain, found) = (&mut self.m, &mut self.chain, &mut self.found);
        compiled.chain(env, r, chain);
        if chain.is_empty() {
            return;
        }
        let cloud = env.resources.cloud[r];
        for &a in env.assessments_of(r) {
            if !env.exemptible(AssessmentIx(a)) {
                continue;
            }
            found.clear();
            compiled.matching_slots(env, chain, cloud, a as usize, |s| found.push(s));
            if found.is_empty() {
                continue;
            }
            found.sort_unstable();
            let sig = match self.interned.get(found.as_slice()) {
                Some(&sig) => sig,
                None => {
                    // A signature is first seen on an assessment, so there
                    // are no more of them than assessments: 32 bits.
                    let sig = AssessmentIx::at(m.count.len()).0;
                    self.interned.insert(found.as_slice().into(), sig);
                    m.slots.extend_from_slice(found);
                    m.start.push(m.slots.len());
                    m.count.push(0);
                    m.unhealthy.push(0);
                    sig
                }
            };
            m.signature_of[a as usize] = sig;
            m.count[sig as usize] += 1;
            // Not Healthy: Unhealthy, or exempt in Azure with its real status
            // unknown, which no finding may call healthy.
            if env.assessments.status[a as usize] != Status::Healthy {
                m.unhealthy[sig as usize] += 1;
            }
        }
    }
}

impl Matching {
    fn index_slots(&mut self, slots: usize) {
        let mut start = vec![0usize; slots + 1];
        for &s in &self.slots {
            start[s as usize + 1] += 1;
        }
        for i in 0..slots {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut list = vec![0u32; self.slots.len()];
        for sig in 0..self.count.len() {
            let sig32 = AssessmentIx::at(sig).0;
            for &s in self.slots_of(sig) {
                list[fill[s as usize]] = sig32;
                fill[s as usize] += 1;
            }
        }
        self.slot_start = start;
        self.slot_signatures = list;
    }

    /// How many signatures there are.
    pub fn len(&self) -> usize {
        self.count.len()
    }

    /// The slots of signature `sig`, ascending.
    pub fn slots_of(&self, sig: usize) -> &[u32] {
        &self.slots[self.start[sig]..self.start[sig + 1]]
    }

    /// The signatures slot `slot` is in.
    pub fn signatures_of(&self, slot: u32) -> &[u32] {
        let s = slot as usize;
        &self.slot_signatures[self.slot_start[s]..self.slot_start[s + 1]]
    }
}
