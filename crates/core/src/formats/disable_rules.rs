//! Defender's retired disable rules: kept in a policy assignment's
//! `metadata.subAssessmentSettings.filters`, which Microsoft's
//! "Transition from disable rules to exemptions" finds with a Resource
//! Graph query and says are not migrated automatically. Microsoft never
//! published the shape of `filters`, and no public example of one could
//! be found, so Exempt does not guess at it: it lists each assignment that
//! holds rules, the names its filters use, and how each documented
//! criterion maps onto a Vulnerabilities condition.

use crate::text::quote;
use serde_json::Value;

/// The names a filters value uses (object keys and `field` values), each
/// once, in the order met, at most `LISTED`.
fn names(filters: &Value) -> Vec<String> {
    const LISTED: usize = 12;
    let mut out: Vec<String> = Vec::new();
    let mut stack = vec![filters];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(o) => {
                for (k, x) in o {
                    let name = match (k.as_str(), x) {
                        ("field", Value::String(f)) => f.clone(),
                        _ => k.clone(),
                    };
                    if out.len() < LISTED && !out.contains(&name) {
                        out.push(name);
                    }
                }
                stack.extend(o.values().rev());
            }
            Value::Array(a) => stack.extend(a.iter().rev()),
            _ => {}
        }
    }
    out
}

/// Why an assignment holding disable rules is not imported, and what to
/// do instead.
pub(crate) fn why(filters: &Value) -> String {
    let found = names(filters);
    let listed = if found.is_empty() {
        "none readable".to_string()
    } else {
        found
            .iter()
            .map(|n| format!("`{}`", quote(n)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "holds Defender disable rules, whose format Microsoft never published, so they are not converted (names found: {listed}); recreate each rule as an exemption with a vulnerabilities condition: CVEs as cves, CVSS as cvss, minimum severity as minimumSeverity, non-patchable as nonPatchable; image digest and OS version have no equivalent (scope the exemption to the resource instead), and a rule's criteria were joined by OR while a condition's are joined by AND, so one rule may need several exemptions"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_names_a_rule_uses_are_listed() {
        // Not Azure's shape (unpublished): any nesting is walked.
        let f = json!([{"field": "cveId", "values": ["CVE-1"]}, {"minimumSeverity": "High"}]);
        let why = why(&f);
        assert!(
            why.contains("`cveId`, `values`, `minimumSeverity`"),
            "{why}"
        );
        assert!(why.contains("image digest and OS version have no equivalent"));
    }
}
