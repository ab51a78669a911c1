//! Every file in `tests/data/inputs` (Azure's published examples, hand-made
//! shapes, encodings and refusals; sources in its SOURCES.md), one test per
//! file, read alone as the command line reads an input: what it yields (rows
//! by kind, skipped types, the environment's counts) or the error it gets,
//! as `tests/data/inputs/expect/<file>.json` says.

use exempt_core::input::load;
use exempt_core::EnvironmentBuilder;
use serde_json::{json, Value};
use std::path::Path;

datatest_stable::harness! {
    { test = check, root = "../../tests/data/inputs", pattern = r"^[^/]+\.(json|csv|txt)$" },
}

fn check(path: &Path, bytes: Vec<u8>) -> datatest_stable::Result<()> {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let expect_path = path
        .parent()
        .unwrap()
        .join("expect")
        .join(format!("{name}.json"));
    let actual = read(&name, &bytes);
    let Ok(expected) = std::fs::read_to_string(&expect_path) else {
        return Err(format!(
            "no {}; this file gives:\n{}",
            expect_path.display(),
            serde_json::to_string_pretty(&actual).unwrap()
        )
        .into());
    };
    let expected: Value = serde_json::from_str(&expected)?;
    if let Some(error) = expected["error"].as_str() {
        let got = actual["error"].as_str().unwrap_or("");
        if !got.contains(error) {
            return Err(format!("expected an error containing {error:?}, got {actual:#}").into());
        }
        return Ok(());
    }
    for key in ["rows", "kinds", "skipped", "environment"] {
        if expected[key] != actual[key] {
            return Err(
                format!("{key}: expected {:#}, got {:#}", expected[key], actual[key]).into(),
            );
        }
    }
    let warnings: Vec<&str> = actual["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for w in expected["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !warnings.iter().any(|got| got.contains(w)) {
            return Err(format!("no warning contains {w:?}; warnings: {warnings:#?}").into());
        }
    }
    Ok(())
}

/// What reading the file alone gives, in the expectation files' shape.
fn read(name: &str, bytes: &[u8]) -> Value {
    let text = match exempt_core::input::decode(bytes) {
        Ok(t) => t,
        Err(e) => return json!({ "error": format!("{name}: {e}") }),
    };
    let mut builder = EnvironmentBuilder::new();
    let loaded = match load(&mut builder, name, &text) {
        Ok(l) => l,
        Err(e) => return json!({ "error": e.to_string() }),
    };
    let env = match builder.finish() {
        Ok(env) => env,
        Err(e) => return json!({ "error": e.to_string() }),
    };
    let reported = env.reported();
    json!({
        "rows": loaded.rows,
        "kinds": loaded.kinds,
        "skipped": loaded.skipped,
        "environment": {
            "assessments": env.assessment_count(),
            "resources": env.resource_count(),
            "recommendations": env.recommendations().len(),
            "withMetadata": env.recommendations().iter().filter(|r| r.severity.is_some()).count(),
            "withPolicy": env.recommendations().iter().filter(|r| r.policy_definition_id.is_some()).count(),
            "controls": env.controls().len(),
            "managementGroups": env.management_groups().len(),
            "subscriptions": env.subscriptions().iter().filter(|s| s.listed).count(),
            "namedSubscriptions": env.subscriptions().iter().filter(|s| s.display_name.is_some()).count(),
            "groupedSubscriptions": env.subscriptions().iter().filter(|s| !s.management_groups.is_empty()).count(),
            "connectors": env.connectors().len(),
            "reportedScores": reported.scores.len(),
            "reportedControls": reported.controls.len(),
            "azureExempt": env.azure_exempt_assessments().len(),
        },
        "warnings": env.warnings(),
    })
}
