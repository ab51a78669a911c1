//! Hostile and odd inputs: numbers that are not finite, repeated keys,
//! path-like scopes, huge values, many exemptions over the same
//! assessments, and inputs that never end. Each is refused with a message
//! that names the place, or handled in bounded time.

mod common;

use common::{command, demo, demo_inputs, exempt, exemption_file, scratch, stderr, stdout, AT};
use serde_json::{json, Value};
use std::io::Write;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

const SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000001";

/// A controls file: a fine control, then one worth `max` points (the text
/// is written as is, so it may be any JSON token).
fn controls_worth(max: &str) -> String {
    format!(
        r#"{{"value": [
  {{"name": "fine", "type": "Microsoft.Security/secureScoreControlDefinitions",
   "properties": {{"displayName": "Fine", "maxScore": 10, "assessmentDefinitions": [{{"id": "/providers/Microsoft.Security/assessmentMetadata/k"}}]}}}},
  {{"name": "odd", "type": "Microsoft.Security/secureScoreControlDefinitions",
   "properties": {{"displayName": "Odd", "maxScore": {max}, "assessmentDefinitions": [{{"id": "/providers/Microsoft.Security/assessmentMetadata/k"}}]}}}}
]}}"#
    )
}

/// One subscription with one healthy assessment of recommendation `k`.
fn one_healthy_assessment() -> (String, String) {
    let containers = json!([{
        "id": format!("/subscriptions/{SUBSCRIPTION}"),
        "type": "microsoft.resources/subscriptions",
        "name": "one",
        "subscriptionId": SUBSCRIPTION,
    }]);
    let assessments = json!({"data": [{
        "type": "microsoft.security/assessments",
        "name": "k",
        "properties": {
            "resourceDetails": {"Source": "Azure", "Id": format!("/subscriptions/{SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm")},
            "status": {"code": "Healthy"}
        }
    }]});
    (
        scratch("numbers-containers.json", containers.to_string()),
        scratch("numbers-assessments.json", assessments.to_string()),
    )
}

#[test]
fn scores_that_would_not_be_finite_numbers_are_refused() {
    // Beyond the largest control score: refused naming file, row and field.
    for (i, max) in ["1e308", "1.7976931348623157e308", "1e10", "-1", "-0.5"]
        .iter()
        .enumerate()
    {
        let file = scratch(&format!("max-score-{i}.json"), controls_worth(max));
        let o = exempt(&["evaluate", "--at", AT, &file]);
        assert_eq!(o.status.code(), Some(2), "maxScore {max}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "no partial report for maxScore {max}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!("error: {file}: row 2: properties.maxScore: ")),
            "maxScore {max}: {err}"
        );
        assert!(err.contains("is not a number from 0 to"), "{err}");
    }
    // Not a finite number at all (JSON has no NaN or infinity; 1e999 is
    // one beyond f64): refused naming file and row.
    for (i, max) in ["1e999", "-1e999", "NaN", "Infinity", "\"ten\""]
        .iter()
        .enumerate()
    {
        let file = scratch(&format!("max-score-nan-{i}.json"), controls_worth(max));
        let o = exempt(&["evaluate", "--at", AT, &file]);
        assert_eq!(o.status.code(), Some(2), "maxScore {max}: {}", stderr(&o));
        assert!(o.stdout.is_empty());
        let err = stderr(&o);
        assert!(
            err.contains(&format!("error: {file}: row 2: ")),
            "maxScore {max}: {err}"
        );
    }
}

#[test]
fn fail_under_that_is_not_a_fraction_is_usage() {
    for value in [
        "NaN", "nan%", "inf", "-inf", "1e999", "-0.1", "101%", "", "%",
    ] {
        let o = exempt(&["evaluate", "--at", AT, &format!("--fail-under={value}")]);
        assert_eq!(o.status.code(), Some(2), "--fail-under {value:?}");
        assert!(
            o.stdout.is_empty(),
            "--fail-under {value:?} prints no report"
        );
        assert!(
            stderr(&o).contains("--fail-under"),
            "--fail-under {value:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn the_gate_sees_numbers_at_the_extremes() {
    // The largest allowed score keeps every figure a number (JSON would
    // write NaN or infinity as null) and the gate compares it.
    let (containers, assessments) = one_healthy_assessment();
    let controls = scratch("gate-controls.json", controls_worth("1e9"));
    let o = exempt(&[
        "evaluate",
        "--at",
        AT,
        "--fail-under",
        "100%",
        &containers,
        &controls,
        &assessments,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    for score in ["secureScore", "secureScoreWithoutExemptions"] {
        for part in ["current", "max", "percentage"] {
            let v = report[score][part].as_f64();
            assert!(v.is_some_and(f64::is_finite), "{score}.{part}: {v:?}");
        }
    }
    assert_eq!(report["secureScore"]["percentage"], 1.0);
    assert_eq!(report["secureScore"]["max"], 1e9 + 10.0);

    // Nothing scored: the score is 0, not 0/0, and only a zero gate passes.
    let o = exempt(&["evaluate", "--at", AT, "--fail-under", "0", &assessments]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["secureScore"]["percentage"], 0.0);
    let o = exempt(&["evaluate", "--at", AT, "--fail-under", "0.5%", &assessments]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("fail: secure score 0.00% is under 0.50%"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn repeated_keys_in_an_exemption_file_are_refused_with_both_places() {
    let text = "{\"exemptions\": [{\n  \"name\": \"a\",\n  \"cloud\": \"Azure\",\n  \"scopes\": [\"/subscriptions/s\"],\n  \"category\": \"waiver\",\n    \"category\": \"mitigated\",\n  \"recommendations\": [\"k\"]\n}]}\n";
    let file = scratch("repeated-key.json", text);
    let expected = format!(
        "error: {file}: not an exemption file: the key \"category\" is repeated (first at line 5 column 3); a repeated key would silently replace the first value at line 6 column 5"
    );
    let o = exempt(&["validate", &file]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).trim_end(), expected);
    let o = exempt(&[
        "evaluate",
        "--at",
        AT,
        "-e",
        &file,
        &demo("assessments.json"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert_eq!(stderr(&o).trim_end(), expected);

    // The list itself given twice: the second would empty the file.
    let file = scratch(
        "repeated-list.json",
        "// two lists\n{\"exemptions\": [{\"name\": \"a\"}],\n \"exemptions\": []}",
    );
    let o = exempt(&["validate", &file]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "the key \"exemptions\" is repeated (first at line 2 column 2); a repeated key would silently replace the first value at line 3 column 2"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn path_like_and_padded_scopes_are_refused_with_the_reason() {
    let cases = [
        ("/subscriptions/s/../t", "has a `.` or `..` segment"),
        (
            "/subscriptions/s/./resourceGroups/rg",
            "has a `.` or `..` segment",
        ),
        (
            "/subscriptions/s/resourceGroups/..",
            "has a `.` or `..` segment",
        ),
        (" /subscriptions/s", "has spaces before or after it"),
        ("/subscriptions/s ", "has spaces before or after it"),
        (
            "/subscriptions/s/resourceGroups/ rg",
            "has a segment with spaces around it",
        ),
    ];
    let exemptions: Vec<Value> = cases
        .iter()
        .enumerate()
        .map(|(i, (scope, _))| {
            json!({"name": format!("e{i}"), "cloud": "Azure", "scopes": [scope],
                   "category": "waiver", "recommendations": ["k"]})
        })
        .collect();
    let file = scratch("odd-scopes.json", exemption_file(&exemptions));
    let o = exempt(&["validate", &file]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    for (i, (scope, why)) in cases.iter().enumerate() {
        let line = format!(
            "error: {file}: exemption {} \"e{i}\": scopes: `{scope}` {why}",
            i + 1
        );
        assert!(err.contains(&line), "{line}\n{err}");
    }
    assert_eq!(
        err.matches("so it would match nothing").count(),
        cases.len()
    );
}

#[test]
fn messages_quote_only_the_start_of_huge_values() {
    // A 5 MB exemption file with five 1 MB scopes.
    let scope = format!("/subscriptions/{}", "a".repeat(1_000_000));
    let exemptions: Vec<Value> = (0..5)
        .map(|i| {
            json!({"name": format!("e{i}"), "cloud": "Azure", "scopes": [format!("{scope}/../x")],
                   "category": "waiver", "recommendations": ["k"]})
        })
        .collect();
    let text = exemption_file(&exemptions);
    assert!(text.len() > 5_000_000);
    let file = scratch("huge-scopes.json", &text);
    let o = exempt(&["validate", &file]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.len() < 20_000, "{} bytes of messages", err.len());
    assert_eq!(err.lines().count(), 5, "{err}");
    assert!(err.contains("… (1000020 characters)"), "{err}");

    // Every other field huge too, and a name given twice.
    let huge = |c: &str| c.repeat(1_000_000);
    let text = exemption_file(&[
        json!({"name": huge("n"), "cloud": huge("c"), "scopes": [huge("s")], "category": huge("w"),
               "recommendations": ["k"], "expiresOn": huge("e"), "description": huge("d")}),
        json!({"name": huge("N"), "cloud": "Azure", "scopes": ["/subscriptions/s"],
               "category": "waiver", "recommendationCategory": huge("r")}),
    ]);
    let file = scratch("huge-fields.json", text);
    let o = exempt(&["validate", &file]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).len() < 20_000, "{} bytes", stderr(&o).len());
    assert!(stderr(&o).contains("name: duplicates the name of exemption 1"));

    // A huge repeated key, and a huge value where a status code belongs.
    let key = huge("k");
    let file = scratch(
        "huge-key.json",
        format!("{{\"exemptions\": [], \"{key}\": 1, \"{key}\": 2}}"),
    );
    let o = exempt(&["validate", &file]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).len() < 20_000, "{} bytes", stderr(&o).len());
    let input = json!({"data": [{"type": "microsoft.security/assessments", "name": "k",
        "properties": {"resourceDetails": {"Source": "Azure", "Id": "/subscriptions/s"},
                       "status": {"code": huge("p")}}}]});
    let file = scratch("huge-status.json", input.to_string());
    let o = exempt(&["evaluate", "--at", AT, &file]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.len() < 20_000, "{} bytes", err.len());
    assert!(
        err.starts_with(&format!("error: {file}: row 1: properties.status.code: ")),
        "{err}"
    );
}

/// Runs the command with standard output to a scratch file, failing the
/// test if it has not finished within `limit`.
fn run_within(args: &[&str], out: &str, limit: Duration) -> (Output, Duration) {
    let start = Instant::now();
    let file = std::fs::File::create(scratch(out, "")).unwrap();
    let mut child = command()
        .args(args)
        .stdout(file)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("`exempt {}` took more than {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    (child.wait_with_output().unwrap(), start.elapsed())
}

#[test]
fn fifty_thousand_exemptions_over_the_same_assessments_evaluate() {
    // Every exemption covers every Compute assessment of one demo
    // subscription (94 assessments); half mitigate, half waive. Pairwise
    // work would be 50,000² comparisons: minutes, not seconds.
    let subscription = "/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64";
    let mut text = String::from("{\"exemptions\": [\n");
    for i in 0..50_000 {
        let category = if i % 2 == 0 { "waiver" } else { "mitigated" };
        if i > 0 {
            text.push_str(",\n");
        }
        text.push_str(&format!(
            r#"{{"name": "e{i}", "cloud": "Azure", "scopes": ["{subscription}"], "category": "{category}", "recommendationCategory": "Compute"}}"#
        ));
    }
    text.push_str("\n]}\n");
    let file = scratch("fifty-thousand.json", text);
    let mut args = vec!["evaluate", "--at", AT, "--format", "table", "-e", &file];
    let inputs = demo_inputs();
    args.extend(inputs.iter().map(String::as_str));
    let (o, took) = run_within(&args, "fifty-thousand.out", Duration::from_secs(120));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let table = std::fs::read_to_string(common::scratch_dir().join("fifty-thousand.out")).unwrap();
    assert!(table.contains("\n  e49999  "), "every exemption is listed");
    assert!(table.contains("308 assessments on"), "{}", &table[..2000]);
    // Only the first mitigating exemption decides; the others decide nothing.
    assert!(table.contains("\n  e0      waiver     active          0\n"));
    assert!(table.contains("\n  e1      mitigated  active         32\n"));
    assert!(table.contains("\n  e3      mitigated  active          0\n"));
    eprintln!("50,000 exemptions evaluated in {took:?}");
}

#[test]
fn inputs_that_never_end_are_read_only_up_to_the_limit() {
    let limit = "1000";
    for args in [
        vec!["evaluate", "--max-input-bytes", limit, "/dev/zero"],
        vec!["evaluate", "--max-input-bytes", limit, "-e", "/dev/zero"],
        vec!["validate", "--max-input-bytes", limit, "/dev/zero"],
        vec![
            "explain",
            "--assessment",
            "x",
            "--max-input-bytes",
            limit,
            "/dev/zero",
        ],
    ] {
        let (o, _) = run_within(&args, "dev-zero.out", Duration::from_secs(30));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(
                "error: /dev/zero: more than 1000 bytes; if it really is one export, raise --max-input-bytes"
            ),
            "{args:?}: {}",
            stderr(&o)
        );
    }

    // An endless standard input.
    let mut child = command()
        .args(["evaluate", "--max-input-bytes", limit, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let block = [b' '; 4096];
        // Stops when the command closes its end.
        for _ in 0..1_000_000 {
            if stdin.write_all(&block).is_err() {
                return true;
            }
        }
        false
    });
    let o = child.wait_with_output().unwrap();
    assert!(writer.join().unwrap(), "the command stopped reading");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("error: (stdin): more than 1000 bytes"),
        "{}",
        stderr(&o)
    );

    // The default limit is stated where the option is.
    let help = stdout(&exempt(&["evaluate", "--help"]));
    assert!(help.contains("--max-input-bytes"), "{help}");
    assert!(help.contains("default 2 GiB"), "{help}");
    assert!(help.contains("[default: 2147483648]"), "{help}");
}
