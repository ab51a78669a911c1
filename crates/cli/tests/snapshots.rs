//! The command's output on the demo, byte for byte: any change to what a
//! pipeline or a person reads shows up as a snapshot difference. Accept an
//! intended change with `INSTA_UPDATE=always cargo test -p exempt-cli --test
//! snapshots` (or `cargo insta review`) and commit the `.snap` files.
//!
//! Every run is at a fixed `--at`, so the output is deterministic; files are
//! named relative to the folder the command runs in, so no path of the
//! machine appears.

mod common;

use common::{command, repository, scratch, stderr, AT};
use insta::assert_snapshot;
use serde_json::json;
use std::path::Path;
use std::process::Output;

const ASSESSMENT: &str = "/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64/resourceGroups/rg-legacy/providers/Microsoft.Compute/virtualMachines/vm-legacy-01/providers/Microsoft.Security/assessments/4ab6e3c5-74dd-8b35-9ab9-f61b30875b27";

/// Runs the command in `dir`, expecting exit code `code`.
fn run_in(dir: &Path, args: &[&str], code: i32) -> Output {
    let o = command().current_dir(dir).args(args).output().unwrap();
    assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
    o
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("the output is UTF-8")
}

#[test]
fn evaluate_json() {
    let o = run_in(&repository(), &["evaluate", "--at", AT], 0);
    assert_snapshot!("evaluate_demo_json", text(o.stdout));
    assert_snapshot!("evaluate_demo_warnings", text(o.stderr));
}

#[test]
fn evaluate_table() {
    let o = run_in(
        &repository(),
        &["evaluate", "--at", AT, "--format", "table"],
        0,
    );
    assert_snapshot!("evaluate_demo_table", text(o.stdout));
}

#[test]
fn explain_text_and_json() {
    let o = run_in(
        &repository(),
        &["explain", "--at", AT, "--assessment", ASSESSMENT],
        0,
    );
    assert_snapshot!("explain_demo_text", text(o.stdout));
    let o = run_in(
        &repository(),
        &[
            "explain",
            "--at",
            AT,
            "--assessment",
            ASSESSMENT,
            "--format",
            "json",
        ],
        0,
    );
    assert_snapshot!("explain_demo_json", text(o.stdout));
}

/// A Vulnerabilities condition on the demo's findings: three of the four
/// Unhealthy findings of one machine are below High, so it stays Unhealthy
/// and the explanation names the CVE that remains.
#[test]
fn explain_vulnerability_condition() {
    let file = scratch(
        "vulnerabilities.json",
        json!({"exemptions": [{"name": "Below High on legacy", "cloud": "Azure",
            "scopes": ["/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64/resourceGroups/rg-legacy"],
            "category": "waiver", "vulnerabilities": {"minimumSeverity": "High"}}]})
        .to_string(),
    );
    let assessment = "/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64/resourceGroups/rg-legacy/providers/Microsoft.Compute/virtualMachines/vm-legacy-02/providers/Microsoft.Security/assessments/1195afff-c881-495e-9bc5-1486211ae03f";
    let o = run_in(
        &repository(),
        &[
            "explain",
            "--at",
            AT,
            "-e",
            &file,
            "--assessment",
            assessment,
        ],
        0,
    );
    assert_snapshot!("explain_vulnerability_text", text(o.stdout));
}

#[test]
fn validate_demo_exemptions() {
    let o = run_in(
        &repository(),
        &["validate", "--at", AT, "demo/exemptions.json"],
        0,
    );
    assert_snapshot!("validate_demo_exemptions", text(o.stdout));
}

#[test]
fn errors_of_an_invalid_exemption_file() {
    let file = common::exemption_file(&[
        json!({"name": "Legacy VMs", "cloud": "Moon", "scopes": ["/subscriptions/s/../t"],
               "category": "maybe", "recommendations": ["k"], "expiresOn": "next week"}),
        json!({"name": "legacy vms", "cloud": "Azure", "scopes": [],
               "category": "waiver", "recommendations": ["k"], "recommendationCategory": "Compute"}),
        json!({"name": " ", "cloud": "AWS", "scopes": ["resourceGroups/rg"], "category": "mitigated"}),
        json!("not an object"),
    ]);
    let path = scratch("snapshot-invalid-exemptions.json", file);
    let dir = Path::new(&path).parent().unwrap();
    let o = run_in(
        dir,
        &["validate", "--at", AT, "snapshot-invalid-exemptions.json"],
        2,
    );
    assert!(o.stdout.is_empty());
    assert_snapshot!("validate_invalid_exemptions", text(o.stderr));
}

/// Nothing to score reads as nothing, not 0.00% and -100 points; Azure's
/// own score stands beside ours when the input has it.
#[test]
fn evaluate_table_edges() {
    let table = |inputs: &[&str]| {
        let mut args = vec!["evaluate", "--at", AT, "--format", "table"];
        args.extend(inputs);
        run_in(&repository(), &args, 0)
    };
    let o = table(&["demo/containers.json", "demo/assessments.json"]);
    assert_snapshot!("evaluate_table_nothing_counts", text(o.stdout));
    let o = table(&[
        "demo/containers.json",
        "demo/controls.json",
        "demo/assessments.json",
        "tests/data/azure/secure-scores.json",
    ]);
    let out = text(o.stdout);
    assert!(
        out.contains("Reported by Azure         60.33%  (23.53 of 39.00 points)"),
        "{out}"
    );
}

/// Hundreds of expired exemptions are one warning line with the first
/// names, and `--all-warnings` lists every one.
#[test]
fn evaluate_summarises_warnings_by_kind() {
    let list: Vec<_> = (0..12)
        .map(|i| {
            json!({"name": format!("old {i}"), "cloud": "Azure", "scopes": ["/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64"],
                   "category": "waiver", "recommendations": ["4ab6e3c5-74dd-8b35-9ab9-f61b30875b27"], "expiresOn": "2020-01-01T00:00:00Z"})
        })
        .collect();
    let file = scratch("expired.json", json!({ "exemptions": list }).to_string());
    let inputs = [
        "demo/containers.json",
        "demo/controls.json",
        "demo/assessments.json",
    ];
    let mut args = vec!["evaluate", "--at", AT, "-e", &file];
    args.extend(inputs);
    let o = run_in(&repository(), &args, 0);
    assert_snapshot!("evaluate_warnings_summarised", text(o.stderr));
    args.push("--all-warnings");
    let o = run_in(&repository(), &args, 0);
    assert_eq!(
        text(o.stderr)
            .matches("expired on 2020-01-01 00:00 UTC")
            .count(),
        12
    );
}
