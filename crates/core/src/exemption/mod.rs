//! Exemptions and the exemption file.
//!
//! [`validate`] reads one exemption field by field from a JSON value rather
//! than with a derived deserializer, so that every problem is reported at once
//! with the exemption's name and the field; [`file`] reads and writes whole
//! files, keeping fields this version does not know.

mod azure;
mod check;
mod file;
mod governance;
mod policy;
pub mod text;
mod validate;
mod vulnerabilities;

pub use azure::{signatures, AzureKind, AzureResource, POLICY_EXEMPTION, STANDARD_ASSIGNMENT};
pub use check::{check, Expired, Validation};
pub(crate) use file::{duplicate_names, exemption_items};
pub use file::{parse_one, ExemptionFile};
pub use governance::{requester_decides, same_person, Approval, Decision, Governance};
pub use policy::{Approvals, Policy, State, MAX_DAYS};
pub use validate::scope_problem;
pub use vulnerabilities::{number, Cvss, Facts, Vulnerabilities};

use crate::model::{Cloud, ExemptionCategory};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value};

/// What an exemption exempts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Selected recommendations, by assessment key.
    Recommendations(Vec<String>),
    /// Every recommendation of a category, such as `Compute`.
    Category(String),
    /// Vulnerability findings matching a condition, under the
    /// recommendations that have findings.
    Vulnerabilities(Vulnerabilities),
}

/// One exemption, valid by construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exemption {
    /// Unique (without case) and not empty.
    pub name: String,
    /// Why the exemption exists.
    pub description: Option<String>,
    /// The cloud whose assessments it applies to.
    pub cloud: Cloud,
    /// Management group, subscription, resource group, resource or connector ids.
    pub scopes: Vec<String>,
    /// Mitigated or waiver.
    pub category: ExemptionCategory,
    /// The exemption applies strictly before this instant.
    pub expires_on: Option<DateTime<Utc>>,
    /// The recommendations or the category it covers.
    pub target: Target,
    /// Identity given by the app.
    pub id: Option<String>,
    /// When it was created.
    pub created_on: Option<DateTime<Utc>>,
    /// Who created it.
    pub created_by: Option<String>,
    /// Free-form, as in Azure Policy exemptions.
    pub metadata: Option<Value>,
    /// Owner, ticket, request and decision.
    pub governance: Governance,
    /// The Azure resources it was imported from, written back on export.
    pub azure: Vec<AzureResource>,
    /// Fields this version does not know, kept for writing back.
    pub extra: Map<String, Value>,
}

impl Exemption {
    /// An exemption with no expiry, description, identity or metadata.
    pub fn new(
        name: impl Into<String>,
        cloud: Cloud,
        scopes: Vec<String>,
        category: ExemptionCategory,
        target: Target,
    ) -> Exemption {
        Exemption {
            name: name.into(),
            description: None,
            cloud,
            scopes,
            category,
            expires_on: None,
            target,
            id: None,
            created_on: None,
            created_by: None,
            metadata: None,
            governance: Governance::default(),
            azure: Vec::new(),
            extra: Map::new(),
        }
    }

    /// Whether the exemption is in force at `at`: no expiry, or `at` strictly
    /// before it.
    pub fn is_active(&self, at: DateTime<Utc>) -> bool {
        self.expires_on.is_none_or(|e| at < e)
    }

    /// Whether `other` exempts the same assessments the same way until the
    /// same time: cloud, scopes, category, expiry and target equal. Names,
    /// descriptions, people and metadata may differ.
    pub fn same_effect(&self, other: &Exemption) -> bool {
        self.cloud == other.cloud
            && self.scopes == other.scopes
            && self.category == other.category
            && self.expires_on == other.expires_on
            && self.target == other.target
    }

    /// The exemption as a JSON object in the file format, unknown fields kept.
    pub fn to_value(&self) -> Value {
        let mut o = Map::new();
        if let Some(id) = &self.id {
            o.insert("id".into(), id.clone().into());
        }
        o.insert("name".into(), self.name.clone().into());
        if let Some(d) = &self.description {
            o.insert("description".into(), d.clone().into());
        }
        o.insert("cloud".into(), self.cloud.as_str().into());
        o.insert("scopes".into(), self.scopes.clone().into());
        o.insert("category".into(), self.category.as_str().into());
        if let Some(e) = self.expires_on {
            o.insert("expiresOn".into(), instant(e).into());
        }
        match &self.target {
            Target::Recommendations(keys) => {
                o.insert("recommendations".into(), keys.clone().into())
            }
            Target::Category(c) => o.insert("recommendationCategory".into(), c.clone().into()),
            Target::Vulnerabilities(v) => o.insert("vulnerabilities".into(), v.to_value()),
        };
        if let Some(c) = self.created_on {
            o.insert("createdOn".into(), instant(c).into());
        }
        if let Some(c) = &self.created_by {
            o.insert("createdBy".into(), c.clone().into());
        }
        if let Some(m) = &self.metadata {
            o.insert("metadata".into(), m.clone());
        }
        self.governance.write(&mut o);
        if !self.azure.is_empty() {
            let list = self.azure.iter().map(AzureResource::to_value).collect();
            o.insert("azure".into(), Value::Array(list));
        }
        for (k, v) in &self.extra {
            o.insert(k.clone(), v.clone());
        }
        Value::Object(o)
    }
}

/// The fields a person edits, in the file format's names.
pub const CONTENT_FIELDS: [&str; 15] = [
    "name",
    "description",
    "cloud",
    "scopes",
    "category",
    "expiresOn",
    "recommendations",
    "recommendationCategory",
    "vulnerabilities",
    "metadata",
    "owner",
    "ticket",
    "requestedBy",
    "requestedOn",
    "approval",
];

/// The fields that identify an exemption rather than describe it.
const IDENTITY_FIELDS: [&str; 4] = ["id", "createdOn", "createdBy", "azure"];

fn known(field: &str) -> bool {
    CONTENT_FIELDS.contains(&field) || IDENTITY_FIELDS.contains(&field)
}

/// An instant as people read it, everywhere Exempt shows one (lists,
/// history, explanations, warnings, lint): `2026-12-31 00:00 UTC`, the
/// instant itself, never a day before or after it; seconds only when it
/// has some. Files and JSON keep [`instant`].
pub fn shown_instant(t: DateTime<Utc>) -> String {
    use chrono::Timelike;
    if t.second() == 0 && t.nanosecond() == 0 {
        t.format("%Y-%m-%d %H:%M UTC").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
    }
}

/// [`shown_instant`] of an instant written as the file writes it; any
/// other text as it is.
pub fn shown_instant_text(text: &str) -> String {
    DateTime::parse_from_rfc3339(text).map_or_else(
        |_| text.to_string(),
        |t| shown_instant(t.with_timezone(&Utc)),
    )
}

/// An instant as the file format writes it: no fraction, or 3, 6 or 9
/// digits as it needs, except that 9 lose their trailing zeros, so that
/// Azure's 7 digits (`2024-01-02T03:04:05.1234567Z`, .NET's precision)
/// come back as Azure wrote them.
pub fn instant(t: DateTime<Utc>) -> String {
    let text = t.to_rfc3339_opts(SecondsFormat::AutoSi, true);
    match text.rsplit_once('.') {
        Some((head, fraction)) if fraction.len() == 10 => {
            format!(
                "{head}.{}Z",
                fraction.trim_end_matches('Z').trim_end_matches('0')
            )
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::instant;
    use chrono::DateTime;

    #[test]
    fn instants_keep_the_digits_they_need() {
        for text in [
            "2024-01-02T03:04:05Z",
            "2024-01-02T03:04:05.120Z",
            "2024-01-02T03:04:05.123456Z",
            "2024-01-02T03:04:05.1234567Z",
            "2024-01-02T03:04:05.123456789Z",
        ] {
            let t = DateTime::parse_from_rfc3339(text).unwrap().to_utc();
            assert_eq!(instant(t), text);
        }
    }
}
