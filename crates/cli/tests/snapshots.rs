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
