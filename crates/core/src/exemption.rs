//! Exemptions and the exemption file: reading, validating and writing back.
//!
//! The file is read field by field from JSON values rather than with a derived
//! deserializer, so that every problem is reported at once with the
//! exemption's name and the field, and so that fields this version does not
//! know are kept when the file is written again.

use crate::error::Problem;
use crate::model::{Cloud, ExemptionCategory};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value};
use std::fmt;

/// What an exemption exempts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Selected recommendations, by assessment key.
    Recommendations(Vec<String>),
    /// Every recommendation of a category, such as `Compute`.
    Category(String),
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
            extra: Map::new(),
        }
    }

    /// Whether the exemption is in force at `at`: no expiry, or `at` strictly
    /// before it.
    pub fn is_active(&self, at: DateTime<Utc>) -> bool {
        self.expires_on.is_none_or(|e| at < e)
    }

    /// Reads one exemption; `index` counts from 1 and appears in problems.
    pub fn from_value(index: usize, value: &Value) -> Result<Exemption, Vec<Problem>> {
        let Some(obj) = value.as_object() else {
            return Err(vec![Problem {
                index,
                name: None,
                field: "exemption",
                message: "must be a JSON object".into(),
            }]);
        };
        let mut fields = Fields {
            obj,
            index,
            name: None,
            problems: Vec::new(),
        };
        let name = fields.text("name", true).unwrap_or_default();
        if !name.trim().is_empty() {
            fields.name = Some(name.clone());
        } else if obj.contains_key("name") && fields.problems.is_empty() {
            fields.problem("name", "must not be empty");
        }
        let description = fields.text("description", false);
        let cloud = fields.text("cloud", true).and_then(|c| {
            let parsed = Cloud::parse(&c);
            if parsed.is_none() {
                fields.problem("cloud", format!("`{c}` is not Azure, AWS or GCP"));
            }
            parsed
        });
        let scopes = fields.scopes();
        let category = fields.text("category", true).and_then(|c| {
            let parsed = ExemptionCategory::parse(&c);
            if parsed.is_none() {
                fields.problem("category", format!("`{c}` is not mitigated or waiver"));
            }
            parsed
        });
        let expires_on = fields.instant("expiresOn");
        let created_on = fields.instant("createdOn");
        let target = fields.target();
        let id = fields.text("id", false);
        let created_by = fields.text("createdBy", false);
        if !fields.problems.is_empty() {
            return Err(fields.problems);
        }
        let extra = obj
            .iter()
            .filter(|(k, _)| !known(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(Exemption {
            name,
            description,
            cloud: cloud.expect("checked"),
            scopes,
            category: category.expect("checked"),
            expires_on,
            target: target.expect("checked"),
            id,
            created_on,
            created_by,
            metadata: obj.get("metadata").filter(|m| !m.is_null()).cloned(),
            extra,
        })
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
        for (k, v) in &self.extra {
            o.insert(k.clone(), v.clone());
        }
        Value::Object(o)
    }
}

/// The fields a person edits, in the file format's names.
pub const CONTENT_FIELDS: [&str; 9] = [
    "name",
    "description",
    "cloud",
    "scopes",
    "category",
    "expiresOn",
    "recommendations",
    "recommendationCategory",
    "metadata",
];

/// The fields that identify an exemption rather than describe it.
const IDENTITY_FIELDS: [&str; 3] = ["id", "createdOn", "createdBy"];

fn known(field: &str) -> bool {
    CONTENT_FIELDS.contains(&field) || IDENTITY_FIELDS.contains(&field)
}

fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

struct Fields<'a> {
    obj: &'a Map<String, Value>,
    index: usize,
    name: Option<String>,
    problems: Vec<Problem>,
}

impl Fields<'_> {
    fn problem(&mut self, field: &'static str, message: impl Into<String>) {
        self.problems.push(Problem {
            index: self.index,
            name: self.name.clone(),
            field,
            message: message.into(),
        });
    }

    fn text(&mut self, field: &'static str, required: bool) -> Option<String> {
        match self.obj.get(field) {
            None | Some(Value::Null) => {
                if required {
                    self.problem(field, "is required");
                }
                None
            }
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.problem(field, "must be a string");
                None
            }
        }
    }

    fn instant(&mut self, field: &'static str) -> Option<DateTime<Utc>> {
        let text = self.text(field, false)?;
        match DateTime::parse_from_rfc3339(text.trim()) {
            Ok(t) => Some(t.with_timezone(&Utc)),
            Err(e) => {
                self.problem(
                    field,
                    format!("`{text}` is not an RFC 3339 date and time ({e})"),
                );
                None
            }
        }
    }

    fn strings(&mut self, field: &'static str) -> Option<Vec<String>> {
        match self.obj.get(field)? {
            Value::Array(items) => {
                let strings: Vec<String> = items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
                if strings.len() != items.len() {
                    self.problem(field, "must be a list of strings");
                    return None;
                }
                Some(strings)
            }
            Value::Null => None,
            _ => {
                self.problem(field, "must be a list of strings");
                None
            }
        }
    }

    fn scopes(&mut self) -> Vec<String> {
        let Some(scopes) = self.strings("scopes") else {
            if !self.obj.contains_key("scopes") || self.obj["scopes"].is_null() {
                self.problem("scopes", "at least one scope is required");
            }
            return Vec::new();
        };
        if scopes.is_empty() {
            self.problem("scopes", "at least one scope is required");
        }
        for s in &scopes {
            if crate::scope::classify(s).is_none() {
                self.problem(
                    "scopes",
                    format!("`{s}` is not a management group, subscription, resource group, resource or connector id"),
                );
            }
        }
        scopes
    }

    fn target(&mut self) -> Option<Target> {
        let keys = self.strings("recommendations");
        let category = self.text("recommendationCategory", false);
        match (keys, category) {
            (Some(_), Some(_)) => {
                self.problem(
                    "recommendations",
                    "give either recommendations or recommendationCategory, not both",
                );
                None
            }
            (Some(keys), None) if keys.iter().all(|k| k.trim().is_empty()) => {
                self.problem("recommendations", "must list at least one recommendation");
                None
            }
            (Some(keys), None) => Some(Target::Recommendations(keys)),
            (None, Some(c)) if c.trim().is_empty() => {
                self.problem("recommendationCategory", "must not be empty");
                None
            }
            (None, Some(c)) => Some(Target::Category(c)),
            (None, None) => {
                // `strings` already reported a value of the wrong type.
                if matches!(self.obj.get("recommendations"), None | Some(Value::Null)) {
                    self.problem(
                        "recommendations",
                        "one of recommendations or recommendationCategory is required",
                    );
                }
                None
            }
        }
    }
}

/// An exemption file: `{"exemptions": [...]}` plus any other top-level fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExemptionFile {
    /// The exemptions, in file order (which decides ties).
    pub exemptions: Vec<Exemption>,
    /// Top-level fields other than `exemptions`, kept for writing back.
    pub extra: Map<String, Value>,
}

/// Why an exemption file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExemptionFileError {
    /// Not JSON, or not an object with an `exemptions` array.
    Syntax(String),
    /// Every problem of every exemption.
    Invalid(Vec<Problem>),
}

impl fmt::Display for ExemptionFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExemptionFileError::Syntax(m) => f.write_str(m),
            ExemptionFileError::Invalid(problems) => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ExemptionFileError {}

impl ExemptionFile {
    /// Reads and validates a whole file.
    pub fn parse(text: &str) -> Result<ExemptionFile, ExemptionFileError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| ExemptionFileError::Syntax(e.to_string()))?;
        let Value::Object(mut top) = value else {
            return Err(ExemptionFileError::Syntax(
                r#"expected an object with an "exemptions" array"#.into(),
            ));
        };
        let items = match top.remove("exemptions") {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(ExemptionFileError::Syntax(
                    r#"expected an object with an "exemptions" array"#.into(),
                ))
            }
        };
        let mut problems = Vec::new();
        let mut exemptions = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match Exemption::from_value(i + 1, item) {
                Ok(e) => exemptions.push((i + 1, e)),
                Err(p) => problems.extend(p),
            }
        }
        let names = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| Some((i + 1, item.get("name")?.as_str()?)));
        problems.extend(duplicate_names(names));
        problems.sort_by_key(|p| p.index); // stable: fields stay in reading order
        if !problems.is_empty() {
            return Err(ExemptionFileError::Invalid(problems));
        }
        Ok(ExemptionFile {
            exemptions: exemptions.into_iter().map(|(_, e)| e).collect(),
            extra: top,
        })
    }

    /// The file as JSON, unknown fields kept.
    pub fn to_value(&self) -> Value {
        let mut top = self.extra.clone();
        top.insert(
            "exemptions".into(),
            Value::Array(self.exemptions.iter().map(Exemption::to_value).collect()),
        );
        Value::Object(top)
    }
}

fn duplicate_names<'a>(names: impl Iterator<Item = (usize, &'a str)>) -> Vec<Problem> {
    let mut first_of: rustc_hash::FxHashMap<String, usize> = Default::default();
    let mut problems = Vec::new();
    for (index, name) in names {
        let folded = crate::fold::fold(name.trim()).into_owned();
        if folded.is_empty() {
            continue;
        }
        match first_of.get(&folded) {
            Some(first) => problems.push(Problem {
                index,
                name: Some(name.to_string()),
                field: "name",
                message: format!("duplicates the name of exemption {first}"),
            }),
            None => {
                first_of.insert(folded, index);
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"{"version": 3, "exemptions": [{
        "name": "Legacy VMs", "description": "Patched by Tanium", "cloud": "aws",
        "scopes": ["/subscriptions/s1/resourceGroups/rg/"], "category": "Mitigated",
        "expiresOn": "2027-01-31T01:00:00+01:00", "recommendations": ["k1"],
        "metadata": {"ticketRef": "SEC-123"}, "owner": {"team": "infra"}, "id": "x1"
    }]}"#;

    #[test]
    fn unknown_fields_survive_a_rewrite() {
        let file = ExemptionFile::parse(FILE).unwrap();
        let e = &file.exemptions[0];
        assert_eq!(e.cloud, Cloud::Aws);
        assert_eq!(e.category, ExemptionCategory::Mitigated);
        assert_eq!(
            e.expires_on.unwrap().to_rfc3339(),
            "2027-01-31T00:00:00+00:00"
        );
        let written = file.to_value();
        assert_eq!(written["version"], 3);
        assert_eq!(written["exemptions"][0]["owner"]["team"], "infra");
        assert_eq!(written["exemptions"][0]["metadata"]["ticketRef"], "SEC-123");
        assert_eq!(
            written["exemptions"][0]["expiresOn"],
            "2027-01-31T00:00:00Z"
        );
        let again = ExemptionFile::parse(&written.to_string()).unwrap();
        assert_eq!(again, file);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let text = r#"{"exemptions": [{"name": "A", "cloud": "Moon", "scopes": [], "category": "maybe"}]}"#;
        let Err(ExemptionFileError::Invalid(problems)) = ExemptionFile::parse(text) else {
            panic!("expected problems");
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["cloud", "scopes", "category", "recommendations"]);
        assert!(problems.iter().all(|p| p.name.as_deref() == Some("A")));
    }

    #[test]
    fn not_an_exemption_file() {
        assert!(matches!(
            ExemptionFile::parse("[]"),
            Err(ExemptionFileError::Syntax(_))
        ));
        assert!(matches!(
            ExemptionFile::parse("{"),
            Err(ExemptionFileError::Syntax(_))
        ));
    }
}
