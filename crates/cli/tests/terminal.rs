//! Names and values that try to drive the terminal (retitle the window,
//! clear the screen, reorder text, forge lines) are shown escaped in every
//! human-readable output: warnings, the table, `explain`, `validate` and
//! error messages, usage errors included.

mod common;

use common::{
    assert_no_terminal_controls, command, exempt, exemption_file, scratch, stderr, stdout, AT,
};
use serde_json::json;

/// Retitles the window (OSC ... BEL), clears the screen (CSI 2J), a C1 CSI,
/// a right-to-left override and isolate, a carriage return, a backspace,
/// and a newline that would start a forged line.
const EVIL: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}evil\u{2066}\r\u{8}\nforged";

/// The escaped form of the window-title sequence, as shown.
const SHOWN: &str = "\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{9b}31m\\u{202e}evil\\u{2066}";

const SUB: &str = "00000000-0000-0000-0000-0000000000aa";

fn evil(s: &str) -> String {
    format!("{s}{EVIL}")
}

/// Inputs whose every name carries [`EVIL`]: the containers, controls and
/// assessments files, the exemption file, and the assessment's row id.
fn evil_inputs() -> (Vec<String>, String, String) {
    let resource =
        format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm{EVIL}");
    let row_id = format!("{resource}/providers/Microsoft.Security/assessments/k1");
    let containers = json!([
        {"id": "/providers/Microsoft.Management/managementGroups/mg", "type": "microsoft.management/managementgroups",
         "name": "mg", "properties": {"displayName": evil("Group"), "details": {"parent": {"name": evil("ghost")}}}},
        {"id": format!("/subscriptions/{SUB}"), "type": "microsoft.resources/subscriptions", "name": evil("Sub"),
         "subscriptionId": SUB, "properties": {"managementGroupAncestorsChain": [{"name": "mg", "displayName": evil("Group")}]}}
    ]);
    let controls = json!({"value": [{
        "name": evil("c1"), "type": "Microsoft.Security/secureScoreControlDefinitions",
        "properties": {"displayName": evil("Control"), "maxScore": 10,
                       "assessmentDefinitions": [{"id": "/providers/Microsoft.Security/assessmentMetadata/k1"}]}}]});
    let assessments = json!({"data": [
        {"id": row_id, "name": "k1", "type": "microsoft.security/assessments",
         "properties": {"resourceDetails": {"Source": "Azure", "Id": resource}, "displayName": evil("Rec"),
                        "status": {"code": "Unhealthy"},
                        "metadata": {"displayName": evil("Rec"), "severity": evil("High"), "categories": [evil("Compute")]}}},
        {"name": "k2", "type": "microsoft.security/assessments",
         "properties": {"resourceDetails": {"Source": "Azure", "Id": format!("/subscriptions/{}/x", evil("unlisted"))},
                        "status": {"code": "Healthy"}}}
    ]});
    let exemptions = exemption_file(&[
        json!({"name": evil("applies"), "description": EVIL, "cloud": "Azure", "scopes": [format!("/subscriptions/{SUB}")],
               "category": "waiver", "recommendations": ["k1"]}),
        json!({"name": evil("expired"), "cloud": "Azure", "scopes": [format!("/subscriptions/{SUB}/resourceGroups/gone\u{202e}")],
               "category": "waiver", "recommendationCategory": evil("Nope"), "expiresOn": "2020-01-01T00:00:00Z"}),
        json!({"name": evil("unused"), "cloud": "AWS", "scopes": [format!("/subscriptions/{SUB}")],
               "category": "mitigated", "recommendations": [evil("k9")]}),
    ]);
    let files = vec![
        scratch("evil-containers.json", containers.to_string()),
        scratch("evil-controls.json", controls.to_string()),
        scratch("evil-assessments.json", assessments.to_string()),
    ];
    (files, scratch("evil-exemptions.json", exemptions), row_id)
}

fn args<'a>(head: &[&'a str], exemptions: &'a str, files: &'a [String]) -> Vec<&'a str> {
    let mut args = head.to_vec();
    args.extend(["-e", exemptions]);
    args.extend(files.iter().map(String::as_str));
    args
}

/// No line of `text` starts with the forged part.
fn assert_no_forged_line(text: &str, what: &str) {
    assert!(
        !text.lines().any(|l| l.starts_with("forged")),
        "a name started a line of {what}: {text}"
    );
}

#[test]
fn warnings_on_standard_error_are_escaped() {
    let (files, exemptions, _) = evil_inputs();
    let o = exempt(&args(&["evaluate", "--at", AT], &exemptions, &files));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert_no_terminal_controls(&o.stderr, "warnings");
    assert_no_forged_line(&err, "warnings");
    for warning in [
        format!("warning: exemption \"expired{SHOWN}"),
        format!("no assessment has recommendation or category Nope{SHOWN}"),
        format!("warning: management group mg names parent ghost{SHOWN}"),
        format!("warning: subscription unlisted{SHOWN}"),
    ] {
        assert!(err.contains(&warning), "{warning}\n{err}");
    }

    // The gates' messages too.
    let o = exempt(&args(
        &["evaluate", "--at", AT, "--fail-on", "expired,unmatched"],
        &exemptions,
        &files,
    ));
    assert_eq!(o.status.code(), Some(1));
    assert_no_terminal_controls(&o.stderr, "gate messages");
    assert!(stderr(&o).contains(&format!("fail: exemption \"expired{SHOWN}")));
    assert!(stderr(&o).contains(&format!("fail: exemption \"unused{SHOWN}")));
}

#[test]
fn the_table_is_escaped() {
    let (files, exemptions, _) = evil_inputs();
    let o = exempt(&args(
        &["evaluate", "--at", AT, "--format", "table"],
        &exemptions,
        &files,
    ));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_no_terminal_controls(&o.stdout, "the table");
    assert_no_terminal_controls(&o.stderr, "the table's notes");
    let table = stdout(&o);
    assert_no_forged_line(&table, "the table");
    for name in ["Sub", "Control", "applies", "expired", "unused"] {
        assert!(
            table.contains(&format!("  {name}{SHOWN}")),
            "{name}\n{table}"
        );
    }
    assert!(table.contains("  - exemption \"expired"), "{table}");
}

#[test]
fn explain_is_escaped() {
    let (files, exemptions, row_id) = evil_inputs();
    let o = exempt(&args(
        &["explain", "--at", AT, "--assessment", &row_id],
        &exemptions,
        &files,
    ));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_no_terminal_controls(&o.stdout, "explain");
    let text = stdout(&o);
    assert_no_forged_line(&text, "explain");
    assert!(text.starts_with("Assessment /subscriptions/"), "{text}");
    assert!(
        text.contains(&format!("  recommendation  Rec{SHOWN}")),
        "{text}"
    );
    assert!(
        text.contains(&format!("Decision: “applies{SHOWN}")),
        "{text}"
    );
    assert!(text.contains(&format!("* applies{SHOWN}")), "{text}");
    assert!(text.contains(&format!("  unused{SHOWN}")), "{text}");
    assert_eq!(text.lines().count(), 8, "{text}");
}

#[test]
fn validate_is_escaped() {
    let (_, exemptions, _) = evil_inputs();
    let o = exempt(&["validate", "--at", AT, &exemptions]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_no_terminal_controls(&o.stdout, "validate");
    let text = stdout(&o);
    assert_no_forged_line(&text, "validate");
    assert!(
        text.contains(&format!("warning: exemption \"expired{SHOWN}")),
        "{text}"
    );

    // A file named to drive the terminal.
    let named = scratch(&evil("exemptions-"), exemption_file(&[]));
    let o = exempt(&["validate", "--at", AT, &named]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_no_terminal_controls(&o.stdout, "validate's file name");
    assert!(stdout(&o).contains(&format!("exemptions-{SHOWN}")));
}

#[test]
fn error_messages_are_escaped() {
    let bad = scratch(
        "evil-invalid.json",
        exemption_file(&[
            json!({"name": evil("bad"), "cloud": evil("Moon"), "scopes": [evil("/x")],
                                "category": evil("maybe"), "recommendations": ["k"], "expiresOn": evil("soon")}),
        ]),
    );
    let rows = scratch(
        "evil-rows.json",
        json!({"data": [{"type": "microsoft.security/assessments", "name": "k",
            "properties": {"resourceDetails": {"Source": evil("Azure"), "Id": "/subscriptions/s"},
                           "status": {"code": "Healthy"}}}]})
        .to_string(),
    );
    let kind = scratch(
        "evil-kind.json",
        json!({"data": [{"type": evil("weird")}]}).to_string(),
    );
    let wrong_type = scratch(
        "evil-wrong-type.json",
        json!({"data": [{"type": "microsoft.security/assessments", "name": "k",
            "properties": {"resourceDetails": {"Source": "Azure", "Id": "/subscriptions/s"},
                           "status": {"code": evil("Healthy")}}}]})
        .to_string(),
    );
    let key = scratch(
        "evil-key.json",
        format!(
            "{{\"exemptions\": [], {k}: 1, {k}: 2}}",
            k = json!(evil("k"))
        ),
    );
    let missing = scratch_path_named(&evil("missing-"));
    let cases: Vec<Vec<&str>> = vec![
        vec!["validate", &bad],
        vec!["evaluate", "--at", AT, "-e", &bad],
        vec!["evaluate", "--at", AT, &rows],
        vec!["evaluate", "--at", AT, &kind],
        vec!["evaluate", "--at", AT, &wrong_type],
        vec!["validate", &key],
        vec!["validate", &missing],
        vec!["explain", "--at", AT, "--assessment", EVIL],
    ];
    for args in &cases {
        let o = exempt(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_no_terminal_controls(&o.stderr, &format!("the error of {args:?}"));
        assert_no_forged_line(&stderr(&o), "an error");
        assert!(
            stderr(&o).contains("\\u{1b}]0;pwned"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

/// A path in the scratch folder that does not exist.
fn scratch_path_named(name: &str) -> String {
    common::scratch_dir().join(name).display().to_string()
}

#[test]
fn usage_errors_are_escaped_even_in_colour() {
    // Clap repeats a bad argument in its message; a terminal would run it.
    // CLICOLOR_FORCE makes clap write as it does to a terminal.
    for args in [
        vec!["evaluate", "--at", EVIL],
        vec!["evaluate", "--fail-under", EVIL],
        vec!["evaluate", "--format", EVIL],
        vec!["evaluate", "--fail-on", EVIL],
        vec!["explain", "--format", EVIL, "--assessment", "x"],
        vec!["validate", "--at", EVIL, "x.json"],
        vec!["evaluate", &format!("--{EVIL}")],
        vec![EVIL],
    ] {
        let o = command()
            .args(&args)
            .env("CLICOLOR_FORCE", "1")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty());
        assert_no_terminal_controls(&o.stderr, &format!("the usage error of {args:?}"));
        assert_no_forged_line(&stderr(&o), "a usage error");
        assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));
    }
    // Help still prints, and exits 0.
    let o = command()
        .args(["evaluate", "--help"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("--fail-under"));
}
