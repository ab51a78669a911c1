//! The Vulnerabilities condition as the wizard holds it while it is typed,
//! and as the exemption file writes it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The Vulnerabilities condition as typed: Defender's four properties.
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VulnerabilityDraft {
    /// CVE ids, separated by semicolons, commas or spaces.
    pub cves: String,
    /// Exempt findings with a CVSS score below this.
    pub cvss: String,
    /// Exempt findings with a severity below this (empty: any).
    pub minimum_severity: String,
    /// Exempt findings that no fix exists for.
    pub non_patchable: bool,
}

impl VulnerabilityDraft {
    /// The CVEs typed, each once, in order.
    pub fn cve_list(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in self
            .cves
            .split(|c: char| c == ';' || c == ',' || c.is_whitespace())
            .filter(|c| !c.is_empty())
        {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(c)) {
                out.push(c.to_string());
            }
        }
        out
    }

    pub(super) fn is_empty(&self) -> bool {
        self.cve_list().is_empty()
            && self.cvss.trim().is_empty()
            && self.minimum_severity.trim().is_empty()
            && !self.non_patchable
    }

    pub(super) fn to_value(&self) -> Value {
        let mut o = serde_json::Map::new();
        let cves = self.cve_list();
        if !cves.is_empty() {
            o.insert("cves".into(), cves.into());
        }
        let cvss = self.cvss.trim();
        if !cvss.is_empty() {
            // A number when it reads as one; else the text, which the
            // core's check refuses with its own words.
            let v = serde_json::from_str::<serde_json::Number>(cvss)
                .map_or_else(|_| Value::from(cvss), Value::Number);
            o.insert("cvss".into(), v);
        }
        if !self.minimum_severity.trim().is_empty() {
            o.insert(
                "minimumSeverity".into(),
                self.minimum_severity.trim().into(),
            );
        }
        if self.non_patchable {
            o.insert("nonPatchable".into(), true.into());
        }
        Value::Object(o)
    }
}
