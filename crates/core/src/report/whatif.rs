//! A draft's impact by name rather than by position: what the JavaScript
//! package hands to dashboards, which do not know the engine's ids.

use crate::environment::UnitKind;
use crate::score::{Score, Tally};
use crate::session::Session;
use crate::whatif::Impact;
use serde::Serialize;

/// The before and after of one score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Now.
    pub before: Score,
    /// With the draft.
    pub after: Score,
}

/// A control whose pooled counts the draft changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ControlImpact {
    /// The definition's `name`.
    pub id: String,
    /// The control's title.
    pub display_name: String,
    /// Pooled counts now.
    pub before: Tally,
    /// Pooled counts with the draft.
    pub after: Tally,
    /// Pooled points now.
    pub points_before: f64,
    /// Pooled points with the draft.
    pub points_after: f64,
}

/// A subscription or connector whose score the draft changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitImpact {
    /// `/subscriptions/<id>` or the connector's id.
    pub id: String,
    /// `subscription` or `securityConnector`.
    pub kind: UnitKind,
    /// Its name, when known.
    pub display_name: Option<String>,
    /// Its score now.
    pub before: Score,
    /// Its score with the draft.
    pub after: Score,
}

/// What adding a draft exemption would change.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhatIfReport {
    /// Healthy or Unhealthy assessments the draft applies to.
    pub matched: usize,
    /// Of those, the ones no exemption decided before.
    pub newly_exempt: usize,
    /// Of those, decided before in the other category (waived ones a
    /// mitigating draft would mark Healthy, or the reverse).
    pub recategorized: usize,
    /// Assessments Unhealthy now that would no longer be.
    pub unhealthy_resolved: usize,
    /// Resources with at least one assessment whose status changes.
    pub resources: usize,
    /// The overall secure score now and with the draft.
    pub secure_score: Change,
    /// Controls whose pooled counts change, in definition order.
    pub controls: Vec<ControlImpact>,
    /// Subscriptions and connectors whose scores change.
    pub subscriptions: Vec<UnitImpact>,
}

impl WhatIfReport {
    /// Names the controls and units of `impact`, computed in `session`.
    pub fn new(session: &Session, impact: Impact) -> WhatIfReport {
        let env = session.environment();
        let controls = impact
            .controls
            .into_iter()
            .map(|c| {
                let def = &env.controls()[c.control.index()];
                ControlImpact {
                    id: def.name.clone(),
                    display_name: def.display_name.clone(),
                    before: c.before,
                    after: c.after,
                    points_before: c.points_before,
                    points_after: c.points_after,
                }
            })
            .collect();
        let subscriptions = impact
            .units
            .into_iter()
            .map(|u| {
                let unit = &env.units()[u.unit.index()];
                UnitImpact {
                    id: unit.id.clone(),
                    kind: unit.kind,
                    display_name: unit.display_name.clone(),
                    before: u.before,
                    after: u.after,
                }
            })
            .collect();
        WhatIfReport {
            matched: impact.matched,
            newly_exempt: impact.newly_exempt,
            recategorized: impact.recategorized,
            unhealthy_resolved: impact.unhealthy_resolved,
            resources: impact.resources,
            secure_score: Change {
                before: impact.before,
                after: impact.after,
            },
            controls,
            subscriptions,
        }
    }
}
