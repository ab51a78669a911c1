//! The lifecycle review, run on first use or a slice at a time between
//! other questions: matching signatures, then findings, then each
//! exemption's worth. Each part is kept until the exemptions or the time
//! change.

use super::{Session, EXPIRY_WINDOW_DAYS};
use crate::evaluate::matching::{Matching, MatchingJob};
use crate::lifecycle::{Contributions, Finding, FindingsJob, WorthJob};
use chrono::Duration;

/// Which part of the lifecycle review a step worked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStage {
    /// Grouping assessments by the exemptions that match them.
    Matching,
    /// Finding redundant, conflicting, unused and stale exemptions.
    Findings,
    /// Measuring each exemption's worth to the score.
    Worth,
    /// Nothing left to do.
    Done,
}

/// How far the lifecycle review has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewProgress {
    /// The stage worked on.
    pub stage: ReviewStage,
    /// Its units done (resources, classes of exemptions, exemptions).
    pub done: usize,
    /// Its units in all.
    pub total: usize,
}

impl Session {
    /// Assessments grouped by matching slots, computed on first use.
    pub(crate) fn matching(&self) -> &Matching {
        self.review.matching.get_or_init(|| {
            let mut job = self
                .review
                .matching_job
                .take()
                .unwrap_or_else(|| MatchingJob::new(&self.env));
            loop {
                if let Some(m) = job.step(&self.env, &self.current.compiled, usize::MAX) {
                    return m;
                }
            }
        })
    }

    /// Groups assessments by matching exemptions, the first step of
    /// [`findings`](Self::findings) and
    /// [`contributions`](Self::contributions).
    pub fn prepare_review(&self) {
        self.matching();
    }

    /// Overlaps, conflicts, unused and stale exemptions, and expiry within
    /// [`EXPIRY_WINDOW_DAYS`].
    pub fn findings(&self) -> &[Finding] {
        self.review.findings.get_or_init(|| {
            let matching = self.matching();
            let mut job = self.review.findings_job.take().unwrap_or_else(|| {
                FindingsJob::new(&self.exemptions, &self.current.compiled, matching)
            });
            loop {
                if let Some(f) = job.step(
                    &self.exemptions,
                    &self.current.compiled,
                    matching,
                    &self.current.evaluation,
                    Duration::days(EXPIRY_WINDOW_DAYS),
                    usize::MAX,
                ) {
                    return f;
                }
            }
        })
    }

    /// Whether the first step of the review has run since the last change.
    pub fn review_prepared(&self) -> bool {
        self.review.matching.get().is_some()
    }

    /// Whether the findings have been computed since the last change.
    pub fn findings_ready(&self) -> bool {
        self.review.findings.get().is_some()
    }

    /// Whether each exemption's worth has been measured since the last
    /// change.
    pub fn worth_ready(&self) -> bool {
        self.review.contributions.get().is_some()
    }

    /// Each exemption's worth to the score.
    pub fn contributions(&self) -> &Contributions {
        self.review.contributions.get_or_init(|| {
            let matching = self.matching();
            let mut job = self.review.worth_job.take().unwrap_or_else(|| {
                WorthJob::new(
                    &self.env,
                    &self.current.evaluation,
                    &self.current.posture,
                    self.exemptions.iter().map(|e| e.cloud).collect(),
                )
            });
            loop {
                if let Some(c) = job.step(
                    &self.env,
                    &self.current.compiled,
                    matching,
                    &self.current.evaluation,
                    usize::MAX,
                ) {
                    return c;
                }
            }
        })
    }

    /// Does about `budget` assessments' worth of the lifecycle review (the
    /// matching, then the findings, then each exemption's worth) and says
    /// how far it has come, so that a caller can answer other questions in
    /// between.
    pub fn review_step(&self, budget: usize) -> ReviewProgress {
        let (env, compiled) = (&self.env, &self.current.compiled);
        let r = &self.review;
        if r.matching.get().is_none() {
            let mut slot = r.matching_job.borrow_mut();
            let job = slot.get_or_insert_with(|| MatchingJob::new(env));
            let (done, total) = job.progress(env);
            if let Some(m) = job.step(env, compiled, budget) {
                *slot = None;
                let _ = r.matching.set(m);
            }
            return ReviewProgress {
                stage: ReviewStage::Matching,
                done,
                total,
            };
        }
        let matching = self.matching();
        if r.findings.get().is_none() {
            let mut slot = r.findings_job.borrow_mut();
            let job =
                slot.get_or_insert_with(|| FindingsJob::new(&self.exemptions, compiled, matching));
            let (done, total) = job.progress();
            let window = Duration::days(EXPIRY_WINDOW_DAYS);
            if let Some(f) = job.step(
                &self.exemptions,
                compiled,
                matching,
                &self.current.evaluation,
                window,
                budget,
            ) {
                *slot = None;
                let _ = r.findings.set(f);
            }
            return ReviewProgress {
                stage: ReviewStage::Findings,
                done,
                total,
            };
        }
        if r.contributions.get().is_none() {
            let mut slot = r.worth_job.borrow_mut();
            let job = slot.get_or_insert_with(|| {
                WorthJob::new(
                    env,
                    &self.current.evaluation,
                    &self.current.posture,
                    self.exemptions.iter().map(|e| e.cloud).collect(),
                )
            });
            let (done, total) = job.progress();
            if let Some(c) = job.step(env, compiled, matching, &self.current.evaluation, budget) {
                *slot = None;
                let _ = r.contributions.set(c);
            }
            return ReviewProgress {
                stage: ReviewStage::Worth,
                done,
                total,
            };
        }
        ReviewProgress {
            stage: ReviewStage::Done,
            done: 0,
            total: 0,
        }
    }
}
