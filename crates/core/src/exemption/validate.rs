//! Reading one exemption from a JSON value, reporting every problem with the
//! exemption and the field.

use super::{known, Approval, Decision, Exemption, Governance, Target};
use crate::error::Problem;
use crate::model::{Cloud, ExemptionCategory};
use crate::text::quote;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

impl Exemption {
    /// Reads one exemption; `index` counts from 1 and appears in problems.
    pub fn from_value(index: usize, value: &Value) -> Result<Exemption, Vec<Problem>> {
        let Some(obj) = value.as_object() else {
            return Err(vec![Problem {
                hint: None,
                index,
                name: None,
                field: "exemption".into(),
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
                fields.problem("cloud", format!("`{}` is not Azure, AWS or GCP", quote(&c)));
            }
            parsed
        });
        let scopes = fields.scopes();
        let category = fields.text("category", true).and_then(|c| {
            let parsed = ExemptionCategory::parse(&c);
            if parsed.is_none() {
                fields.problem(
                    "category",
                    format!("`{}` is not mitigated or waiver", quote(&c)),
                );
            }
            parsed
        });
        let expires_on = fields.instant("expiresOn");
        let created_on = fields.instant("createdOn");
        let target = fields.target();
        let id = fields.text("id", false);
        let created_by = fields.text("createdBy", false);
        let governance = fields.governance();
        let azure = super::azure::read(obj, &mut |f, m| fields.problem(f, m));
        let (Some(cloud), Some(category), Some(target), true) =
            (cloud, category, target, fields.problems.is_empty())
        else {
            return Err(fields.problems);
        };
        let extra = obj
            .iter()
            .filter(|(k, _)| !known(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(Exemption {
            name,
            description,
            cloud,
            scopes,
            category,
            expires_on,
            target,
            id,
            created_on,
            created_by,
            metadata: obj.get("metadata").filter(|m| !m.is_null()).cloned(),
            governance,
            azure,
            extra,
        })
    }
}

struct Fields<'a> {
    obj: &'a Map<String, Value>,
    index: usize,
    name: Option<String>,
    problems: Vec<Problem>,
}

impl Fields<'_> {
    fn problem(&mut self, field: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            hint: None,
            index: self.index,
            name: self.name.as_deref().map(quote),
            field: field.to_string(),
            message: message.into(),
        });
    }

    fn text(&mut self, field: &str, required: bool) -> Option<String> {
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

    fn instant(&mut self, field: &str) -> Option<DateTime<Utc>> {
        let text = self.text(field, false)?;
        match DateTime::parse_from_rfc3339(text.trim()) {
            Ok(t) => Some(t.with_timezone(&Utc)),
            Err(e) => {
                self.problem(
                    field,
                    format!("`{}` is not an RFC 3339 date and time ({e})", quote(&text)),
                );
                None
            }
        }
    }

    /// Owner, ticket, request and decision; a decision by the person who
    /// asked is refused, comparing names as the file compares them.
    fn governance(&mut self) -> Governance {
        let mut g = Governance {
            owner: self.text("owner", false),
            ticket: self.text("ticket", false),
            requested_by: self.text("requestedBy", false),
            requested_on: self.instant("requestedOn"),
            approval: None,
        };
        match self.obj.get("approval") {
            None | Some(Value::Null) => {}
            Some(Value::Object(a)) => {
                let inner = Fields {
                    obj: a,
                    index: self.index,
                    name: self.name.clone(),
                    problems: Vec::new(),
                };
                g.approval = inner.approval(&mut self.problems);
            }
            Some(_) => self.problem("approval", "must be an object with by, on and decision"),
        }
        if g.self_approved() {
            let by = g
                .approval
                .as_ref()
                .map(|a| a.by.as_str())
                .unwrap_or_default();
            self.problem(
                "approval.by",
                format!(
                    "`{}` also asked for the exemption: the requester cannot decide their own request",
                    quote(by)
                ),
            );
        }
        g
    }

    fn approval(mut self, out: &mut Vec<Problem>) -> Option<Approval> {
        let by = self.text("by", true);
        if by.as_deref().is_some_and(|b| b.trim().is_empty()) {
            self.problem("by", "must not be empty");
        }
        let on = self.instant("on");
        if on.is_none() && !self.obj.contains_key("on") {
            self.problem("on", "is required");
        }
        let decision = self.text("decision", true).and_then(|d| {
            let parsed = Decision::parse(&d);
            if parsed.is_none() {
                self.problem(
                    "decision",
                    format!("`{}` is not approved or rejected", quote(&d)),
                );
            }
            parsed
        });
        let comment = self.text("comment", false);
        for p in &mut self.problems {
            p.field = format!("approval.{}", p.field);
        }
        let failed = !self.problems.is_empty();
        out.append(&mut self.problems);
        match (by, on, decision, failed) {
            (Some(by), Some(on), Some(decision), false) => Some(Approval {
                by,
                on,
                decision,
                comment,
            }),
            _ => None,
        }
    }

    fn strings(&mut self, field: &str) -> Option<Vec<String>> {
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
            if let Some(why) = scope_problem(s) {
                self.problem("scopes", format!("`{}` {why}", quote(s)));
            }
        }
        scopes
    }

    fn target(&mut self) -> Option<Target> {
        let vulnerabilities = match self.obj.get("vulnerabilities") {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        };
        if let Some(v) = vulnerabilities {
            let others = ["recommendations", "recommendationCategory"]
                .into_iter()
                .filter(|f| !matches!(self.obj.get(*f), None | Some(Value::Null)))
                .count();
            if others > 0 {
                self.problem(
                    "vulnerabilities",
                    "give one of recommendations, recommendationCategory or vulnerabilities (which takes its own recommendations)",
                );
                return None;
            }
            let mut found = Vec::new();
            let read =
                super::Vulnerabilities::from_value(v, &mut |f, m| found.push((f.to_string(), m)));
            for (f, m) in found {
                self.problem(&f, m);
            }
            return read.map(Target::Vulnerabilities);
        }
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
                        "one of recommendations, recommendationCategory or vulnerabilities is required",
                    );
                }
                None
            }
        }
    }
}

/// Why a scope cannot name Defender resources, if it cannot. Ids are compared
/// segment by segment, so a path-like `..` or a stray space would silently
/// match nothing.
pub fn scope_problem(scope: &str) -> Option<&'static str> {
    if scope.trim() != scope {
        return Some("has spaces before or after it: ids have none, so it would match nothing");
    }
    if scope.chars().any(char::is_control) {
        return Some("holds control characters: ids have none, so it would match nothing");
    }
    if crate::scope::segments(scope).any(|s| s == "." || s == "..") {
        return Some(
            "has a `.` or `..` segment: scopes are ids, not paths, so it would match nothing",
        );
    }
    if crate::scope::segments(scope).any(|s| s.trim() != s) {
        return Some(
            "has a segment with spaces around it: ids have none, so it would match nothing",
        );
    }
    if crate::scope::classify(scope).is_none() {
        return Some(
            "is not a management group, subscription, resource group, resource or connector id",
        );
    }
    None
}
