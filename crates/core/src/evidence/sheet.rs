//! The pack's exemptions table as CSV, through the same writer as the
//! auditors' export: RFC 4180, and every cell a spreadsheet could run as
//! a formula made inert.

use super::Evidence;
use crate::formats::audit::Sheet;

/// One row per exemption, with its state, people, decision and effect.
pub(super) fn write(pack: &Evidence) -> String {
    let mut out = Sheet::new();
    out.row(&[
        "name",
        "state",
        "category",
        "cloud",
        "scopes",
        "target",
        "owner",
        "ticket",
        "requestedBy",
        "requestedOn",
        "decision",
        "decidedBy",
        "decidedOn",
        "comment",
        "createdBy",
        "createdOn",
        "expiresOn",
        "assessmentsDecided",
        "resources",
        "effectPercentagePoints",
        "description",
    ]);
    for r in &pack.exemptions {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        let effect = r.effect.map(|e| format!("{e:.4}")).unwrap_or_default();
        out.row(&[
            &r.name,
            r.state.as_str(),
            r.category.as_str(),
            &r.cloud,
            &r.scopes.join("; "),
            &r.target,
            &o(&r.owner),
            &o(&r.ticket),
            &o(&r.requested_by),
            &o(&r.requested_on),
            r.decision.unwrap_or(""),
            &o(&r.decided_by),
            &o(&r.decided_on),
            &o(&r.comment),
            &o(&r.created_by),
            &o(&r.created_on),
            &o(&r.expires_on),
            &r.decides.to_string(),
            &r.resources.to_string(),
            &effect,
            &o(&r.description),
        ]);
    }
    out.text()
}
