//! Whole exemption files: `{"exemptions": [...]}`, JSON or JSONC, with
//! every problem of every exemption reported at once.

use super::{Exemption, Policy};
use crate::error::{Error, Problem};
use serde_json::{Map, Value};

/// An exemption file: `{"exemptions": [...]}` plus any other top-level fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExemptionFile {
    /// The exemptions, in file order (which decides ties).
    pub exemptions: Vec<Exemption>,
    /// The team's rules, when the file states them.
    pub policy: Option<Policy>,
    /// Top-level fields other than `exemptions`, kept for writing back.
    pub extra: Map<String, Value>,
}

impl ExemptionFile {
    /// Reads and validates a whole file (JSON, or JSON with comments and
    /// trailing commas). Errors name no file; callers add it with
    /// [`Error::in_file`].
    pub fn parse(text: &str) -> Result<ExemptionFile, Error> {
        let value = crate::json::parse(text)
            .map_err(|e| Error::exemption_file(None, format!("not an exemption file: {e}")))?;
        Self::from_value(value)
    }

    /// Reads and validates a parsed file.
    pub fn from_value(value: Value) -> Result<ExemptionFile, Error> {
        let Value::Object(mut top) = value else {
            return Err(Error::exemption_file(
                None,
                r#"expected an object with an "exemptions" array"#,
            ));
        };
        let taken = top.remove("exemptions");
        exemption_items(taken.as_ref())?;
        let Some(Value::Array(items)) = taken else {
            unreachable!("exemption_items refuses anything but an array")
        };
        let mut problems = Vec::new();
        let policy = match top.remove("policy") {
            None | Some(Value::Null) => None,
            Some(v) => match Policy::from_value(&v) {
                Ok(p) => Some(p),
                Err(p) => {
                    problems.extend(p);
                    None
                }
            },
        };
        let mut exemptions = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match Exemption::from_value(i + 1, item) {
                Ok(e) => {
                    if let Some(policy) = &policy {
                        problems.extend(policy.problems(i + 1, &e));
                    }
                    exemptions.push(e)
                }
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
            return Err(Error::exemptions(None, problems));
        }
        Ok(ExemptionFile {
            exemptions,
            policy,
            extra: top,
        })
    }

    /// Records a decision on the exemption named `name` (compared as the
    /// file compares names), as [`Exemption::decide`] does.
    pub fn decide(
        &mut self,
        name: &str,
        decision: super::Decision,
        by: &str,
        comment: Option<String>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), Error> {
        let wanted = crate::fold::fold(name.trim());
        let e = self
            .exemptions
            .iter_mut()
            .find(|e| crate::fold::fold(e.name.trim()) == wanted)
            .ok_or_else(|| {
                Error::not_found(format!(
                    "no exemption is named “{}”",
                    crate::text::quote(name)
                ))
            })?;
        e.decide(decision, by, comment, at)
    }

    /// The file as JSON, unknown fields kept.
    pub fn to_value(&self) -> Value {
        let mut top = self.extra.clone();
        if let Some(p) = &self.policy {
            top.insert("policy".into(), p.to_value());
        }
        top.insert(
            "exemptions".into(),
            Value::Array(self.exemptions.iter().map(Exemption::to_value).collect()),
        );
        Value::Object(top)
    }
}

/// A file's `exemptions` array, within the count the engine takes.
pub(crate) fn exemption_items(value: Option<&Value>) -> Result<&Vec<Value>, Error> {
    let Some(Value::Array(items)) = value else {
        return Err(Error::exemption_file(
            None,
            r#"expected an object with an "exemptions" array"#,
        ));
    };
    if items.len() > crate::evaluate::MAX_EXEMPTIONS {
        return Err(Error::limit("exemptions", crate::evaluate::MAX_EXEMPTIONS));
    }
    Ok(items)
}

/// One exemption on its own, such as a draft, as the file format writes
/// one; its problems are reported as those of exemption 1.
pub fn parse_one(value: &Value) -> Result<Exemption, Error> {
    Exemption::from_value(1, value).map_err(|problems| Error::exemptions(None, problems))
}

/// Problems for names equal to an earlier one without case.
pub(crate) fn duplicate_names<'a>(names: impl Iterator<Item = (usize, &'a str)>) -> Vec<Problem> {
    let mut first_of: rustc_hash::FxHashMap<String, usize> = Default::default();
    let mut problems = Vec::new();
    for (index, name) in names {
        let folded = crate::fold::fold(name.trim()).into_owned();
        if folded.is_empty() {
            continue;
        }
        match first_of.get(&folded) {
            Some(first) => problems.push(Problem {
                hint: None,
                index,
                name: Some(crate::text::quote(name)),
                field: "name".into(),
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
    use crate::model::{Cloud, ExemptionCategory};

    const FILE: &str = r#"{"version": 3, "exemptions": [{
        "name": "Legacy VMs", "description": "Patched by Tanium", "cloud": "aws",
        "scopes": ["/subscriptions/s1/resourceGroups/rg/"], "category": "Mitigated",
        "expiresOn": "2027-01-31T01:00:00+01:00", "recommendations": ["k1"],
        "metadata": {"ticketRef": "SEC-123"}, "support": {"team": "infra"}, "id": "x1"
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
        assert_eq!(written["exemptions"][0]["support"]["team"], "infra");
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
        let e = ExemptionFile::parse(text).unwrap_err();
        let fields: Vec<&str> = e.problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["cloud", "scopes", "category", "recommendations"]);
        assert!(e.problems.iter().all(|p| p.name.as_deref() == Some("A")));
    }

    #[test]
    fn the_readmes_commented_example_reads() {
        let text = r#"{"exemptions": [{
          "name": "Legacy VMs patched by Tanium",          // required
          "cloud": "Azure",
          "scopes": ["/subscriptions/s1",],
          "category": "mitigated",
          /* exactly one of these two */
          "recommendations": ["k1"],
        }]}"#;
        assert_eq!(ExemptionFile::parse(text).unwrap().exemptions.len(), 1);
    }

    #[test]
    fn repeated_keys_are_refused() {
        let e = ExemptionFile::parse(r#"{"exemptions": [{"name": "a"}], "exemptions": []}"#)
            .unwrap_err();
        assert!(e.message.contains(r#"key "exemptions" is repeated"#), "{e}");
        let e = ExemptionFile::parse(
            r#"{"exemptions": [{"name": "a", "cloud": "Azure", "scopes": ["/subscriptions/s"], "category": "waiver", "category": "mitigated", "recommendations": ["k"]}]}"#,
        )
        .unwrap_err();
        assert!(e.message.contains(r#"key "category" is repeated"#), "{e}");
    }

    #[test]
    fn path_like_and_padded_scopes_are_refused() {
        for scope in [
            "/subscriptions/s/../t",
            "/subscriptions/s ",
            "/subscriptions/s/./rg",
        ] {
            let text = format!(
                r#"{{"exemptions": [{{"name": "a", "cloud": "Azure", "scopes": [{}], "category": "waiver", "recommendations": ["k"]}}]}}"#,
                serde_json::to_string(scope).unwrap()
            );
            let e = ExemptionFile::parse(&text).unwrap_err();
            assert_eq!(e.problems[0].field, "scopes", "{scope}");
            assert!(e.problems[0].message.contains("would match nothing"), "{e}");
        }
    }

    #[test]
    fn not_an_exemption_file() {
        assert!(ExemptionFile::parse("[]").is_err());
        assert!(ExemptionFile::parse("{").is_err());
    }
}
