//! The Vulnerabilities condition: an exemption of vulnerability findings
//! (sub-assessments) rather than of whole assessments.
//!
//! Defender's exemption screen offers four properties, "Exempt
//! vulnerabilities meeting **all** of the below criteria": CVEs, Minimum
//! severity, "CVSS score (less than)" and Non-patchable (Microsoft,
//! "Transition from disable rules to exemptions", 2026-06-11, and its
//! screenshot `exemption-conditions.png`; the REST sample on the same page
//! joins them with `allOf` and compares severity and CVSS with
//! `LessThanFilterOperation`). The README's rules say how each is read and
//! where Microsoft's pages disagree.

use crate::text::quote;
use crate::vulnerabilities::Severity;
use serde_json::{Map, Value};
use std::fmt;

/// A CVSS base score in tenths (0 to 100): scores have one decimal, so
/// comparisons are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cvss(pub u8);

impl Cvss {
    /// A score from 0 to 10 with at most one decimal.
    pub fn from_score(score: f64) -> Option<Cvss> {
        let tenths = score * 10.0;
        Cvss::nearest(score).filter(|c| (tenths - f64::from(c.0)).abs() < 1e-6)
    }

    /// The nearest score a finding's base score stands for: feeds write
    /// one decimal, and a stray digit beyond it is rounded.
    pub fn nearest(score: f64) -> Option<Cvss> {
        let tenths = (score * 10.0).round();
        // In 0..=100, checked first, so the cast is exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        (0.0..=100.0)
            .contains(&tenths)
            .then_some(Cvss(tenths as u8))
    }

    /// The score as a number.
    pub fn score(self) -> f64 {
        f64::from(self.0) / 10.0
    }
}

impl fmt::Display for Cvss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

/// A number written as text (`"8.0"`, as Defender's REST example writes a
/// score), read by the JSON parser every build already carries.
pub fn number(text: &str) -> Option<f64> {
    serde_json::from_str::<serde_json::Number>(text.trim())
        .ok()?
        .as_f64()
}

/// Which findings an exemption covers: those matching every property given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Vulnerabilities {
    /// Findings that report one of these CVEs (compared without case).
    pub cves: Vec<String>,
    /// Findings whose CVSS base score is below this.
    pub cvss_below: Option<Cvss>,
    /// Findings whose severity is below this: the minimum that stays.
    pub minimum_severity: Option<Severity>,
    /// Findings for which no fix exists.
    pub non_patchable: bool,
    /// The recommendations whose findings it looks at; empty means every
    /// recommendation with findings, as Defender's condition does.
    pub recommendations: Vec<String>,
}

/// What a finding offers to the condition.
#[derive(Clone, Copy)]
pub struct Facts<'a> {
    /// Whether one of the condition's CVEs is among the finding's; asked
    /// only when the condition lists CVEs.
    pub has_cve: &'a dyn Fn(&[String]) -> bool,
    /// Its CVSS base score.
    pub cvss: Option<Cvss>,
    /// Its severity.
    pub severity: Option<Severity>,
    /// Whether a fix exists, when the source says.
    pub patchable: Option<bool>,
}

impl Vulnerabilities {
    /// Whether a finding with these facts matches every property given. A
    /// property the finding does not report (no score, no severity, an
    /// unknown fix status) does not match: nothing is exempted on a guess.
    pub fn matches(&self, f: &Facts<'_>) -> bool {
        (self.cves.is_empty() || (f.has_cve)(&self.cves))
            && self
                .cvss_below
                .is_none_or(|v| f.cvss.is_some_and(|c| c < v))
            && self
                .minimum_severity
                .is_none_or(|m| f.severity.is_some_and(|s| s < m))
            && (!self.non_patchable || f.patchable == Some(false))
    }

    /// The condition in words, as lists and explanations show it.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.cves.is_empty() {
            parts.push(format!("CVE {}", self.cves.join(", ")));
        }
        if let Some(v) = self.cvss_below {
            parts.push(format!("CVSS below {v}"));
        }
        if let Some(s) = self.minimum_severity {
            parts.push(format!("severity below {}", s.as_str()));
        }
        if self.non_patchable {
            parts.push("non-patchable".to_string());
        }
        let mut text = format!("Vulnerabilities: {}", parts.join("; "));
        if !self.recommendations.is_empty() {
            text.push_str(&format!(
                " (recommendations {})",
                self.recommendations.join(", ")
            ));
        }
        text
    }

    /// The condition as the file writes it.
    pub fn to_value(&self) -> Value {
        let mut o = Map::new();
        if !self.cves.is_empty() {
            o.insert("cves".into(), self.cves.clone().into());
        }
        if let Some(v) = self.cvss_below {
            o.insert("cvss".into(), v.score().into());
        }
        if let Some(s) = self.minimum_severity {
            o.insert("minimumSeverity".into(), s.as_str().into());
        }
        if self.non_patchable {
            o.insert("nonPatchable".into(), true.into());
        }
        if !self.recommendations.is_empty() {
            o.insert(
                "recommendations".into(),
                self.recommendations.clone().into(),
            );
        }
        Value::Object(o)
    }

    /// Reads the file's `vulnerabilities` object, reporting each problem
    /// with the field's path.
    pub fn from_value(value: &Value, problem: &mut dyn FnMut(&str, String)) -> Option<Self> {
        const FIELD: &str = "vulnerabilities";
        let Some(o) = value.as_object() else {
            problem(
                FIELD,
                "must be an object with cves, cvss, minimumSeverity or nonPatchable".into(),
            );
            return None;
        };
        let before_problems = std::cell::Cell::new(0usize);
        let mut report = |field: &str, message: String| {
            before_problems.set(before_problems.get() + 1);
            problem(&format!("{FIELD}.{field}"), message);
        };
        let mut out = Vulnerabilities::default();
        for (key, v) in o {
            match key.as_str() {
                "cves" | "recommendations" => {
                    let list: Option<Vec<String>> = v.as_array().and_then(|items| {
                        items
                            .iter()
                            .map(|i| i.as_str().map(|s| s.trim().to_string()))
                            .collect()
                    });
                    match list {
                        Some(l) if l.iter().any(String::is_empty) => {
                            report(key, "must not hold empty strings".into())
                        }
                        Some(l) if key == "cves" => out.cves = l,
                        Some(l) => out.recommendations = l,
                        None => report(key, "must be a list of strings".into()),
                    }
                }
                "cvss" => {
                    let score = v.as_f64().or_else(|| number(v.as_str()?));
                    match score.and_then(Cvss::from_score).filter(|c| c.0 > 0) {
                        Some(c) => out.cvss_below = Some(c),
                        None => report(
                            key,
                            format!("`{}` is not a CVSS score above 0 and at most 10, with at most one decimal", quote(&v.to_string())),
                        ),
                    }
                }
                "minimumSeverity" => match v.as_str().and_then(Severity::parse) {
                    Some(s) => out.minimum_severity = Some(s),
                    None => report(
                        key,
                        format!(
                            "`{}` is not Low, Medium, High or Critical",
                            quote(&v.to_string())
                        ),
                    ),
                },
                "nonPatchable" => match v.as_bool() {
                    Some(b) => out.non_patchable = b,
                    None => report(key, "must be true or false".into()),
                },
                _ => report(
                    key,
                    "is not a property of the condition: use cves, cvss, minimumSeverity, nonPatchable or recommendations".into(),
                ),
            }
        }
        if before_problems.get() > 0 {
            return None;
        }
        if out.cves.is_empty()
            && out.cvss_below.is_none()
            && out.minimum_severity.is_none()
            && !out.non_patchable
        {
            problem(
                FIELD,
                "give at least one of cves, cvss, minimumSeverity or nonPatchable: a condition without any would exempt every finding".into(),
            );
            return None;
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(v: Value) -> Result<Vulnerabilities, Vec<String>> {
        let mut problems = Vec::new();
        let out = Vulnerabilities::from_value(&v, &mut |f, m| problems.push(format!("{f}: {m}")));
        out.ok_or(problems)
    }

    #[test]
    fn reads_and_writes_every_property() {
        let v = json!({"cves": ["CVE-2024-3094"], "cvss": 7.5, "minimumSeverity": "medium", "nonPatchable": true, "recommendations": ["k"]});
        let c = read(v).unwrap();
        assert_eq!(c.cvss_below, Some(Cvss(75)));
        assert_eq!(c.minimum_severity, Some(Severity::Medium));
        assert_eq!(
            c.to_value(),
            json!({"cves": ["CVE-2024-3094"], "cvss": 7.5, "minimumSeverity": "Medium", "nonPatchable": true, "recommendations": ["k"]})
        );
        // REST writes the score as a string.
        assert_eq!(
            read(json!({"cvss": "8.0"})).unwrap().cvss_below,
            Some(Cvss(80))
        );
    }

    #[test]
    fn refuses_what_it_cannot_read_by_field() {
        let e = read(json!({"cvss": 7.55, "minimumSeverity": "Severe", "cve": []})).unwrap_err();
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e
            .iter()
            .any(|p| p.starts_with("vulnerabilities.cvss: `7.55`")));
        assert!(e
            .iter()
            .any(|p| p.starts_with("vulnerabilities.minimumSeverity")));
        assert!(e
            .iter()
            .any(|p| p.starts_with("vulnerabilities.cve: is not a property")));
        let e = read(json!({"nonPatchable": false})).unwrap_err();
        assert!(e[0].contains("give at least one"), "{e:?}");
    }

    #[test]
    fn every_property_must_match_and_unknown_facts_do_not() {
        let c = Vulnerabilities {
            cvss_below: Some(Cvss(70)),
            minimum_severity: Some(Severity::High),
            ..Default::default()
        };
        let no = |_: &[String]| false;
        let f = |cvss, severity| Facts {
            has_cve: &no,
            cvss,
            severity,
            patchable: None,
        };
        assert!(c.matches(&f(Some(Cvss(69)), Some(Severity::Medium))));
        // Strictly below: the value itself stays.
        assert!(!c.matches(&f(Some(Cvss(70)), Some(Severity::Medium))));
        assert!(!c.matches(&f(Some(Cvss(69)), Some(Severity::High))));
        assert!(!c.matches(&f(None, Some(Severity::Low))));
        assert!(!c.matches(&f(Some(Cvss(10)), None)));
    }
}
