//! A standard assignment's `subAssessmentExemptionRule`: the conditions on
//! findings that Defender's exemption screen writes for its Vulnerabilities
//! condition. Its shape is documented only by the REST example of
//! Microsoft's "Transition from disable rules to exemptions" (2026-07-03):
//! `if.allOf` of `{field, operationType, operation}` with `va.cve.cveId`
//! (`ContainedInOperation`, `values[].title`), `va.cve.severity` and
//! `va.cve.cvss` (`LessThanFilterOperation`, `value`). Anything else is
//! refused by name: read without its rule, the assignment would exempt the
//! whole recommendation.

use crate::exemption::{Cvss, Vulnerabilities};
use crate::text::quote;
use crate::vulnerabilities::Severity;
use crate::Environment;
use serde_json::Value;

/// The condition the rule states, for recommendation `key`; or why it
/// cannot be read.
pub(crate) fn read(rule: &Value, key: &str) -> Result<Vulnerabilities, String> {
    let conditions = rule
        .get("if")
        .and_then(|i| i.get("allOf"))
        .and_then(Value::as_array)
        .ok_or("is not `if.allOf` of conditions (the only form Microsoft documents)")?;
    let mut v = Vulnerabilities {
        recommendations: vec![key.to_string()],
        ..Default::default()
    };
    for (i, c) in conditions.iter().enumerate() {
        let text = |f: &str| c.get(f).and_then(Value::as_str).unwrap_or_default();
        let (field, op) = (text("field"), text("operationType"));
        let operation = c.get("operation").unwrap_or(&Value::Null);
        let value = operation.get("value").and_then(|v| {
            v.as_str()
                .map(str::to_string)
                .or_else(|| v.as_f64().map(|n| n.to_string()))
        });
        let bad = |what: &str| format!("condition {}: {what}", i + 1);
        match (
            field.to_ascii_lowercase().as_str(),
            op.to_ascii_lowercase().as_str(),
        ) {
            ("va.cve.cveid", "containedinoperation") => {
                let values = operation
                    .get("values")
                    .and_then(Value::as_array)
                    .ok_or_else(|| bad("`va.cve.cveId` lists no `values`"))?;
                for t in values {
                    let title = t
                        .get("title")
                        .and_then(Value::as_str)
                        .or_else(|| t.as_str())
                        .filter(|s| !s.trim().is_empty())
                        .ok_or_else(|| bad("a CVE without a `title`"))?;
                    v.cves.push(title.trim().to_string());
                }
            }
            ("va.cve.severity", "lessthanfilteroperation") => {
                let s = value
                    .as_deref()
                    .and_then(Severity::parse)
                    .ok_or_else(|| bad("`va.cve.severity` is not Low, Medium, High or Critical"))?;
                v.minimum_severity = Some(s);
            }
            ("va.cve.cvss", "lessthanfilteroperation") => {
                let c = value
                    .as_deref()
                    .and_then(crate::exemption::number)
                    .and_then(Cvss::from_score)
                    .ok_or_else(|| bad("`va.cve.cvss` is not a score from 0 to 10"))?;
                v.cvss_below = Some(c);
            }
            _ => {
                return Err(bad(&format!(
                    "`{}` with `{}` has no equivalent in Exempt's Vulnerabilities condition",
                    quote(field),
                    quote(op)
                )))
            }
        }
    }
    if v.cves.is_empty() && v.cvss_below.is_none() && v.minimum_severity.is_none() {
        return Err("states no condition".into());
    }
    Ok(v)
}

/// The recommendations a condition's assignments name, one assignment
/// each, and the rule they carry; or why Defender cannot hold it.
pub(crate) fn write(
    v: &Vulnerabilities,
    env: Option<&Environment>,
) -> Result<(Vec<String>, Option<Value>), String> {
    if v.non_patchable {
        return Err("Non-patchable has no field Microsoft documents in a standard assignment's rule on findings: keep it in Exempt's own file (export --to exempt), or create it on Defender's Exemptions page".into());
    }
    let keys: Vec<String> = if !v.recommendations.is_empty() {
        v.recommendations.clone()
    } else if let Some(env) = env {
        env.recommendations_with_findings()
            .into_iter()
            .map(|k| env.recommendation(k).key.clone())
            .collect()
    } else {
        return Err("each standard assignment names one recommendation: give the condition its recommendations, or the environment's exports with their findings so that the recommendations with findings are used".into());
    };
    if keys.is_empty() {
        return Err(
            "no recommendation of the environment has findings, so it would export as nothing"
                .into(),
        );
    }
    let mut all = Vec::new();
    if !v.cves.is_empty() {
        let values: Vec<Value> = v
            .cves
            .iter()
            .map(|c| serde_json::json!({ "title": c }))
            .collect();
        all.push(serde_json::json!({"field": "va.cve.cveId", "operationType": "ContainedInOperation", "operation": {"values": values}}));
    }
    if let Some(s) = v.minimum_severity {
        all.push(serde_json::json!({"field": "va.cve.severity", "operationType": "LessThanFilterOperation", "operation": {"value": s.as_str()}}));
    }
    if let Some(c) = v.cvss_below {
        all.push(serde_json::json!({"field": "va.cve.cvss", "operationType": "LessThanFilterOperation", "operation": {"value": c.to_string()}}));
    }
    Ok((keys, Some(serde_json::json!({ "if": { "allOf": all } }))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_condition_written_reads_back_the_same() {
        let v = Vulnerabilities {
            cves: vec!["CVE-2024-3094".into(), "CVE-2024-6387".into()],
            cvss_below: Some(Cvss(75)),
            minimum_severity: Some(Severity::High),
            non_patchable: false,
            recommendations: vec!["k".into()],
        };
        let (keys, rule) = write(&v, None).unwrap();
        assert_eq!(keys, ["k"]);
        assert_eq!(read(&rule.unwrap(), "k").unwrap(), v);
    }

    #[test]
    fn what_defender_cannot_hold_is_refused_with_why() {
        let v = Vulnerabilities {
            non_patchable: true,
            recommendations: vec!["k".into()],
            ..Default::default()
        };
        assert!(write(&v, None).unwrap_err().starts_with("Non-patchable"));
        let v = Vulnerabilities {
            cves: vec!["CVE-1".into()],
            ..Default::default()
        };
        assert!(write(&v, None)
            .unwrap_err()
            .contains("names one recommendation"));
    }
}
