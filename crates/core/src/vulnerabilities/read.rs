//! Reading sub-assessments from the files Azure hands out: a Resource
//! Graph result (an array, or `{data: [...]}`), a REST list (`{value:
//! [...]}`) or one REST item, and the REST API specification's example
//! wrappers (`{parameters, responses: {"200": {body}}}`).

use super::{Finding, FindingStatus, FindingsRead, Severity};
use crate::error::Error;
use serde_json::Value;

/// Findings a file may hold; beyond it the file is refused by name.
const MAX_FINDINGS: usize = 20_000_000;

/// The findings in `text`, the file named `file`.
pub fn read(file: &str, text: &str) -> Result<FindingsRead, Error> {
    let value =
        crate::json::parse(text).map_err(|e| Error::input(file, None, format!("not JSON: {e}")))?;
    let rows = rows_of(&value).ok_or_else(|| {
        Error::input(
            file,
            None,
            "not a list of sub-assessments: an array, or an object with a `value` or `data` array",
        )
    })?;
    if rows.len() > MAX_FINDINGS {
        return Err(Error::limit("findings", MAX_FINDINGS).in_file(file));
    }
    let mut out = FindingsRead::default();
    for (i, row) in rows.iter().enumerate() {
        match finding(row) {
            Ok(f) => out.findings.push(f),
            Err(why) => out.skipped.push(format!("{file}: row {}: {why}", i + 1)),
        }
    }
    Ok(out)
}

/// The rows of any of the shapes read.
fn rows_of(value: &Value) -> Option<&[Value]> {
    if let (Some(_), Some(responses)) = (value.get("parameters"), value.get("responses")) {
        let body = ["200", "201"]
            .iter()
            .find_map(|c| responses.get(c)?.get("body"))?;
        return rows_of(body);
    }
    match value {
        Value::Array(rows) => Some(rows),
        Value::Object(o) => match (o.get("value"), o.get("data")) {
            (Some(Value::Array(rows)), _) | (_, Some(Value::Array(rows))) => Some(rows),
            // One item, as a REST get answers it.
            _ if o.contains_key("properties") => Some(std::slice::from_ref(value)),
            _ => None,
        },
        _ => None,
    }
}

fn text<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut at = v;
    for p in path {
        at = at.get(p)?;
    }
    at.as_str().map(str::trim).filter(|s| !s.is_empty())
}

fn finding(row: &Value) -> Result<Finding, String> {
    if let Some(kind) = text(row, &["type"]) {
        if !is_sub_assessment_type(kind) {
            return Err(format!("a row of type `{kind}`, not a sub-assessment"));
        }
    }
    let id = text(row, &["id"]).ok_or("no `id`")?;
    let p = row.get("properties").ok_or("no `properties`")?;
    finding_of(&Parts {
        id,
        finding_id: text(p, &["id"]),
        display_name: text(p, &["displayName"]),
        status: text(p, &["status", "code"]),
        cause: text(p, &["status", "cause"]),
        severity: text(p, &["status", "severity"]),
        extra: p.get("additionalData").unwrap_or(&Value::Null),
    })
}

/// Whether a row's `type` is a sub-assessment's.
pub(crate) fn is_sub_assessment_type(kind: &str) -> bool {
    kind.to_ascii_lowercase()
        .ends_with("microsoft.security/assessments/subassessments")
}

/// The fields of a sub-assessment row a finding is made of, however the
/// row was read.
pub(crate) struct Parts<'a> {
    /// The row's `id`.
    pub id: &'a str,
    /// `properties.id`: the vulnerability's id (a CVE, or a scanner's).
    pub finding_id: Option<&'a str>,
    /// `properties.displayName`.
    pub display_name: Option<&'a str>,
    /// `properties.status.code`.
    pub status: Option<&'a str>,
    /// `properties.status.cause`.
    pub cause: Option<&'a str>,
    /// `properties.status.severity`.
    pub severity: Option<&'a str>,
    /// `properties.additionalData`.
    pub extra: &'a Value,
}

/// The finding a sub-assessment row's fields describe, or why they do not.
pub(crate) fn finding_of(row: &Parts<'_>) -> Result<Finding, String> {
    let id = row.id.trim();
    let at = id
        .to_ascii_lowercase()
        .rfind("/subassessments/")
        .ok_or_else(|| format!("`{id}` is not a sub-assessment's id"))?;
    let assessment = &id[..at];
    let recommendation = assessment
        .rsplit_once('/')
        .map(|(_, key)| key)
        .filter(|_| assessment.to_ascii_lowercase().contains("/assessments/"))
        .ok_or_else(|| format!("`{id}` names no parent assessment"))?;
    let status = match row.status.map(str::to_ascii_lowercase).as_deref() {
        Some("unhealthy") => FindingStatus::Unhealthy,
        Some("healthy") => FindingStatus::Healthy,
        Some("notapplicable") => FindingStatus::NotApplicable,
        Some(other) => {
            return Err(format!(
                "status `{other}` is not Healthy, Unhealthy or NotApplicable"
            ))
        }
        None => return Err("no `properties.status.code`".into()),
    };
    let extra = row.extra;
    let details = extra.get("vulnerabilityDetails").unwrap_or(&Value::Null);
    let software = extra.get("softwareDetails").unwrap_or(&Value::Null);
    let artifact = extra.get("artifactDetails").unwrap_or(&Value::Null);
    let cves = cves(row.finding_id, extra, details);
    let title = row
        .display_name
        .map(str::to_string)
        .or_else(|| cves.first().cloned())
        .or_else(|| row.finding_id.map(str::to_string))
        .unwrap_or_else(|| id.rsplit('/').next().unwrap_or(id).to_string());
    Ok(Finding {
        id: id.to_string(),
        assessment: assessment.to_string(),
        recommendation: recommendation.to_string(),
        title,
        status,
        cause: row.cause.map(str::to_string),
        cvss: cvss(details.get("cvss").or(extra.get("cvss")))
            .or_else(|| extra.get("cvssV30Score").and_then(Value::as_f64)),
        severity: text(details, &["severity"])
            .or(row.severity)
            .and_then(Severity::parse),
        patchable: extra
            .get("patchable")
            .and_then(Value::as_bool)
            .or_else(|| text(software, &["fixStatus"]).and_then(fix_available)),
        kind: text(extra, &["assessedResourceType"]).map(str::to_string),
        image_digest: text(extra, &["imageDigest"])
            .or_else(|| text(artifact, &["digest"]))
            .map(str::to_string),
        repository: text(extra, &["repositoryName"])
            .or_else(|| text(artifact, &["repositoryName"]))
            .map(str::to_string),
        package: text(software, &["packageName"]).map(str::to_string),
        os: os(software),
        cves,
    })
}

/// The CVEs a finding names, each once, in the order given: the REST
/// shape's `cve[].title`, DVM's `cveId`, and an id that is a CVE.
fn cves(finding_id: Option<&str>, extra: &Value, details: &Value) -> Vec<String> {
    let listed = extra
        .get("cve")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| text(c, &["title"]));
    let named = [text(details, &["cveId"]), finding_id]
        .into_iter()
        .flatten()
        .filter(|s| s.len() > 4 && s[..4].eq_ignore_ascii_case("cve-"));
    let mut out: Vec<String> = Vec::new();
    for c in listed.chain(named) {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(c)) {
            out.push(c.to_string());
        }
    }
    out
}

/// The base score of the highest CVSS version that has one
/// (`{"2.0": {"base": 10}, "3.0": {"base": 9.8}}` → 9.8).
fn cvss(by_version: Option<&Value>) -> Option<f64> {
    let versions = by_version?.as_object()?;
    versions
        .iter()
        .filter_map(|(version, v)| {
            let base = v.get("base")?.as_f64()?;
            Some((crate::exemption::number(version)?, base))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, base)| base)
}

/// DVM's fix status as whether a fix exists; an unknown status says
/// nothing.
fn fix_available(status: &str) -> Option<bool> {
    let s = status.to_ascii_lowercase();
    if s.starts_with("nofix") || s.contains("notfixable") || s.contains("notpatchable") {
        Some(false)
    } else if s.starts_with("fixavailable") {
        Some(true)
    } else {
        None
    }
}

fn os(software: &Value) -> Option<String> {
    let d = software.get("osDetails")?;
    let both = [text(d, &["osPlatform"]), text(d, &["osVersion"])]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    (!both.is_empty()).then_some(both)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUB: &str =
        "/subscriptions/s/providers/Microsoft.Security/assessments/k1/subAssessments/a";

    #[test]
    fn rows_that_are_not_findings_are_listed_with_why() {
        let text = serde_json::json!([
            {"id": "/subscriptions/s/providers/Microsoft.Security/assessments/k1", "type": "microsoft.security/assessments", "properties": {}},
            {"id": "/subscriptions/s/x", "properties": {"status": {"code": "Unhealthy"}}},
            {"id": SUB, "properties": {"status": {"code": "Broken"}}},
            {"id": SUB, "properties": {"status": {"code": "Unhealthy"}, "additionalData": {
                "cvss": {"2.0": {"base": 9.3}, "3.1": {"base": 5.5}, "3.0": {"base": 7.0}},
                "softwareDetails": {"fixStatus": "NoFixAvailable"}
            }}}
        ])
        .to_string();
        let read = read("rows.json", &text).unwrap();
        assert_eq!(read.skipped.len(), 3, "{:?}", read.skipped);
        assert!(read.skipped[0].starts_with("rows.json: row 1: a row of type"));
        assert!(read.skipped[1].contains("is not a sub-assessment's id"));
        assert!(read.skipped[2].contains("status `broken`"));
        let f = &read.findings[0];
        // The highest version's base, not the highest base.
        assert_eq!(f.cvss, Some(5.5));
        assert_eq!(f.patchable, Some(false));
        assert_eq!(f.recommendation, "k1");
    }

    #[test]
    fn a_file_that_is_no_list_is_refused_by_name() {
        let e = read("x.json", r#"{"exemptions": []}"#).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("x.json: not a list of sub-assessments"),
            "{e}"
        );
        assert!(read("y.json", "{")
            .unwrap_err()
            .to_string()
            .starts_with("y.json: not JSON"));
    }
}
