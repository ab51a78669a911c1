//! The evaluation report: what `exempt evaluate` prints, in a stable order.

mod azure;
mod warnings;
mod whatif;

pub use azure::{ExemptCount, ExemptedInAzure, ReportedByAzure, ReportedControlSum, ReportedUnit};
pub use warnings::WarningKind;
pub use whatif::{Change, ControlImpact, UnitImpact, WhatIfReport};

use crate::environment::UnitKind;
use crate::exemption::instant;
use crate::exemption::State;
use crate::ids::{ControlIx, UnitIx};
use crate::model::{ExemptionCategory, Status};
use crate::score::Score;
use crate::session::Session;
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
    pub kind: UnitKind,
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
    /// Active, pending, rejected or expired.
    pub state: State,
    /// Whether it is in force.
    pub active: bool,
    /// Whether it applies to a Healthy or Unhealthy assessment.
    pub matched: bool,
    /// Assessments it decides.
    pub decided: usize,
    /// Resources with an assessment it decides.
    pub resources: usize,
    /// For a Vulnerabilities condition: the findings it decides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub findings: Option<usize>,
    /// Who answers for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Its ticket.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
}

/// What the exemptions waiting for approval would do if approved.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingReport {
    /// How many wait.
    pub exemptions: usize,
    /// The secure score with them approved (rejected ones still left out).
    pub secure_score_if_approved: Score,
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
    /// For each warning, the kind of exemption warning it is and the
    /// exemption's name (none for the input's own), so that thousands can
    /// be summarised by kind.
    pub warning_kinds: Vec<Option<(WarningKind, String)>>,
    /// What pending exemptions would do if approved, when some wait.
    pub pending: Option<PendingReport>,
    /// Assessments Azure already exempts.
    pub exempted_in_azure: ExemptedInAzure,
    /// Azure's own secure scores, when the input had them.
    pub reported_by_azure: Option<ReportedByAzure>,
    session: &'a Session,
}

// The reports are the session's answers, asked of it; they live beside
// the reports so that the session knows nothing of them.
impl Session {
    /// The evaluation report: what `exempt evaluate` prints.
    pub fn report(&self) -> Report<'_> {
        Report::new(self)
    }

    /// What adding `draft` would change, with controls and subscriptions
    /// named.
    pub fn what_if_report(&self, draft: &crate::exemption::Exemption) -> WhatIfReport {
        WhatIfReport::new(self, self.what_if(draft))
    }
}

impl<'a> Report<'a> {
    /// Assembles the report of the session's current evaluation.
    pub(crate) fn new(session: &'a Session) -> Report<'a> {
        let env = session.environment();
        let with = session.posture();
        let evaluation = session.evaluation();
        let list = session.exemptions();
        let controls = env
            .controls()
            .iter()
            .enumerate()
            .map(|(c, def)| {
                let (t, current) = with.control(ControlIx::at(c));
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
                let s = with.unit_score(UnitIx::at(u));
                UnitReport {
                    id: unit.id.clone(),
                    kind: unit.kind,
                    display_name: unit.display_name.clone(),
                    current: s.current,
                    max: s.max,
                    percentage: s.percentage,
                    weight: with.weight(UnitIx::at(u)),
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
                state: session.policy().state(e, evaluation.at),
                active: o.active,
                matched: o.matched,
                decided: o.decided,
                resources: o.resources,
                findings: matches!(e.target, crate::exemption::Target::Vulnerabilities(_))
                    .then_some(o.findings),
                owner: e.governance.owner.clone(),
                ticket: e.governance.ticket.clone(),
            })
            .collect();
        let findings = session
            .findings()
            .iter()
            .map(|f| FindingReport {
                kind: f.kind(),
                exemptions: f
                    .exemptions()
                    .iter()
                    .map(|&i| list[i.index()].name.clone())
                    .collect(),
                message: f.describe(list),
            })
            .collect();
        let (warnings, warning_kinds) = warnings::warnings(session);
        Report {
            evaluated_at: instant(evaluation.at),
            secure_score: session.score(),
            secure_score_without_exemptions: session.score_without_exemptions(),
            controls,
            subscriptions,
            exemptions,
            findings,
            warnings,
            warning_kinds,
            pending: session.score_if_approved().map(|(n, score)| PendingReport {
                exemptions: n,
                secure_score_if_approved: score,
            }),
            exempted_in_azure: ExemptedInAzure::new(env, evaluation),
            reported_by_azure: ReportedByAzure::new(env),
            session,
        }
    }

    /// Names of the exemptions that have expired.
    pub fn expired(&self) -> impl Iterator<Item = &str> {
        self.exemptions
            .iter()
            .filter(|e| e.state == State::Expired)
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

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Report", 12)?;
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
                session: self.session,
            },
        )?;
        st.serialize_field("findings", &self.findings)?;
        let env = self.session.environment();
        if env.finding_count() > 0 {
            st.serialize_field(
                "vulnerabilityFindings",
                &FindingCounts::new(env, self.session.evaluation()),
            )?;
        }
        if let Some(p) = &self.pending {
            st.serialize_field("pending", p)?;
        }
        st.serialize_field("exemptedInAzure", &self.exempted_in_azure)?;
        if let Some(reported) = &self.reported_by_azure {
            st.serialize_field("reportedByAzure", reported)?;
        }
        st.serialize_field("warnings", &self.warnings)?;
        st.end()
    }
}

struct Assessments<'a> {
    session: &'a Session,
}

#[derive(Serialize)]
struct AssessmentLine<'a> {
    id: &'a str,
    status: Status,
    exemption: Option<Decider<'a>>,
    /// Its vulnerability findings, when it has some.
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<FindingCounts>,
}

/// Vulnerability findings: loaded, Unhealthy, and exempted by a
/// Vulnerabilities condition.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingCounts {
    /// Findings loaded.
    pub total: usize,
    /// Of those, the Unhealthy ones.
    pub unhealthy: usize,
    /// Unhealthy findings a Vulnerabilities condition decides.
    pub exempted: usize,
}

impl FindingCounts {
    fn over(
        env: &crate::Environment,
        evaluation: &crate::evaluate::Evaluation,
        findings: impl Iterator<Item = usize>,
    ) -> FindingCounts {
        let mut c = FindingCounts {
            total: 0,
            unhealthy: 0,
            exempted: 0,
        };
        for f in findings {
            c.total += 1;
            c.unhealthy += usize::from(env.findings.unhealthy(f));
            c.exempted += usize::from(evaluation.finding_decided_by(f).is_some());
        }
        c
    }

    /// Over every finding.
    pub fn new(
        env: &crate::Environment,
        evaluation: &crate::evaluate::Evaluation,
    ) -> FindingCounts {
        Self::over(env, evaluation, 0..env.finding_count())
    }
}

#[derive(Serialize)]
struct Decider<'a> {
    name: &'a str,
    category: ExemptionCategory,
}

impl Serialize for Assessments<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let env = self.session.environment();
        let evaluation = self.session.evaluation();
        let list = self.session.exemptions();
        let mut seq = s.serialize_seq(Some(env.assessment_count()))?;
        for a in env.assessments() {
            let id = env.assessment_id(a);
            seq.serialize_element(&AssessmentLine {
                id: &id,
                status: evaluation.status(a),
                exemption: evaluation.decided_by(a).map(|(e, category)| Decider {
                    name: &list[e.index()].name,
                    category,
                }),
                findings: (env.findings_of(a) > 0)
                    .then(|| FindingCounts::over(env, evaluation, env.findings.of(a.index()))),
            })?;
        }
        seq.end()
    }
}
