//! Vulnerabilities conditions through the Defender exports: hostile CVE
//! text reaches ARM and Terraform exactly as written (Terraform's `${` and
//! `%{` escaped) and imports back equal; the Azure Policy formats refuse
//! the condition by name and field.

mod common;

use common::{command, repository, scratch, scratch_dir, stderr, stdout};
use serde_json::json;

#[test]
fn a_condition_round_trips_through_the_defender_exports_exactly() {
    let file = scratch(
        "hostile-condition.json",
        json!({"exemptions": [{"name": "CVEs as data", "cloud": "Azure", "category": "waiver",
            "scopes": ["/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64"],
            "vulnerabilities": {"cves": ["${x} %{ if true }y%{ endif }", "CVE\"\n]}`touch PWNED`", "[concat('a')]"],
                "cvss": 7.5, "minimumSeverity": "High", "recommendations": ["1195afff-c881-495e-9bc5-1486211ae03f"]}}]})
        .to_string(),
    );
    for to in ["defender-arm", "defender-terraform"] {
        let out = scratch_dir()
            .join(format!("condition.{to}"))
            .display()
            .to_string();
        let o = command()
            .current_dir(repository())
            .args(["export", "--to", to, "-e", &file, "-o", &out])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{to}: {}", stderr(&o));
        let o = command()
            .current_dir(repository())
            .args(["diff", &file, &out])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{to}: {}", stdout(&o));
        assert_eq!(stdout(&o), "no differences\n");
    }
    let o = command()
        .current_dir(repository())
        .args(["export", "--to", "azure-policy-az", "-e", &file])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("exemption 1 \"CVEs as data\": vulnerabilities: its condition"),
        "{}",
        stderr(&o)
    );
}
