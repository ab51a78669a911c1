//! The secure score, in Microsoft's classic model.
//!
//! Per scoring unit (a subscription, or a security connector for AWS and GCP)
//! a resource takes part in a control only through its counted assessments
//! there: it is unhealthy in the control if any is Unhealthy, else healthy if
//! any is Healthy, else not applicable. A control scores
//! `max × healthy / (healthy + unhealthy)`, and controls with no healthy or
//! unhealthy resource are left out of the unit's current and max. Units are
//! combined weighted by how many resources are healthy or unhealthy in at
//! least one control: Microsoft describes the weighting only as linear in
//! healthy and unhealthy resources, and this is our reading of it.

use crate::environment::Environment;
use crate::ids::{ControlIx, UnitIx};
use crate::model::Status;
use serde::{Deserialize, Serialize};

/// A score: points earned, points possible, and their ratio (0..1, as the
/// Azure API returns it).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Score {
    /// Points earned.
    pub current: f64,
    /// Points possible.
    pub max: f64,
    /// `current / max`, or 0 when nothing counts.
    pub percentage: f64,
}

impl Score {
    /// This score minus `base`, in percentage points: the one measure of
    /// an exemption's effect (the score with it minus the score without
    /// it) and of the gap (with exemptions minus without), which every
    /// view, the command line and the evidence pack show. Points alone
    /// would mislead: a waiver lowers both the points and the maximum.
    pub fn effect_over(self, base: Score) -> f64 {
        (self.percentage - base.percentage) * 100.0
    }

    /// `current` of `max` points, with their ratio.
    pub fn new(current: f64, max: f64) -> Score {
        let percentage = if max > 0.0 { current / max } else { 0.0 };
        Score {
            current,
            max,
            percentage,
        }
    }
}

/// Resource counts of one control in one unit (or pooled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tally {
    /// Resources healthy in the control.
    pub healthy: u32,
    /// Resources unhealthy in the control.
    pub unhealthy: u32,
    /// Resources whose counted assessments in the control are all not applicable.
    pub not_applicable: u32,
}

impl Tally {
    /// The control's points out of `max` for these counts.
    pub fn points(&self, max: f64) -> f64 {
        let counted = self.healthy + self.unhealthy;
        if counted == 0 {
            0.0
        } else {
            max * f64::from(self.healthy) / f64::from(counted)
        }
    }

    /// Both counts together, as the Overview adds up its controls.
    pub fn plus(self, other: Tally) -> Tally {
        Tally {
            healthy: self.healthy.saturating_add(other.healthy),
            unhealthy: self.unhealthy.saturating_add(other.unhealthy),
            not_applicable: self.not_applicable.saturating_add(other.not_applicable),
        }
    }

    /// Whether the control takes part in the score.
    pub fn counts(&self) -> bool {
        self.healthy + self.unhealthy > 0
    }

    fn add(&mut self, state: u8, sign: i32) {
        let field = match state {
            HEALTHY => &mut self.healthy,
            UNHEALTHY => &mut self.unhealthy,
            NOT_APPLICABLE => &mut self.not_applicable,
            _ => return,
        };
        // A -1 only ever undoes an earlier +1 of the same resource, so this
        // stays within 0..=resources.
        *field = field.wrapping_add_signed(sign);
    }
}

const NOT_APPLICABLE: u8 = 1;
const HEALTHY: u8 = 2;
const UNHEALTHY: u8 = 3;

fn rank(s: Status) -> u8 {
    match s {
        Status::NotApplicable => NOT_APPLICABLE,
        Status::Healthy => HEALTHY,
        Status::Unhealthy => UNHEALTHY,
    }
}

/// Per-unit, per-control tallies and unit weights for one set of statuses.
#[derive(Debug, Clone, PartialEq)]
pub struct Posture {
    controls: usize,
    max_scores: Vec<f64>,
    /// `unit * controls + control`.
    tallies: Vec<Tally>,
    weights: Vec<u32>,
}

/// Scratch space for folding one resource's assessments into control states.
pub(crate) struct ResourceStates {
    state: Vec<u8>,
    touched: Vec<u32>,
}

impl ResourceStates {
    pub(crate) fn new(controls: usize) -> Self {
        ResourceStates {
            state: vec![0; controls],
            touched: Vec::new(),
        }
    }

    /// Folds resource `r`'s assessments, with status from `status_of`, into
    /// control states.
    pub(crate) fn fold(
        &mut self,
        env: &Environment,
        r: usize,
        status_of: impl Fn(usize) -> Status,
    ) {
        for &c in &self.touched {
            self.state[c as usize] = 0;
        }
        self.touched.clear();
        for &a in env.assessments_of(r) {
            let rec = &env.recommendations[env.assessments.key[a as usize] as usize];
            if !rec.counts() {
                continue;
            }
            let s = rank(status_of(a as usize));
            for &c in &rec.controls {
                let slot = &mut self.state[c.index()];
                if *slot == 0 {
                    self.touched.push(c.0);
                }
                *slot = (*slot).max(s);
            }
        }
    }

    /// Whether the resource is healthy or unhealthy in some control.
    pub(crate) fn weighs(&self) -> bool {
        self.touched
            .iter()
            .any(|&c| self.state[c as usize] >= HEALTHY)
    }

    pub(crate) fn apply(&self, posture: &mut Posture, unit: usize, sign: i32) {
        let base = unit * posture.controls;
        for &c in &self.touched {
            posture.tallies[base + c as usize].add(self.state[c as usize], sign);
        }
        if self.weighs() {
            posture.weights[unit] = posture.weights[unit].wrapping_add_signed(sign);
        }
    }
}

impl Posture {
    /// Tallies every resource of `env` with the given statuses (indexed by
    /// assessment): the raw ones, or an evaluation's.
    pub fn compute(env: &Environment, statuses: &[Status]) -> Posture {
        let controls = env.controls.len();
        let mut posture = Posture {
            controls,
            max_scores: env.controls.iter().map(|c| c.max_score).collect(),
            tallies: vec![Tally::default(); env.units.len() * controls],
            weights: vec![0; env.units.len()],
        };
        let mut scratch = ResourceStates::new(controls);
        for r in 0..env.resource_count() {
            let unit = env.resources.unit[r];
            if unit == crate::scope::NONE {
                continue;
            }
            scratch.fold(env, r, |a| statuses[a]);
            scratch.apply(&mut posture, unit as usize, 1);
        }
        posture
    }

    /// This posture with the resources in `ranges` moved from the
    /// statuses `before` to `after`: each is taken out as it was and put
    /// back as it is, so nothing outside the ranges is looked at.
    pub(crate) fn update(
        &mut self,
        env: &Environment,
        ranges: &[std::ops::Range<usize>],
        before: &[Status],
        after: &[Status],
    ) {
        let mut scratch = ResourceStates::new(self.controls);
        for r in ranges.iter().flat_map(Clone::clone) {
            let unit = env.resources.unit[r];
            if unit == crate::scope::NONE {
                continue;
            }
            scratch.fold(env, r, |a| before[a]);
            scratch.apply(self, unit as usize, -1);
            scratch.fold(env, r, |a| after[a]);
            scratch.apply(self, unit as usize, 1);
        }
    }

    /// Counts of control `c` in unit `u`.
    pub fn tally(&self, unit: UnitIx, c: ControlIx) -> Tally {
        self.tally_at(unit.index(), c.index())
    }

    fn tally_at(&self, unit: usize, c: usize) -> Tally {
        self.tallies[unit * self.controls + c]
    }

    /// Unit `u`'s weight: its resources healthy or unhealthy in some control.
    pub fn weight(&self, unit: UnitIx) -> u32 {
        self.weights[unit.index()]
    }

    /// Unit `u`'s score.
    pub fn unit_score(&self, unit: UnitIx) -> Score {
        self.unit_score_at(unit.index())
    }

    fn unit_score_at(&self, unit: usize) -> Score {
        let (mut current, mut max) = (0.0, 0.0);
        for c in 0..self.controls {
            let t = self.tally_at(unit, c);
            if t.counts() {
                current += t.points(self.max_scores[c]);
                max += self.max_scores[c];
            }
        }
        Score::new(current, max)
    }

    /// The overall score: unit scores weighted by unit weight.
    pub fn overall(&self) -> Score {
        self.overall_of(|_| true)
    }

    /// The overall score over the units that `include` accepts.
    pub fn overall_of(&self, include: impl Fn(UnitIx) -> bool) -> Score {
        let (mut current, mut max, mut total) = (0.0, 0.0, 0.0);
        for (u, &w) in self.weights.iter().enumerate() {
            if w == 0 || !include(UnitIx::at(u)) {
                continue;
            }
            let s = self.unit_score_at(u);
            let w = f64::from(w);
            current += w * s.current;
            max += w * s.max;
            total += w;
        }
        if total == 0.0 {
            return Score::default();
        }
        Score::new(current / total, max / total)
    }

    /// Control `c`'s counts pooled over all units, and its points for them.
    pub fn control(&self, c: ControlIx) -> (Tally, f64) {
        let mut t = Tally::default();
        for u in 0..self.weights.len() {
            let x = self.tally_at(u, c.index());
            // Pooled counts are at most the resources, which fit 32 bits.
            t.healthy += x.healthy;
            t.unhealthy += x.unhealthy;
            t.not_applicable += x.not_applicable;
        }
        (t, t.points(self.max_scores[c.index()]))
    }
}
