//! Who answers for an exemption and who decided it: the owner, the ticket,
//! the request and the approval. They are recorded as given, never
//! authenticated: a name here is what someone typed.

use crate::fold::fold;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The people and the decision behind an exemption.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Governance {
    /// Who answers for the accepted risk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// A ticket id or a URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// Who asked for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_by: Option<String>,
    /// When it was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_on: Option<DateTime<Utc>>,
    /// The decision on the request, once one is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
}

/// A decision on a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Approval {
    /// Who decided.
    pub by: String,
    /// When.
    pub on: DateTime<Utc>,
    /// Approved or rejected.
    pub decision: Decision,
    /// Why, in the decider's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// What was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Decision {
    /// The exemption may apply.
    Approved,
    /// It may not.
    Rejected,
}

impl Decision {
    /// Reads `approved` or `rejected`, in any case.
    pub fn parse(s: &str) -> Option<Decision> {
        match s.trim().to_ascii_lowercase().as_str() {
            "approved" => Some(Decision::Approved),
            "rejected" => Some(Decision::Rejected),
            _ => None,
        }
    }

    /// The file format's word.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
        }
    }
}

/// Whether two people's names are the same as the file compares names:
/// case and surrounding spaces ignored.
pub fn same_person(a: &str, b: &str) -> bool {
    fold(a.trim()) == fold(b.trim())
}

impl super::Exemption {
    /// Records `by`'s decision at `at`, in place of any earlier one.
    /// Refused when `by` is blank or asked for the exemption.
    pub fn decide(
        &mut self,
        decision: Decision,
        by: &str,
        comment: Option<String>,
        at: DateTime<Utc>,
    ) -> Result<(), crate::error::Error> {
        use crate::error::Error;
        let by = by.trim();
        if by.is_empty() {
            return Err(Error::invalid(
                "say who decides: the decision records their name or e-mail",
            )
            .at_field("approval.by"));
        }
        if self
            .governance
            .requested_by
            .as_deref()
            .is_some_and(|r| same_person(r, by))
        {
            return Err(requester_decides(by, &self.name));
        }
        self.governance.approval = Some(Approval {
            by: by.to_string(),
            on: at,
            decision,
            comment: comment.filter(|c| !c.trim().is_empty()),
        });
        Ok(())
    }
}

/// The refusal of a decision by `by`, who asked for the exemption `name`.
pub fn requester_decides(by: &str, name: &str) -> crate::error::Error {
    crate::error::Error::invalid(format!(
        "“{}” asked for “{}”: the requester cannot decide their own request",
        crate::text::quote(by),
        crate::text::quote(name)
    ))
    .at_field("approval.by")
}

impl Governance {
    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        *self == Governance::default()
    }

    /// Whether the decision was made by the person who asked.
    pub fn self_approved(&self) -> bool {
        match (&self.requested_by, &self.approval) {
            (Some(by), Some(a)) => same_person(by, &a.by),
            _ => false,
        }
    }

    /// Writes the fields into an exemption's object, in the file's names.
    pub(crate) fn write(&self, o: &mut Map<String, Value>) {
        if let Value::Object(fields) = serde_json::to_value(self).unwrap_or_default() {
            for (k, v) in fields {
                let v = match (k.as_str(), v) {
                    ("requestedOn", _) => self.requested_on.map(super::instant).into(),
                    ("approval", Value::Object(mut a)) => {
                        if let Some(ap) = &self.approval {
                            a.insert("on".into(), super::instant(ap.on).into());
                        }
                        Value::Object(a)
                    }
                    (_, v) => v,
                };
                o.insert(k, v);
            }
        }
    }
}
