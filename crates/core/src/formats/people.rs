//! Owner, ticket, requester and approver in a format's metadata: the names
//! other tools read (PSRule's), beside the user's own keys, with the
//! carrier saying which keys are ours.

use super::parts::CARRIER;
use crate::exemption::{instant, Approval, Decision, Exemption};
use serde_json::{Map, Value};

/// Owner, ticket, requester and approver go beside the user's metadata
/// under the names other tools read (PSRule's `requestedBy`,
/// `approvedBy`, `approvedOn`, `ticketRef`, `owner`), and the carrier lists
/// which keys they are, so that the user's own keys of those names stay
/// theirs. A name the user's metadata already has goes in the carrier.
pub(super) fn pack(e: &Exemption, out: &mut Map<String, Value>, c: &mut Map<String, Value>) {
    let g = &e.governance;
    let approval = g.approval.as_ref();
    let fields: [(&str, Option<String>); 6] = [
        ("owner", g.owner.clone()),
        ("ticketRef", g.ticket.clone()),
        ("requestedBy", g.requested_by.clone()),
        ("requestedOn", g.requested_on.map(instant)),
        ("approvedBy", approval.map(|a| a.by.clone())),
        ("approvedOn", approval.map(|a| instant(a.on))),
    ];
    let mut listed = Vec::new();
    for (key, value) in fields {
        let Some(value) = value else { continue };
        if out.contains_key(key) {
            c.insert(key.into(), value.into());
        } else {
            out.insert(key.into(), value.into());
            listed.push(Value::from(key));
        }
    }
    if !listed.is_empty() {
        c.insert("governance".into(), Value::Array(listed));
    }
    if let Some(a) = approval {
        if a.decision != Decision::Approved {
            c.insert("decision".into(), a.decision.as_str().into());
        }
        if let Some(comment) = &a.comment {
            c.insert("approvalComment".into(), comment.clone().into());
        }
    }
}

/// Reads owner, ticket, request and approval back: from the carrier, and
/// from the keys beside it that the carrier lists, or (metadata another
/// tool wrote, with no carrier) every key of those names.
pub(super) fn unpack(
    carrier: Option<&Map<String, Value>>,
    rest: &mut Map<String, Value>,
    e: &mut Exemption,
) -> Result<(), (String, String)> {
    let listed: Vec<String> = match carrier.and_then(|c| c.get("governance")) {
        Some(Value::Array(keys)) => keys
            .iter()
            .filter_map(|k| k.as_str().map(String::from))
            .collect(),
        Some(_) => {
            return Err((
                format!("{CARRIER}.governance"),
                "must be a list of keys".into(),
            ))
        }
        None if carrier.is_none() => foreign_keys(rest),
        None => Vec::new(),
    };
    let mut take = |key: &str| -> Result<Option<String>, (String, String)> {
        let beside = if listed.iter().any(|k| k == key) {
            rest.remove(key)
        } else {
            None
        };
        match beside.or_else(|| carrier.and_then(|c| c.get(key)).cloned()) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err((key.to_string(), "must be a string".into())),
        }
    };
    let when = |key: &str, t: Option<String>| match t {
        None => Ok(None),
        Some(t) => super::item::parse_instant(&t)
            .map(Some)
            .ok_or_else(|| (key.to_string(), "is not a date and time".to_string())),
    };
    let g = &mut e.governance;
    g.owner = take("owner")?;
    g.ticket = take("ticketRef")?;
    g.requested_by = take("requestedBy")?;
    g.requested_on = when("requestedOn", take("requestedOn")?)?;
    let by = take("approvedBy")?;
    let on = when("approvedOn", take("approvedOn")?)?;
    let decision = match take("decision")? {
        None => Decision::Approved,
        Some(d) => Decision::parse(&d).ok_or((
            "decision".to_string(),
            "is not approved or rejected".to_string(),
        ))?,
    };
    let comment = take("approvalComment")?;
    g.approval = match (by, on) {
        (Some(by), Some(on)) => Some(Approval {
            by,
            on,
            decision,
            comment,
        }),
        (None, None) => None,
        _ => {
            return Err((
                "approvedBy".into(),
                "and approvedOn come together: an approval says who and when".into(),
            ))
        }
    };
    if g.self_approved() {
        return Err((
            "approvedBy".into(),
            "names the requester: the requester cannot decide their own request".into(),
        ));
    }
    Ok(())
}

/// Which keys of metadata another tool wrote read as owner, ticket,
/// requester and approver: text, dates that read as dates, and an
/// approver only with the date of the approval (without it, as Azure
/// lists some, the keys stay the user's metadata).
fn foreign_keys(rest: &Map<String, Value>) -> Vec<String> {
    let text = |k: &str| rest.get(k).and_then(Value::as_str);
    let date = |k: &str| text(k).is_some_and(|t| super::item::parse_instant(t).is_some());
    GOVERNANCE_KEYS
        .iter()
        .filter(|k| match **k {
            "requestedOn" => date(k),
            "approvedBy" | "approvedOn" => text("approvedBy").is_some() && date("approvedOn"),
            _ => text(k).is_some(),
        })
        .map(|k| k.to_string())
        .collect()
}

/// The metadata keys of owner, ticket, requester and approver.
const GOVERNANCE_KEYS: [&str; 6] = [
    "owner",
    "ticketRef",
    "requestedBy",
    "requestedOn",
    "approvedBy",
    "approvedOn",
];
