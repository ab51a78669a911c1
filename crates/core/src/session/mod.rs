//! The session: one owned handle on an environment and its exemptions that
//! answers every question the command line, the browser app's worker and the
//! JavaScript package ask.
//!
//! It keeps what each answer needs and recomputes only what a change makes
//! stale: the evaluation and the score with exemptions are kept current on
//! every change of the exemptions or the time; the lifecycle review (matching
//! signatures, findings, each exemption's worth) is computed on first use and
//! dropped on the next change. Everything it hands out is addressed by typed
//! ids, and ids that come from outside (a message, a command line) are
//! checked, so a stale or forged id is an error, never a panic.

mod change;
mod open;
mod review;
pub(crate) mod views;

pub use review::{ReviewProgress, ReviewStage};

use views::Cache;
pub use views::*;

use crate::environment::Environment;
use crate::error::Error;
use crate::evaluate::compile::Compiled;
use crate::evaluate::matching::{Matching, MatchingJob};
use crate::evaluate::{evaluate, Evaluation, MAX_EXEMPTIONS};
use crate::exemption::{Decision, Exemption, Policy, State};
use crate::explain::{explain, Explanation};
use crate::ids::{AssessmentIx, ExemptionIx};
use crate::lifecycle::{Contributions, Finding, FindingsJob, WorthJob};
use crate::score::{Posture, Score};
use crate::whatif::{what_if, Impact};
use chrono::{DateTime, Utc};
use std::cell::{OnceCell, RefCell};
use std::sync::Arc;

/// How far ahead findings flag expiring exemptions, in days.
pub const EXPIRY_WINDOW_DAYS: i64 = 30;

/// Whether moving the clock from `was` to `at` changes anything said of
/// `e`: whether it is in force, and the whole days until its expiry, which
/// the findings ("expiring in N days", within [`EXPIRY_WINDOW_DAYS`]) and
/// the pages count.
fn time_matters(e: &Exemption, was: DateTime<Utc>, at: DateTime<Utc>) -> bool {
    Expiry::of(e.expires_on, was) != Expiry::of(e.expires_on, at)
}

/// Whether two versions of an exemption decide the same assessments the
/// same way: every field the evaluation reads is equal.
fn decides_alike(a: &Exemption, b: &Exemption) -> bool {
    a.same_effect(b) && decision(a) == decision(b)
}

fn decision(e: &Exemption) -> Option<Decision> {
    e.governance.approval.as_ref().map(|a| a.decision)
}

/// Exemptions compiled, evaluated and scored at one instant.
pub(crate) struct Current {
    pub(crate) compiled: Compiled,
    evaluation: Evaluation,
    posture: Posture,
}

impl Current {
    fn new(
        env: &Environment,
        exemptions: &[Arc<Exemption>],
        at: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Self, Error> {
        let compiled = Compiled::new(env, exemptions, at, policy)?;
        let evaluation = evaluate(env, &compiled, at);
        let posture = Posture::compute(env, evaluation.statuses());
        Ok(Current {
            compiled,
            evaluation,
            posture,
        })
    }
}

/// What the lifecycle review works from, and its answers, each computed in
/// one go when asked for, or a step at a time by [`Session::review_step`].
#[derive(Default)]
pub(crate) struct Review {
    pub(crate) matching: OnceCell<Matching>,
    matching_job: RefCell<Option<MatchingJob>>,
    pub(crate) findings: OnceCell<Vec<Finding>>,
    findings_job: RefCell<Option<FindingsJob>>,
    pub(crate) contributions: OnceCell<Contributions>,
    worth_job: RefCell<Option<WorthJob>>,
}

/// An environment, its exemptions and the instant they are judged at.
pub struct Session {
    env: Environment,
    /// Shared with the workspace's document, which holds the same ones.
    exemptions: Vec<Arc<Exemption>>,
    at: DateTime<Utc>,
    policy: Policy,
    raw: Posture,
    pub(crate) current: Current,
    pub(crate) review: Review,
    /// The evaluation without one exemption, for the what-if of an edit.
    without: RefCell<Option<(ExemptionIx, Current)>>,
    pub(crate) views: Cache,
}

/// A list of exemptions as the session holds them: those given as
/// [`Arc`]s stay shared, the rest are wrapped.
fn shared<E: Into<Arc<Exemption>>>(list: impl IntoIterator<Item = E>) -> Vec<Arc<Exemption>> {
    let mut list: Vec<Arc<Exemption>> = list.into_iter().map(Into::into).collect();
    // Collecting from a `Vec<Exemption>` reuses its buffer, sized for
    // whole exemptions, which would stay allocated beside the pointers.
    list.shrink_to_fit();
    list
}

impl Session {
    /// A session on `env` with no exemptions, judged at `at`.
    pub fn new(env: Environment, at: DateTime<Utc>) -> Session {
        let raw = Posture::compute(&env, env.raw_statuses());
        let policy = Policy::default();
        let current = Current::new(&env, &[], at, &policy).expect("no exemptions compile");
        Session {
            env,
            exemptions: Vec::new(),
            at,
            policy,
            raw,
            current,
            review: Review::default(),
            without: RefCell::new(None),
            views: Cache::default(),
        }
    }

    /// The embedded demo environment with the demo's exemptions.
    #[cfg(feature = "demo")]
    pub fn demo(at: DateTime<Utc>) -> Result<Session, Error> {
        let mut s = Session::new(crate::demo::environment()?, at);
        s.set_exemptions(crate::demo::exemptions()?.exemptions)?;
        Ok(s)
    }

    /// The loaded data.
    pub fn environment(&self) -> &Environment {
        &self.env
    }

    /// The instant expiry is judged at.
    pub fn time(&self) -> DateTime<Utc> {
        self.at
    }

    /// Judges expiry at `at` from now on. The exemptions are evaluated again
    /// only when the move changes what one of them does (it expires, or
    /// the days its expiry is away, as findings count them): a clock that
    /// moves between two questions costs nothing.
    pub fn set_time(&mut self, at: DateTime<Utc>) -> Result<(), Error> {
        let was = self.at;
        self.at = at;
        if self.exemptions.iter().any(|e| time_matters(e, was, at)) {
            return self.refresh();
        }
        self.current.evaluation.at = at;
        Ok(())
    }

    /// The team's rules the exemptions are judged by.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Replaces the exemptions and the policy, judged at `at`: one
    /// evaluation at most, as [`Session::set_exemptions_at`].
    pub fn set_judged_at<E: Into<Arc<Exemption>>>(
        &mut self,
        list: impl IntoIterator<Item = E>,
        policy: Policy,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        let list = shared(list);
        if policy == self.policy {
            return self.set_exemptions_at(list, at);
        }
        if list.len() > MAX_EXEMPTIONS {
            return Err(Error::limit("exemptions", MAX_EXEMPTIONS));
        }
        self.policy = policy;
        self.exemptions = list;
        self.at = at;
        self.refresh()
    }

    /// How many exemptions wait for approval, and the secure score were
    /// they approved (rejected ones still left out); none when none wait.
    pub fn score_if_approved(&self) -> Option<(usize, Score)> {
        let waiting = self
            .exemptions
            .iter()
            .filter(|e| self.policy.state(e, self.at) == State::Pending)
            .count();
        if waiting == 0 {
            return None;
        }
        let approved =
            Current::new(&self.env, &self.exemptions, self.at, &Policy::default()).ok()?;
        Some((waiting, approved.posture.overall()))
    }

    /// The exemptions, in list order (which decides ties).
    pub fn exemptions(&self) -> &[Arc<Exemption>] {
        &self.exemptions
    }

    /// Replaces every exemption and judges them at `at`: one evaluation at
    /// most, and none when the new list decides as the old one did (the
    /// same list, or one that differs only in names, descriptions, metadata
    /// or ids: a rename) and the clock's move changes no exemption's state.
    pub fn set_exemptions_at<E: Into<Arc<Exemption>>>(
        &mut self,
        list: impl IntoIterator<Item = E>,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        let list = shared(list);
        let alike = list.len() == self.exemptions.len()
            && list
                .iter()
                .zip(&self.exemptions)
                .all(|(a, b)| Arc::ptr_eq(a, b) || decides_alike(a, b));
        if alike {
            let renamed = list != self.exemptions;
            // The caller's copies are held even when equal, so that none
            // is kept twice (by the caller and here).
            self.exemptions = list;
            if renamed {
                // The pages show names; what the review found stands.
                self.views.forget_exemptions();
            }
            return self.set_time(at);
        }
        if list.len() > MAX_EXEMPTIONS {
            return Err(Error::limit("exemptions", MAX_EXEMPTIONS));
        }
        // One exemption added or removed, and a clock that changes nothing
        // the others do: only that exemption's resources are decided again.
        let still = |e: &Arc<Exemption>| !time_matters(e, self.at, at);
        let change = change::one_change(&self.exemptions, &list)
            .filter(|_| self.exemptions.iter().all(still));
        let current = match change {
            Some(c) => Current::changed(&self.env, &list, at, &self.policy, &self.current, c)?,
            None => Current::new(&self.env, &list, at, &self.policy)?,
        };
        self.at = at;
        self.exemptions = list;
        self.current = current;
        self.forget();
        Ok(())
    }

    /// Replaces every exemption, judged at the session's time.
    pub fn set_exemptions<E: Into<Arc<Exemption>>>(
        &mut self,
        list: impl IntoIterator<Item = E>,
    ) -> Result<(), Error> {
        self.set_exemptions_at(list, self.at)
    }

    /// Adds an exemption at the end of the list.
    pub fn push_exemption(&mut self, e: Exemption) -> Result<ExemptionIx, Error> {
        if self.exemptions.len() >= MAX_EXEMPTIONS {
            return Err(Error::limit("exemptions", MAX_EXEMPTIONS));
        }
        self.exemptions.push(Arc::new(e));
        self.refresh()?;
        Ok(ExemptionIx::at(self.exemptions.len() - 1))
    }

    /// Replaces exemption `ix`.
    pub fn replace_exemption(&mut self, ix: ExemptionIx, e: Exemption) -> Result<(), Error> {
        let ix = ix.check(self.exemptions.len())?;
        self.exemptions[ix.index()] = Arc::new(e);
        self.refresh()
    }

    /// Removes exemption `ix`; later ones move up by one.
    pub fn remove_exemption(&mut self, ix: ExemptionIx) -> Result<Exemption, Error> {
        let ix = ix.check(self.exemptions.len())?;
        let e = self.exemptions.remove(ix.index());
        self.refresh()?;
        Ok(Arc::unwrap_or_clone(e))
    }

    /// The exemption at list position `i`, if there is one.
    pub fn exemption_ix(&self, i: usize) -> Option<ExemptionIx> {
        ExemptionIx::checked(i, self.exemptions.len())
    }

    /// One exemption.
    pub fn exemption(&self, ix: ExemptionIx) -> Result<&Exemption, Error> {
        let ix = ix.check(self.exemptions.len())?;
        Ok(&self.exemptions[ix.index()])
    }

    /// The exemption whose `id` is `id`.
    pub fn find_exemption(&self, id: &str) -> Option<ExemptionIx> {
        self.exemptions
            .iter()
            .position(|e| e.id.as_deref() == Some(id))
            .map(ExemptionIx::at)
    }

    /// Evaluates every exemption again, from nothing, and drops what the
    /// review found: what every change cost before the shortcuts above, for
    /// the benchmarks to measure.
    #[doc(hidden)]
    pub fn evaluate_again(&mut self) -> Result<(), Error> {
        self.refresh()
    }

    fn refresh(&mut self) -> Result<(), Error> {
        self.current = Current::new(&self.env, &self.exemptions, self.at, &self.policy)?;
        self.forget();
        Ok(())
    }

    fn forget(&mut self) {
        self.review = Review::default();
        *self.without.borrow_mut() = None;
        self.views.forget_exemptions();
    }

    /// Effective statuses and deciding exemptions.
    pub fn evaluation(&self) -> &Evaluation {
        &self.current.evaluation
    }

    /// Tallies with exemptions.
    pub fn posture(&self) -> &Posture {
        &self.current.posture
    }

    /// Tallies without any exemption.
    pub fn raw_posture(&self) -> &Posture {
        &self.raw
    }

    /// The overall secure score with exemptions.
    pub fn score(&self) -> Score {
        self.current.posture.overall()
    }

    /// The overall secure score with every assessment as scanned.
    pub fn score_without_exemptions(&self) -> Score {
        self.raw.overall()
    }

    /// What adding `draft` at the end of the list would change.
    pub fn what_if(&self, draft: &Exemption) -> Impact {
        what_if(
            &self.env,
            &self.current.evaluation,
            &self.current.posture,
            draft,
        )
    }

    /// What replacing exemption `ix` by `draft` would change, measured
    /// against the other exemptions: "before" is the score without `ix`,
    /// so that every figure of an edit's preview (assessments, controls,
    /// the score) has one baseline, and the score's change is the edited
    /// exemption's effect as [`Session::effect`] will show it once saved.
    pub fn what_if_replacing(&self, ix: ExemptionIx, draft: &Exemption) -> Result<Impact, Error> {
        let ix = ix.check(self.exemptions.len())?;
        let mut cached = self.without.borrow_mut();
        if cached.as_ref().is_none_or(|(i, _)| *i != ix) {
            let mut others = self.exemptions.clone();
            others.remove(ix.index());
            *cached = Some((ix, Current::new(&self.env, &others, self.at, &self.policy)?));
        }
        let (_, base) = cached.as_ref().expect("filled above");
        Ok(what_if(&self.env, &base.evaluation, &base.posture, draft))
    }

    /// The assessment with row id `id`, compared without case and without
    /// spaces around it (on either side: a row's id may have them too).
    pub fn find_assessment(&self, id: &str) -> Option<AssessmentIx> {
        self.env.find_assessment(id)
    }

    /// Why assessment `a` has its status: every exemption's verdict.
    pub fn explain(&self, a: AssessmentIx) -> Result<Explanation, Error> {
        let a = a.check(self.env.assessment_count())?;
        Ok(explain(
            &self.env,
            &self.exemptions,
            (self.at, &self.policy),
            a,
        ))
    }
}
