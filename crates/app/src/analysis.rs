//! Numbers derived from the environment and the exemptions, recomputed only
//! when either changes.

use crate::data::World;
use chrono::Duration;
use chrono::{DateTime, Utc};
use exempt_core::document::Record;
use exempt_core::lifecycle::{review, scores_without_each, Finding};
use exempt_core::{
    applications, evaluate, Applications, Evaluation, Exemption, ExemptionCategory, Posture, Score,
};
use std::cell::OnceCell;

/// Up to this many exemptions, findings and contributions are computed
/// without a click.
pub const AUTOMATIC_LIMIT: usize = 2_000;

/// An evaluation of the current exemptions. The costlier views (all
/// applying exemptions, findings, each exemption's worth) are computed on
/// first use, since most pages never ask for them.
pub struct Analysis {
    /// The exemptions, in order.
    pub exemptions: Vec<Exemption>,
    /// Effective statuses and deciders.
    pub evaluation: Evaluation,
    /// The posture with exemptions.
    pub posture: Posture,
    applications: OnceCell<Applications>,
    findings: OnceCell<Vec<Finding>>,
    without_each: OnceCell<Vec<Score>>,
    by_category: OnceCell<(Score, Score)>,
}

impl Analysis {
    /// Evaluates `records` on `world` at `at`.
    pub fn new(world: &World, records: &[Record], at: DateTime<Utc>) -> Analysis {
        let exemptions: Vec<Exemption> = records.iter().map(|r| r.exemption.clone()).collect();
        let evaluation = evaluate(&world.env, &exemptions, at);
        let posture = Posture::compute(&world.env, evaluation.statuses());
        Analysis {
            exemptions,
            evaluation,
            posture,
            applications: OnceCell::new(),
            findings: OnceCell::new(),
            without_each: OnceCell::new(),
            by_category: OnceCell::new(),
        }
    }

    /// Whether the costlier views are cheap enough to compute without being
    /// asked: each takes a pass over every (assessment, exemption) pair, which
    /// with tens of thousands of exemptions on a million assessments is
    /// seconds of work in the browser.
    pub fn small(&self) -> bool {
        self.exemptions.len() <= AUTOMATIC_LIMIT
    }

    /// Every exemption applying to each assessment.
    pub fn applications(&self, world: &World) -> &Applications {
        self.applications
            .get_or_init(|| applications(&world.env, &self.exemptions, self.evaluation.at))
    }

    /// Overlaps, conflicts, unused and stale exemptions, expiry within 30 days.
    pub fn findings(&self, world: &World) -> &[Finding] {
        self.findings.get_or_init(|| {
            let apps = self.applications(world);
            review(
                &world.env,
                &self.exemptions,
                &self.evaluation,
                apps,
                Duration::days(30),
            )
        })
    }

    /// The overall score if each exemption alone were removed.
    pub fn without_each(&self, world: &World) -> &[Score] {
        self.without_each.get_or_init(|| {
            let apps = self.applications(world);
            scores_without_each(
                &world.env,
                &self.exemptions,
                &self.evaluation,
                &self.posture,
                apps,
            )
        })
    }

    /// The overall score without any mitigation, and without any waiver.
    pub fn without_category(&self, world: &World) -> (Score, Score) {
        *self.by_category.get_or_init(|| {
            let score_without = |c: ExemptionCategory| {
                let rest: Vec<Exemption> = self
                    .exemptions
                    .iter()
                    .filter(|e| e.category != c)
                    .cloned()
                    .collect();
                let evaluation = evaluate(&world.env, &rest, self.evaluation.at);
                Posture::compute(&world.env, evaluation.statuses()).overall()
            };
            (
                score_without(ExemptionCategory::Mitigated),
                score_without(ExemptionCategory::Waiver),
            )
        })
    }
}

impl PartialEq for Analysis {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
