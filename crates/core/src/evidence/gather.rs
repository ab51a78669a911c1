//! Gathering the pack from a workspace: every figure is the session's own,
//! so the pack's numbers are `exempt evaluate`'s.

use super::{
    ControlScore, Evidence, Extent, Finding, Pending, Row, ScopeScore, Scores, IDENTITIES,
};
use crate::environment::UnitKind;
use crate::error::Error;
use crate::exemption::{instant, Exemption, State, Target};
use crate::ids::{ControlIx, ExemptionIx, UnitIx};
use crate::session::Session;
use crate::workspace::Workspace;

impl Workspace {
    /// The evidence pack at the session's instant.
    pub fn evidence(&self) -> Result<Evidence, Error> {
        let s = self.session()?;
        let env = s.environment();
        let at = s.time();
        let list = s.exemptions();
        let score = Scores {
            with: s.score(),
            without: s.score_without_exemptions(),
        };
        let policy = s.policy();
        let states: Vec<State> = list.iter().map(|e| policy.state(e, at)).collect();
        let exemptions = list
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let effect = s.effect(ExemptionIx::at(i));
                row(s, e, ExemptionIx::at(i), states[i], effect)
            })
            .collect();
        let pending = s.score_if_approved().map(|(n, if_approved)| Pending {
            exemptions: n,
            if_approved,
            oldest_request: s.governance_view().oldest_request.map(|(on, _)| on),
        });
        let controls = env
            .controls()
            .iter()
            .enumerate()
            .map(|(c, def)| ControlScore {
                name: def.display_name.clone(),
                max: def.max_score,
                with: s.posture().control(ControlIx::at(c)).1,
                without: s.raw_posture().control(ControlIx::at(c)).1,
            })
            .collect();
        Ok(Evidence {
            at: instant(at),
            environment: Extent {
                assessments: env.assessment_count(),
                resources: env.resource_count(),
                units: env.units().len(),
                management_groups: env.management_groups().len(),
            },
            identities: IDENTITIES,
            score,
            pending,
            scopes: scopes(s),
            controls,
            exemptions,
            findings: findings(s, &states),
            policy: self.policy(),
            history: self.history("", usize::MAX).rows,
        })
    }
}

fn row(s: &Session, e: &Exemption, ix: ExemptionIx, state: State, effect: Option<f64>) -> Row {
    let env = s.environment();
    let outcome = s.evaluation().outcome(ix);
    let g = &e.governance;
    let target = match &e.target {
        Target::Category(c) => format!("every recommendation of the category {c}"),
        Target::Vulnerabilities(v) => v.describe(),
        Target::Recommendations(keys) => keys
            .iter()
            .map(|k| match env.recommendation_index(k) {
                Some(r) => env.recommendation(r).title().to_string(),
                None => k.clone(),
            })
            .collect::<Vec<_>>()
            .join("; "),
    };
    Row {
        name: e.name.clone(),
        state,
        category: e.category,
        cloud: e.cloud.as_str().to_string(),
        scopes: e.scopes.clone(),
        target,
        description: e.description.clone(),
        owner: g.owner.clone(),
        ticket: g.ticket.clone(),
        requested_by: g.requested_by.clone(),
        requested_on: g.requested_on.map(instant),
        decision: g.approval.as_ref().map(|a| a.decision.as_str()),
        decided_by: g.approval.as_ref().map(|a| a.by.clone()),
        decided_on: g.approval.as_ref().map(|a| instant(a.on)),
        comment: g.approval.as_ref().and_then(|a| a.comment.clone()),
        created_by: e.created_by.clone(),
        created_on: e.created_on.map(instant),
        expires_on: e.expires_on.map(instant),
        decides: outcome.decided,
        resources: outcome.resources,
        effect,
    }
}

/// Management groups (each over the subscriptions below it), then
/// subscriptions and connectors.
fn scopes(s: &Session) -> Vec<ScopeScore> {
    let env = s.environment();
    let (with, without) = (s.posture(), s.raw_posture());
    let unit_groups: Vec<Vec<usize>> = env
        .units()
        .iter()
        .map(|u| {
            env.subscriptions()
                .iter()
                .find(|sub| crate::fold::eq(&sub.scope(), &u.id))
                .map(|sub| sub.management_groups.iter().map(|g| g.index()).collect())
                .unwrap_or_default()
        })
        .collect();
    let mut out: Vec<ScopeScore> = env
        .management_groups()
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let under = |u: UnitIx| unit_groups[u.index()].contains(&g);
            ScopeScore {
                kind: "managementGroup",
                id: format!(
                    "/providers/Microsoft.Management/managementGroups/{}",
                    group.name
                ),
                name: group
                    .display_name
                    .clone()
                    .unwrap_or_else(|| group.name.clone()),
                score: Scores {
                    with: with.overall_of(under),
                    without: without.overall_of(under),
                },
            }
        })
        .collect();
    out.extend(env.units().iter().enumerate().map(|(u, unit)| ScopeScore {
        kind: match unit.kind {
            UnitKind::Subscription => "subscription",
            UnitKind::SecurityConnector => "securityConnector",
        },
        id: unit.id.clone(),
        name: unit.display_name.clone().unwrap_or_else(|| unit.id.clone()),
        score: Scores {
            with: with.unit_score(UnitIx::at(u)),
            without: without.unit_score(UnitIx::at(u)),
        },
    }));
    out
}

/// The review's findings, then what the records lack.
fn findings(s: &Session, states: &[State]) -> Vec<Finding> {
    let list = s.exemptions();
    let mut out: Vec<Finding> = s
        .findings()
        .iter()
        .map(|f| Finding {
            kind: f.kind(),
            exemptions: f
                .exemptions()
                .iter()
                .map(|i| list[i.index()].name.clone())
                .collect(),
            message: f.describe(list),
        })
        .collect();
    let mut lacking =
        |kind: &'static str, (one, many): (&str, &str), lacks: &dyn Fn(&Exemption) -> bool| {
            let names: Vec<String> = list
                .iter()
                .zip(states)
                .filter(|(e, st)| **st != State::Rejected && **st != State::Expired && lacks(e))
                .map(|(e, _)| e.name.clone())
                .collect();
            if !names.is_empty() {
                out.push(Finding {
                    kind,
                    message: match names.len() {
                        1 => format!("1 exemption {one}."),
                        n => format!("{n} exemptions {many}."),
                    },
                    exemptions: names,
                });
            }
        };
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|v| v.trim().is_empty());
    lacking("noExpiry", ("never expires", "never expire"), &|e| {
        e.expires_on.is_none()
    });
    lacking("noOwner", ("names no owner", "name no owner"), &|e| {
        blank(&e.governance.owner)
    });
    lacking("noTicket", ("names no ticket", "name no ticket"), &|e| {
        blank(&e.governance.ticket)
    });
    let waiting: Vec<String> = list
        .iter()
        .zip(states)
        .filter(|(_, st)| **st == State::Pending)
        .map(|(e, _)| e.name.clone())
        .collect();
    if !waiting.is_empty() {
        out.push(Finding {
            kind: "pending",
            message: format!(
                "{} exemption{} never approved: {} not apply until approved.",
                waiting.len(),
                if waiting.len() == 1 { " was" } else { "s were" },
                if waiting.len() == 1 {
                    "it does"
                } else {
                    "they do"
                }
            ),
            exemptions: waiting,
        });
    }
    out
}
