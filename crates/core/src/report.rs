//! The evaluation report: what `exempt evaluate` prints, in a stable order.

use crate::environment::{Environment, UnitKind};
use crate::evaluate::{applications, Evaluation};
use crate::exemption::Exemption;
use crate::lifecycle::{review, Finding};
use crate::model::{ExemptionCategory, Status};
use crate::score::{Posture, Score};
use chrono::{Duration, SecondsFormat};
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

/// A control, pooled over all scoring units.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ControlReport {
    /// The definition's `name`.
    pub id: String,
    /// The control's title.
    pub display_name: String,
    /// Its points.
    pub max: f64,
    /// Points for the pooled counts.
    pub current: f64,
    /// Healthy resources.
    pub healthy: u32,
    /// Unhealthy resources.
    pub unhealthy: u32,
    /// Not applicable resources.
    pub not_applicable: u32,
}

/// A subscription's or connector's score.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitReport {
    /// `/subscriptions/<id>` or the connector's id.
    pub id: String,
    /// `subscription` or `securityConnector`.
    pub kind: &'static str,
    /// The subscription's or connector's name, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Points earned.
    pub current: f64,
    /// Points possible.
    pub max: f64,
    /// `current / max`.
    pub percentage: f64,
    /// Resources healthy or unhealthy in some control.
    pub weight: u32,
}

/// What became of an exemption.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExemptionReport {
    /// Its name.
    pub name: String,
    /// Mitigated or waiver.
    pub category: ExemptionCategory,
    /// Whether it is in force.
    pub active: bool,
    /// Whether it applies to a Healthy or Unhealthy assessment.
    pub matched: bool,
    /// Assessments it decides.
    pub decided: usize,
    /// Resources with an assessment it decides.
    pub resources: usize,
}

/// A lifecycle finding, by exemption name.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingReport {
    /// `unused`, `allHealthy`, `redundant`, `conflict`, `expired` or `expiring`.
    pub kind: &'static str,
    /// The exemptions concerned.
    pub exemptions: Vec<String>,
    /// In words.
    pub message: String,
}

/// How far ahead the report flags expiring exemptions.
pub const EXPIRY_WINDOW_DAYS: i64 = 30;

/// The whole report. Assessments are written straight from the evaluation.
pub struct Report<'a> {
    /// When expiry was judged.
    pub evaluated_at: String,
    /// With exemptions.
    pub secure_score: Score,
    /// Without any exemption.
    pub secure_score_without_exemptions: Score,
    /// Every defined control, in definition order.
    pub controls: Vec<ControlReport>,
    /// Scoring units, by id.
    pub subscriptions: Vec<UnitReport>,
    /// Every exemption, in list order.
    pub exemptions: Vec<ExemptionReport>,
    /// Overlaps, conflicts, unused and stale exemptions, expiry.
    pub findings: Vec<FindingReport>,
    /// Input and exemption warnings.
    pub warnings: Vec<String>,
    env: &'a Environment,
    evaluation: &'a Evaluation,
    list: &'a [Exemption],
}

impl<'a> Report<'a> {
    /// Assembles the report of one evaluation.
    pub fn build(
        env: &'a Environment,
        list: &'a [Exemption],
        evaluation: &'a Evaluation,
    ) -> Report<'a> {
        let with = Posture::compute(env, evaluation.statuses());
        let without = Posture::compute(env, env.raw_statuses());
        let controls = env
            .controls()
            .iter()
            .enumerate()
            .map(|(c, def)| {
                let (t, current) = with.control(c);
                ControlReport {
                    id: def.name.clone(),
                    display_name: def.display_name.clone(),
                    max: def.max_score,
                    current,
                    healthy: t.healthy,
                    unhealthy: t.unhealthy,
                    not_applicable: t.not_applicable,
                }
            })
            .collect();
        let mut subscriptions: Vec<UnitReport> = env
            .units()
            .iter()
            .enumerate()
            .map(|(u, unit)| {
                let s = with.unit_score(u);
                UnitReport {
                    id: unit.id.clone(),
                    kind: match unit.kind {
                        UnitKind::Subscription => "subscription",
                        UnitKind::SecurityConnector => "securityConnector",
                    },
                    display_name: unit.display_name.clone(),
                    current: s.current,
                    max: s.max,
                    percentage: s.percentage,
                    weight: with.weight(u),
                }
            })
            .collect();
        subscriptions.sort_by_cached_key(|u| u.id.to_lowercase());
        let exemptions = list
            .iter()
            .zip(evaluation.outcomes())
            .map(|(e, o)| ExemptionReport {
                name: e.name.clone(),
                category: e.category,
                active: o.active,
                matched: o.matched,
                decided: o.decided,
                resources: o.resources,
            })
            .collect();
        let apps = applications(env, list, evaluation.at);
        let findings = review(
            env,
            list,
            evaluation,
            &apps,
            Duration::days(EXPIRY_WINDOW_DAYS),
        )
        .into_iter()
        .map(|f| FindingReport {
            kind: match f {
                Finding::Unused { .. } => "unused",
                Finding::AllHealthy { .. } => "allHealthy",
                Finding::Redundant { .. } => "redundant",
                Finding::Conflict { .. } => "conflict",
                Finding::Expired { .. } => "expired",
                Finding::Expiring { .. } => "expiring",
            },
            exemptions: f
                .exemptions()
                .iter()
                .map(|&i| list[i].name.clone())
                .collect(),
            message: f.describe(list),
        })
        .collect();
        Report {
            evaluated_at: evaluation.at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            secure_score: with.overall(),
            secure_score_without_exemptions: without.overall(),
            controls,
            subscriptions,
            exemptions,
            findings,
            warnings: warnings(env, list, evaluation),
            env,
            evaluation,
            list,
        }
    }

    /// Names of the exemptions that have expired.
    pub fn expired(&self) -> impl Iterator<Item = &str> {
        self.exemptions
            .iter()
            .filter(|e| !e.active)
            .map(|e| e.name.as_str())
    }

    /// Names of active exemptions that apply to nothing.
    pub fn unmatched(&self) -> impl Iterator<Item = &str> {
        self.exemptions
            .iter()
            .filter(|e| e.active && !e.matched)
            .map(|e| e.name.as_str())
    }
}

fn warnings(env: &Environment, list: &[Exemption], evaluation: &Evaluation) -> Vec<String> {
    let mut out: Vec<String> = env.warnings().to_vec();
    for (e, o) in list.iter().zip(evaluation.outcomes()) {
        for s in &o.unknown_scopes {
            out.push(format!(
                "exemption \"{}\": scope {s} names nothing in the input",
                e.name
            ));
        }
        for t in &o.unknown_targets {
            out.push(format!(
                "exemption \"{}\": no assessment has recommendation or category {t}",
                e.name
            ));
        }
        if !o.active {
            let when = e
                .expires_on
                .map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
                .unwrap_or_default();
            out.push(format!("exemption \"{}\" expired on {when}", e.name));
        } else if !o.matched {
            out.push(format!(
                "exemption \"{}\" applies to no healthy or unhealthy assessment",
                e.name
            ));
        }
    }
    out
}

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Report", 9)?;
        st.serialize_field("evaluatedAt", &self.evaluated_at)?;
        st.serialize_field("secureScore", &self.secure_score)?;
        st.serialize_field(
            "secureScoreWithoutExemptions",
            &self.secure_score_without_exemptions,
        )?;
        st.serialize_field("controls", &self.controls)?;
        st.serialize_field("subscriptions", &self.subscriptions)?;
        st.serialize_field("exemptions", &self.exemptions)?;
        st.serialize_field(
            "assessments",
            &Assessments {
                env: self.env,
                evaluation: self.evaluation,
                list: self.list,
            },
        )?;
        st.serialize_field("findings", &self.findings)?;
        st.serialize_field("warnings", &self.warnings)?;
        st.end()
    }
}

struct Assessments<'a> {
    env: &'a Environment,
    evaluation: &'a Evaluation,
    list: &'a [Exemption],
}

#[derive(Serialize)]
struct AssessmentLine<'a> {
    id: &'a str,
    status: Status,
    exemption: Option<Decider<'a>>,
}

#[derive(Serialize)]
struct Decider<'a> {
    name: &'a str,
    category: ExemptionCategory,
}

impl Serialize for Assessments<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = self.env.assessment_count();
        let mut seq = s.serialize_seq(Some(n))?;
        for a in 0..n {
            let id = self.env.assessment_id(a);
            seq.serialize_element(&AssessmentLine {
                id: &id,
                status: self.evaluation.status(a),
                exemption: self.evaluation.decided_by(a).map(|(e, category)| Decider {
                    name: &self.list[e].name,
                    category,
                }),
            })?;
        }
        seq.end()
    }
}
