//! The rules that need the environment: what the exemptions do there.

use super::{finding, Finding, Read};
use crate::environment::{Environment, UnitKind};
use crate::error::Error;
use crate::exemption::{Exemption, State, Target};
use crate::fold;
use crate::lifecycle::Finding as Review;
use crate::session::Session;
use chrono::{DateTime, Utc};
use std::sync::Arc;

pub(super) fn rules(
    read: &Read,
    session: &mut Session,
    at: DateTime<Utc>,
    found: &mut Vec<Finding>,
) -> Result<(), Error> {
    // Shared, not copied: exemptions the session holds already (the
    // workspace's) are found alike and evaluate nothing again.
    let list = read.list.iter().map(|(_, e)| Arc::clone(e));
    session.set_judged_at(list, read.policy.clone(), at)?;
    let at_file = |ix: crate::ids::ExemptionIx| read.list[ix.index()].0;
    let name = |ix: crate::ids::ExemptionIx| Some(read.list[ix.index()].1.name.as_str());
    let list = session.exemptions();
    for f in session.findings() {
        let (id, ix) = match *f {
            Review::Unused { exemption } => ("EX204", exemption),
            Review::Redundant { exemption, .. } => ("EX205", exemption),
            Review::Conflict { waiver, .. } => ("EX206", waiver),
            Review::AllHealthy {
                exemption,
                waiver: true,
            } => ("EX207", exemption),
            // Expiry is the file's rules'; a mitigation on healthy
            // assessments changes nothing, which Unused-like advice covers.
            Review::AllHealthy { .. } | Review::Expired { .. } | Review::Expiring { .. } => {
                continue
            }
        };
        let field = if id == "EX206" { "category" } else { "scopes" };
        // Described only when kept: most findings are expiries, the
        // file's rules' to report.
        found.push(finding(id, at_file(ix), name(ix), field, f.describe(list)));
    }
    let env = session.environment();
    for (pos, (i, e)) in read.list.iter().enumerate() {
        let (i, n) = (*i, Some(e.name.as_str()));
        let outcome = session
            .evaluation()
            .outcome(crate::ids::ExemptionIx::at(pos));
        if read.policy.state(e, at) == State::Active {
            for s in &outcome.unknown_scopes {
                found.push(finding(
                    "EX210",
                    i,
                    n,
                    "scopes",
                    format!("scope {s} names nothing in the environment's exports"),
                ));
            }
            for t in &outcome.unknown_targets {
                found.push(finding(
                    "EX210",
                    i,
                    n,
                    "recommendations",
                    format!("no assessment has the recommendation or category {t}"),
                ));
            }
        }
        of_exemption(i, e, env, found);
    }
    Ok(())
}

/// The rules that need only the environment's catalogue and connectors,
/// not what the other exemptions do: they hold for a draft in the wizard
/// as for an exemption in a file.
pub(super) fn of_exemption(i: usize, e: &Exemption, env: &Environment, found: &mut Vec<Finding>) {
    let n = Some(e.name.as_str());
    if let Target::Recommendations(keys) = &e.target {
        let idle: Vec<&str> = keys
            .iter()
            .filter_map(|k| env.recommendation_index(k).map(|r| env.recommendation(r)))
            .filter(|r| !r.counts())
            .map(|r| r.title())
            .collect();
        if !idle.is_empty() {
            found.push(finding(
                "EX208",
                i,
                n,
                "recommendations",
                format!(
                    "{} do{} not count in the secure score (in preview, or in no control)",
                    idle.join("; "),
                    if idle.len() == 1 { "es" } else { "" }
                ),
            ));
        }
    }
    for s in &e.scopes {
        let id = s.trim_end_matches('/');
        // A connector's cloud, from its own row or from its resources.
        let cloud = env
            .connectors()
            .iter()
            .find(|c| fold::eq(&c.id, id))
            .and_then(|c| c.cloud)
            .or_else(|| {
                env.units()
                    .iter()
                    .find(|u| u.kind == UnitKind::SecurityConnector && fold::eq(&u.id, id))
                    .map(|u| u.cloud)
            });
        if let Some(cloud) = cloud.filter(|c| *c != e.cloud) {
            found.push(finding("EX209", i, n, "cloud", format!("{s} is a connector for {cloud}, and the exemption is for {}: it exempts nothing there", e.cloud)));
        }
    }
}
