//! The Overview page: scores with and without exemptions, per unit and per
//! control, what expires soon, and the gap broken down by exemption.

use super::beside::{beside, Beside};
use super::Expiry;
use crate::environment::UnitKind;
use crate::exemption::State;
use crate::ids::{ControlIx, ExemptionIx, UnitIx};
use crate::lifecycle::cloud_slot;
use crate::model::{Cloud, ExemptionCategory};
use crate::score::{Score, Tally};
use crate::session::{Session, EXPIRY_WINDOW_DAYS};
use serde::{Deserialize, Serialize};

/// How many expiring exemptions the overview lists.
pub const EXPIRING_SHOWN: usize = 30;

/// The overview for one cloud, or all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    /// With exemptions.
    pub secure_score: Score,
    /// With every assessment as scanned.
    pub without_exemptions: Score,
    /// Subscriptions and connectors of the cloud.
    pub units: Vec<UnitRow>,
    /// Every control, pooled over all units.
    pub controls: Vec<ControlRow>,
    /// Resource health over every control (each resource once per
    /// control, as the controls' counts add up), with exemptions.
    pub health: Tally,
    /// The same with every assessment as scanned.
    pub health_without: Tally,
    /// Expired, or expiring within 30 days, soonest first.
    pub expiring: Vec<ExpiryRow>,
    /// All of those, beyond the ones listed.
    pub expiring_total: usize,
    /// Exemptions in the list.
    pub exemptions: usize,
    /// Assessments Azure already exempts, in the cloud shown.
    pub exempt_in_azure: InAzure,
    /// Azure's own overall score beside ours, when the input had it (for
    /// all clouds only).
    pub reported: Option<Beside>,
}

/// Assessments Azure already exempts (status cause `Exempt`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InAzure {
    /// In all.
    pub assessments: u64,
    /// Decided by an exemption here, so attributed to it.
    pub attributed: u64,
    /// Decided by none here: their status without exemptions is unknown.
    pub unknown: u64,
}

/// A subscription's or connector's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitRow {
    /// The unit.
    pub unit: UnitIx,
    /// Its id.
    pub id: String,
    /// Its name, or id.
    pub name: String,
    /// Subscription or connector.
    pub kind: UnitKind,
    /// Its cloud.
    pub cloud: Cloud,
    /// With exemptions.
    pub with: Score,
    /// Without.
    pub without: Score,
    /// Resources healthy or unhealthy in some control.
    pub weight: u32,
}

/// A control's pooled counts and points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ControlRow {
    /// The control.
    pub control: ControlIx,
    /// Its title.
    pub name: String,
    /// Points possible.
    pub max: f64,
    /// Points for the pooled counts.
    pub points: f64,
    /// Resource counts.
    pub tally: Tally,
    /// Points with every assessment as scanned.
    pub points_without: f64,
    /// Resource counts with every assessment as scanned.
    pub tally_without: Tally,
}

/// An exemption that has expired or expires soon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpiryRow {
    /// The exemption.
    pub exemption: ExemptionIx,
    /// Its id, for links.
    pub id: Option<String>,
    /// Its name.
    pub name: String,
    /// When.
    pub expiry: Expiry,
}

/// The gap between the scores, by exemption and by category, for all
/// clouds or one. Every figure is an effect in percentage points
/// ([`Score::effect_over`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Gap {
    /// The score now.
    pub current: Score,
    /// The gap: the score with exemptions minus the score without.
    pub effect: f64,
    /// What the mitigations add: the score now minus the score with no
    /// mitigation.
    pub mitigated: f64,
    /// What the waivers add.
    pub waivers: f64,
    /// The exemptions with the largest effects, largest first.
    pub top: Vec<Contributor>,
    /// Exemptions with any effect on their own.
    pub changing: usize,
}

/// One exemption's effect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contributor {
    /// The exemption.
    pub exemption: ExemptionIx,
    /// Its id, for links.
    pub id: Option<String>,
    /// Its name.
    pub name: String,
    /// Mitigated or waiver.
    pub category: ExemptionCategory,
    /// The score with it minus the score without it, in percentage
    /// points (of its cloud's score when the gap is for one cloud).
    pub effect: f64,
}

impl Session {
    /// The overview, for all clouds or one.
    pub fn overview(&self, cloud: Option<Cloud>) -> Overview {
        let env = self.environment();
        let in_cloud = |u: UnitIx| cloud.is_none_or(|c| env.unit(u).cloud == c);
        let with = self.posture();
        let without = self.raw_posture();
        let units = env
            .units()
            .iter()
            .enumerate()
            .map(|(i, u)| (UnitIx::at(i), u))
            .filter(|(i, _)| in_cloud(*i))
            .map(|(i, u)| UnitRow {
                unit: i,
                id: u.id.clone(),
                name: u.display_name.clone().unwrap_or_else(|| u.id.clone()),
                kind: u.kind,
                cloud: u.cloud,
                with: with.unit_score(i),
                without: without.unit_score(i),
                weight: with.weight(i),
            })
            .collect();
        let controls: Vec<ControlRow> = env
            .controls()
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let ix = ControlIx::at(i);
                let (tally, points) = with.control(ix);
                let (tally_without, points_without) = without.control(ix);
                ControlRow {
                    control: ix,
                    name: c.display_name.clone(),
                    max: c.max_score,
                    points,
                    tally,
                    points_without,
                    tally_without,
                }
            })
            .collect();
        let now = self.time();
        let mut due: Vec<(Expiry, usize)> = self
            .exemptions()
            .iter()
            .enumerate()
            .map(|(i, e)| (Expiry::of(e.expires_on, now), i))
            .filter(|(x, _)| x.due_within(EXPIRY_WINDOW_DAYS))
            .collect();
        due.sort_by_key(|&(x, i)| {
            let order = match x {
                Expiry::Expired => i64::MIN,
                Expiry::In(d) => d,
                Expiry::Never => i64::MAX,
            };
            (order, i)
        });
        let expiring = due
            .iter()
            .take(EXPIRING_SHOWN)
            .map(|&(expiry, i)| {
                let e = &self.exemptions()[i];
                ExpiryRow {
                    exemption: ExemptionIx::at(i),
                    id: e.id.clone(),
                    name: e.name.clone(),
                    expiry,
                }
            })
            .collect();
        let secure_score = with.overall_of(in_cloud);
        let mut exempt_in_azure = InAzure::default();
        for a in env.azure_exempt_assessments() {
            if cloud.is_none_or(|c| env.resource_cloud(env.assessment_resource(a)) == c) {
                exempt_in_azure.assessments += 1;
                if self.evaluation().decided_by(a).is_some() {
                    exempt_in_azure.attributed += 1;
                }
            }
        }
        exempt_in_azure.unknown = exempt_in_azure.assessments - exempt_in_azure.attributed;
        let reported = crate::report::ReportedByAzure::new(env)
            .and_then(|r| r.secure_score)
            .filter(|_| cloud.is_none())
            .map(|azure| beside(azure, secure_score, self.exemptions().len()));
        let health = controls
            .iter()
            .fold(Tally::default(), |t, c| t.plus(c.tally));
        let health_without = controls
            .iter()
            .fold(Tally::default(), |t, c| t.plus(c.tally_without));
        Overview {
            secure_score,
            health,
            health_without,
            without_exemptions: without.overall_of(in_cloud),
            units,
            controls,
            expiring,
            expiring_total: due.len(),
            exemptions: self.exemptions().len(),
            exempt_in_azure,
            reported,
        }
    }

    /// The gap by exemption (the `top` with the largest effects) and by
    /// category, for all clouds or one. Computes each exemption's worth on
    /// first use.
    pub fn gap(&self, top: usize, cloud: Option<Cloud>) -> Gap {
        let env = self.environment();
        let worth = self.contributions();
        let in_cloud = |u: UnitIx| cloud.is_none_or(|c| env.unit(u).cloud == c);
        let current = self.posture().overall_of(in_cloud);
        let without = self.raw_posture().overall_of(in_cloud);
        // With one cloud chosen, every exemption listed is of that cloud,
        // so its effect is on `current`, that cloud's score.
        let (without_mitigated, without_waivers, without_each) = match cloud {
            None => (
                worth.without_mitigated,
                worth.without_waivers,
                &worth.without_each,
            ),
            Some(c) => {
                let (m, w) = worth.by_cloud[cloud_slot(c)];
                (m, w, &worth.without_each_in_cloud)
            }
        };
        let (policy, at) = (self.policy(), self.time());
        let mut changes: Vec<(usize, f64)> = self
            .exemptions()
            .iter()
            .enumerate()
            .filter(|(_, e)| cloud.is_none_or(|c| e.cloud == c))
            .filter(|(_, e)| policy.state(e, at) == State::Active)
            .map(|(i, _)| (i, current.effect_over(without_each[i])))
            .filter(|(_, d)| d.abs() > 1e-9)
            .collect();
        let changing = changes.len();
        changes.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        Gap {
            current,
            effect: current.effect_over(without),
            mitigated: current.effect_over(without_mitigated),
            waivers: current.effect_over(without_waivers),
            top: changes
                .into_iter()
                .take(top)
                .map(|(i, effect)| {
                    let e = &self.exemptions()[i];
                    Contributor {
                        exemption: ExemptionIx::at(i),
                        id: e.id.clone(),
                        name: e.name.clone(),
                        category: e.category,
                        effect,
                    }
                })
                .collect(),
            changing,
        }
    }

    /// Exemption `ix`'s effect on the overall secure score, in percentage
    /// points: for one in force, the score with it minus the score without
    /// it; for one pending, what approving it alone would do; none for one
    /// expired or rejected. The wizard's preview of a new exemption (the
    /// score after minus the score before) is the same measure, so the
    /// figure it predicts is the figure shown once it exists.
    pub fn effect(&self, ix: ExemptionIx) -> Option<f64> {
        let e = &self.exemptions()[ix.index()];
        match self.policy().state(e, self.time()) {
            State::Pending => Some(self.what_if(e).after.effect_over(self.score())),
            State::Active => Some(
                self.score()
                    .effect_over(self.contributions().without_each[ix.index()]),
            ),
            State::Expired | State::Rejected => None,
        }
    }
}
