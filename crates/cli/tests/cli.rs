//! The `exempt` binary as pipelines use it: outputs, exit codes, messages.

mod common;

use common::{demo, exempt, scratch, stderr, AT};
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

#[test]
fn demo_by_default_prints_the_full_report() {
    let o = exempt(&["evaluate", "--at", AT]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["evaluatedAt"], AT);
    assert_eq!(report["assessments"].as_array().unwrap().len(), 308);
    assert_eq!(report["controls"].as_array().unwrap().len(), 15);
    let with = report["secureScore"]["percentage"].as_f64().unwrap();
    let without = report["secureScoreWithoutExemptions"]["percentage"]
        .as_f64()
        .unwrap();
    assert!(
        with > without,
        "the demo's exemptions raise the score: {with} vs {without}"
    );
    let exempted = report["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| !a["exemption"].is_null())
        .count();
    assert!(exempted > 0);
    assert!(stderr(&o).contains(
        "warning: exemption \"Corp dev SQL TDE exception\" expired on 2025-12-31 00:00 UTC"
    ));
}

#[test]
fn explicit_files_give_the_same_report_as_the_embedded_demo() {
    let files = [
        "containers.json",
        "controls.json",
        "assessments.json",
        "findings.json",
    ]
    .map(demo);
    let ex = demo("exemptions.json");
    let mut args = vec!["evaluate", "--at", AT, "--exemptions", &ex];
    args.extend(files.iter().map(String::as_str));
    let explicit = exempt(&args);
    let embedded = exempt(&["evaluate", "--at", AT]);
    assert_eq!(explicit.status.code(), Some(0));
    assert_eq!(explicit.stdout, embedded.stdout);
}

#[test]
fn table_format_is_a_human_summary() {
    let o = exempt(&["evaluate", "--at", AT, "--format", "table"]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("Secure score"));
    assert!(text.contains("Without exemptions"));
    assert!(text.contains("Legacy VMs patched by Tanium"));
    assert!(text.contains("Warnings"));
}

#[test]
fn bad_input_exits_2_naming_file_and_row_with_no_partial_report() {
    let bad = scratch(
        "bad-rows.json",
        r#"{"data": [{"type": "microsoft.security/assessments", "name": "k", "properties": {"resourceDetails": {"Source": "Azure", "Id": "/subscriptions/s"}, "status": {"code": "Sick"}}}]}"#,
    );
    let o = exempt(&["evaluate", "--at", AT, &bad]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains(&format!(
            "error: {bad}: row 1: properties.status.code: `Sick`"
        )),
        "{}",
        stderr(&o)
    );

    let o = exempt(&["evaluate", "--at", AT, "does-not-exist.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("error: does-not-exist.json:"));
}

#[test]
fn invalid_exemptions_list_every_problem_and_exit_2() {
    let ex = scratch(
        "bad-exemptions.json",
        r#"{"exemptions": [{"name": "A", "cloud": "Moon", "scopes": ["/subscriptions/s"], "category": "waiver", "recommendations": ["k"]},
                           {"name": "a", "cloud": "Azure", "scopes": [], "category": "waiver", "recommendationCategory": "Data"}]}"#,
    );
    let o = exempt(&[
        "evaluate",
        "--at",
        AT,
        "--exemptions",
        &ex,
        &demo("assessments.json"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "error: {ex}: exemption 1 \"A\": cloud: `Moon` is not Azure, AWS or GCP"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "error: {ex}: exemption 2 \"a\": scopes: at least one scope is required"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "error: {ex}: exemption 2 \"a\": name: duplicates the name of exemption 1"
        )),
        "{err}"
    );

    let o = exempt(&["validate", &ex]);
    assert_eq!(o.status.code(), Some(2));
    let o = exempt(&["validate", "--at", AT, &demo("exemptions.json")]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("6 exemptions are valid (5 active, 1 expired)"),
        "{out}"
    );
}

#[test]
fn gates_exit_1() {
    let o = exempt(&["evaluate", "--at", AT, "--fail-under", "99%"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("fail: secure score"));
    assert!(!o.stdout.is_empty(), "the report is still printed");
    assert_eq!(
        exempt(&["evaluate", "--at", AT, "--fail-under", "0.1"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        exempt(&["evaluate", "--at", AT, "--fail-under", "150"])
            .status
            .code(),
        Some(2)
    );

    let o = exempt(&["evaluate", "--at", AT, "--fail-on", "expired"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("fail: exemption \"Corp dev SQL TDE exception\" has expired"));
    let o = exempt(&[
        "evaluate",
        "--at",
        "2025-01-01T00:00:00Z",
        "--fail-on",
        "expired",
    ]);
    assert_eq!(o.status.code(), Some(0), "nothing has expired yet in 2025");
    let o = exempt(&["evaluate", "--at", AT, "--fail-on", "unmatched"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("fail: exemption \"Identity subscription Kubernetes RBAC\" applies to no healthy or unhealthy assessment"));
}

#[test]
fn reads_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_exempt"))
        .args(["evaluate", "--at", AT, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let text = std::fs::read_to_string(demo("assessments.json")).unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["assessments"].as_array().unwrap().len(), 308);
    assert!(report["exemptions"].as_array().unwrap().is_empty());
}

#[test]
fn generated_exports_evaluate() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("generated");
    let dir_s = dir.display().to_string();
    let o = exempt(&["generate", "--assessments", "2000", "--out", &dir_s]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let file = |n: &str| dir.join(n).display().to_string();
    let o = exempt(&[
        "evaluate",
        "--at",
        "2026-06-01T00:00:00Z",
        "--exemptions",
        &file("exemptions.json"),
        &file("containers.json"),
        &file("controls.json"),
        &file("assessments.json"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let n = report["assessments"].as_array().unwrap().len();
    assert!((1500..=2000).contains(&n), "{n} assessments");
    assert_eq!(report["exemptions"].as_array().unwrap().len(), 20);
}

#[test]
fn explain_names_the_decider_and_why_the_others_do_not_apply() {
    let report: Value = serde_json::from_slice(&exempt(&["evaluate", "--at", AT]).stdout).unwrap();
    let exempted = report["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["exemption"]["name"] == "Legacy VMs patched by Tanium")
        .unwrap();
    let id = exempted["id"].as_str().unwrap().to_uppercase();
    let o = exempt(&[
        "explain",
        "--at",
        AT,
        "--assessment",
        &id,
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let why: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(why["status"], "Healthy");
    let decider = why["decider"].as_u64().unwrap() as usize;
    assert_eq!(
        why["candidates"][decider]["name"],
        "Legacy VMs patched by Tanium"
    );
    assert_eq!(
        why["candidates"][decider]["applies"][1]["kind"],
        "resourceGroup"
    );
    assert_eq!(why["candidates"][4]["miss"]["kind"], "expired");

    let text =
        String::from_utf8(exempt(&["explain", "--at", AT, "--assessment", &id]).stdout).unwrap();
    assert!(
        text.contains("* Legacy VMs patched by Tanium [mitigated] applies:"),
        "{text}"
    );
    assert!(
        text.contains("does not apply: expired on 2025-12-31 00:00 UTC"),
        "{text}"
    );

    let o = exempt(&["explain", "--at", AT, "--assessment", "/subscriptions/nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no assessment has the id /subscriptions/nope"));
}

#[test]
fn the_report_lists_lifecycle_findings() {
    let report: Value = serde_json::from_slice(&exempt(&["evaluate", "--at", AT]).stdout).unwrap();
    let kinds: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"expired") && kinds.contains(&"unused"),
        "{kinds:?}"
    );
}
