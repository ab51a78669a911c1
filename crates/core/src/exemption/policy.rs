//! The team's rules for its exemptions, kept in the exemption file beside
//! them, and the state each exemption is in under them.

use super::governance::Decision;
use super::Exemption;
use crate::error::Problem;
use crate::model::ExemptionCategory;
use crate::text::quote;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Which exemptions need an approved decision before they apply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Approvals {
    /// None: every exemption applies as written.
    #[default]
    None,
    /// Every exemption.
    All,
    /// Waivers only: mitigations apply as written.
    Waivers,
}

/// The team's rules. The default asks for nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    /// Which exemptions wait for approval.
    pub require_approval: Approvals,
    /// The longest an exemption may last from its request; an expiry is
    /// then required.
    pub max_days: Option<u32>,
    /// Whether every exemption names a ticket.
    pub require_ticket: bool,
    /// Whether every exemption names an owner.
    pub require_owner: bool,
}

/// Where an exemption stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum State {
    /// It applies.
    Active,
    /// It waits for an approved decision, and does not apply until then.
    Pending,
    /// It was refused, and does not apply.
    Rejected,
    /// Past its expiry.
    Expired,
}

impl State {
    /// The word the file format and the JSON reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Active => "active",
            State::Pending => "pending",
            State::Rejected => "rejected",
            State::Expired => "expired",
        }
    }

    /// The word the app and the tables show.
    pub fn label(self) -> &'static str {
        match self {
            State::Active => "Active",
            State::Pending => "Pending",
            State::Rejected => "Rejected",
            State::Expired => "Expired",
        }
    }
}

/// The largest `maxDays` accepted: a hundred years.
pub const MAX_DAYS: u32 = 36_525;

impl Policy {
    /// Whether exemptions of `category` wait for approval.
    pub fn needs_approval(&self, category: ExemptionCategory) -> bool {
        match self.require_approval {
            Approvals::None => false,
            Approvals::All => true,
            Approvals::Waivers => category == ExemptionCategory::Waiver,
        }
    }

    /// Whether the policy asks for anything.
    pub fn is_empty(&self) -> bool {
        *self == Policy::default()
    }

    /// Where `e` stands at `at`. A rejection is final whatever the policy
    /// says; an expired exemption is expired whether or not it was
    /// approved; and one that needs approval waits for it.
    pub fn state(&self, e: &Exemption, at: DateTime<Utc>) -> State {
        match self.undecided(e) {
            Some(State::Rejected) => State::Rejected,
            _ if !e.is_active(at) => State::Expired,
            Some(s) => s,
            None => State::Active,
        }
    }

    /// Pending or rejected, whatever the time: the decision that keeps `e`
    /// from applying, if one does.
    pub fn undecided(&self, e: &Exemption) -> Option<State> {
        let decision = e.governance.approval.as_ref().map(|a| a.decision);
        match decision {
            Some(Decision::Rejected) => Some(State::Rejected),
            Some(Decision::Approved) => None,
            None => self.needs_approval(e.category).then_some(State::Pending),
        }
    }

    /// Whether `e` applies at `at`.
    pub fn in_force(&self, e: &Exemption, at: DateTime<Utc>) -> bool {
        self.state(e, at) == State::Active
    }

    /// Reads the file's `policy` object, reporting every problem.
    pub fn from_value(value: &Value) -> Result<Policy, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut problem = |field: &str, message: String| {
            problems.push(Problem {
                hint: None,
                index: 0,
                name: None,
                field: format!("policy.{field}"),
                message,
            })
        };
        let Some(o) = value.as_object() else {
            problem("", "must be an object".into());
            return Err(problems);
        };
        let mut policy = Policy::default();
        for (k, v) in o {
            match k.as_str() {
                "requireApproval" => match v {
                    Value::Bool(true) => policy.require_approval = Approvals::All,
                    Value::Bool(false) | Value::Null => {}
                    Value::String(s) if s.trim().eq_ignore_ascii_case("waiver") => {
                        policy.require_approval = Approvals::Waivers
                    }
                    _ => problem(k, "must be true, false or \"waiver\"".into()),
                },
                "maxDays" => match v.as_u64().and_then(|d| u32::try_from(d).ok()) {
                    _ if v.is_null() => {}
                    Some(d) if (1..=MAX_DAYS).contains(&d) => policy.max_days = Some(d),
                    _ => problem(k, format!("must be a whole number of days from 1 to {MAX_DAYS}")),
                },
                "requireTicket" | "requireOwner" => match v {
                    Value::Bool(b) => {
                        if k == "requireTicket" {
                            policy.require_ticket = *b
                        } else {
                            policy.require_owner = *b
                        }
                    }
                    Value::Null => {}
                    _ => problem(k, "must be true or false".into()),
                },
                _ => problem(
                    k,
                    "is not a rule this version knows (requireApproval, maxDays, requireTicket, requireOwner): a rule it ignored would not be enforced".into(),
                ),
            }
        }
        if problems.is_empty() {
            Ok(policy)
        } else {
            Err(problems)
        }
    }

    /// The policy in the file's names.
    pub fn to_value(&self) -> Value {
        let mut o = Map::new();
        match self.require_approval {
            Approvals::None => {}
            Approvals::All => {
                o.insert("requireApproval".into(), true.into());
            }
            Approvals::Waivers => {
                o.insert("requireApproval".into(), "waiver".into());
            }
        }
        if let Some(d) = self.max_days {
            o.insert("maxDays".into(), d.into());
        }
        if self.require_ticket {
            o.insert("requireTicket".into(), true.into());
        }
        if self.require_owner {
            o.insert("requireOwner".into(), true.into());
        }
        Value::Object(o)
    }

    /// What `e`, exemption `index` (from 1) of its file, breaks of the
    /// policy. The expiry is measured from the request, or from the
    /// creation when no request is recorded; with neither, only its
    /// presence is checked.
    pub fn problems(&self, index: usize, e: &Exemption) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut problem = |field: &str, message: String| {
            out.push(Problem {
                hint: None,
                index,
                name: Some(quote(&e.name)),
                field: field.into(),
                message,
            })
        };
        let g = &e.governance;
        if self.require_owner && blank(&g.owner) {
            problem("owner", "is required by the policy (requireOwner)".into());
        }
        if self.require_ticket && blank(&g.ticket) {
            problem("ticket", "is required by the policy (requireTicket)".into());
        }
        if let Some(days) = self.max_days {
            match (e.expires_on, g.requested_on.or(e.created_on)) {
                (None, _) => problem(
                    "expiresOn",
                    format!("is required by the policy (maxDays {days})"),
                ),
                (Some(end), Some(from)) if end - from > Duration::days(i64::from(days)) => problem(
                    "expiresOn",
                    format!(
                        "is {} days after the request, more than the policy's maxDays {days}",
                        ((end - from).num_seconds() + 86_399) / 86_400
                    ),
                ),
                _ => {}
            }
        }
        out
    }
}

fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|s| s.trim().is_empty())
}
