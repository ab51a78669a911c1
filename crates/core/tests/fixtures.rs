//! Runs every engine case in `tests/data/cases` through one helper.

use chrono::{DateTime, Utc};
use exempt_core::exemption::ExemptionFile;
use exempt_core::explain::explain;
use exempt_core::input::load_json;
use exempt_core::{evaluate, EnvironmentBuilder, Report};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data")
}

#[test]
fn every_case() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data_dir().join("cases"))
        .expect("cases folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 20,
        "expected the fixture cases, found {}",
        files.len()
    );
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| {
            check(f)
                .err()
                .map(|e| format!("{}: {e}", f.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// Loads a case, runs it, and compares what it expects.
fn check(path: &Path) -> Result<(), String> {
    let case: Value =
        serde_json::from_str(&std::fs::read_to_string(path).map_err(|e| e.to_string())?)
            .map_err(|e| format!("case is not JSON: {e}"))?;
    let expect = &case["expect"];
    let at: DateTime<Utc> = case["at"]
        .as_str()
        .unwrap_or("2026-06-01T00:00:00Z")
        .parse()
        .map_err(|e| format!("at: {e}"))?;

    let mut builder = EnvironmentBuilder::new();
    let mut loaded = Ok(());
    for f in case["inputFiles"].as_array().into_iter().flatten() {
        let name = f.as_str().ok_or("inputFiles: not a string")?;
        let text =
            std::fs::read_to_string(data_dir().join(name)).map_err(|e| format!("{name}: {e}"))?;
        loaded = loaded.and_then(|()| load_json(&mut builder, name, &text).map(drop));
    }
    for (i, input) in case["inputs"].as_array().into_iter().flatten().enumerate() {
        let text = match input {
            Value::String(raw) => raw.clone(),
            other => other.to_string(),
        };
        loaded = loaded
            .and_then(|()| load_json(&mut builder, &format!("input{}", i + 1), &text).map(drop));
    }
    let env = loaded
        .and_then(|()| builder.finish())
        .map_err(|e| e.to_string());
    let exemptions = match &case["exemptions"] {
        Value::Null => Ok(ExemptionFile::default()),
        Value::String(raw) => ExemptionFile::parse(raw).map_err(|e| e.to_string()),
        v => ExemptionFile::parse(&v.to_string()).map_err(|e| e.to_string()),
    };
    if let Some(wanted) = expect["error"].as_str() {
        let got = env.err().or(exemptions.err());
        return match got {
            Some(message) if message.contains(wanted) => Ok(()),
            Some(message) => Err(format!(
                "error was {message:?}, expected it to contain {wanted:?}"
            )),
            None => Err(format!(
                "loaded fine, expected an error containing {wanted:?}"
            )),
        };
    }
    let env = env?;
    let list = exemptions?.exemptions;
    let evaluation = evaluate(&env, &list, at);
    let report = Report::build(&env, &list, &evaluation);
    let actual = serde_json::to_value(&report).map_err(|e| e.to_string())?;

    if let Some(wanted) = expect.get("assessments") {
        let wanted = wanted
            .as_object()
            .ok_or("expect.assessments: not an object")?;
        let got = actual["assessments"].as_array().expect("assessments");
        if wanted.len() != got.len() {
            return Err(format!(
                "{} assessments, but the case lists {}",
                got.len(),
                wanted.len()
            ));
        }
        for line in got {
            let id = line["id"].as_str().unwrap_or_default();
            let status = line["status"].as_str().unwrap_or_default();
            let shown = match line["exemption"]["name"].as_str() {
                Some(name) => format!("{status} by {name}"),
                None => status.to_string(),
            };
            match wanted.get(id).and_then(Value::as_str) {
                Some(w) if w == shown => {}
                Some(w) => return Err(format!("assessment {id}: got {shown:?}, expected {w:?}")),
                None => return Err(format!("assessment {id} is not in expect.assessments")),
            }
        }
    }
    if let Some(wanted) = expect.get("explain") {
        let wanted = wanted.as_object().ok_or("expect.explain: not an object")?;
        for (id, w) in wanted {
            let a = (0..env.assessment_count())
                .find(|&a| env.assessment_id(a) == id.as_str())
                .ok_or_else(|| format!("explain: no assessment {id}"))?;
            let got = explain(&env, &list, at, a);
            let decider = got.decider.map(|d| list[d].name.clone());
            if w["decider"].as_str().map(str::to_string) != decider {
                return Err(format!(
                    "explain {id}: decider {decider:?}, expected {}",
                    w["decider"]
                ));
            }
            for c in &got.candidates {
                let shown = match (&c.applies, &c.miss) {
                    (Some((_, coverage)), _) => format!("applies: {}", kind(coverage)),
                    (_, Some(miss)) => format!("no: {}", kind(miss)),
                    _ => unreachable!(),
                };
                let expected = w["candidates"][&c.name].as_str().unwrap_or("(missing)");
                if expected != shown {
                    return Err(format!(
                        "explain {id}: {} is {shown:?}, expected {expected:?}",
                        c.name
                    ));
                }
            }
        }
    }
    if let Some(wanted) = expect.get("report") {
        subset(wanted, &actual, "report")?;
    }
    let warnings: Vec<&str> = actual["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let wanted: Vec<&str> = expect["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if warnings.len() != wanted.len()
        || !wanted
            .iter()
            .all(|w| warnings.iter().any(|g| g.contains(w)))
    {
        return Err(format!("warnings were {warnings:#?}, expected {wanted:#?}"));
    }
    Ok(())
}

fn kind(v: &impl serde::Serialize) -> String {
    serde_json::to_value(v).unwrap()["kind"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn subset(wanted: &Value, got: &Value, at: &str) -> Result<(), String> {
    match (wanted, got) {
        (Value::Object(w), Value::Object(g)) => w.iter().try_for_each(|(k, v)| {
            subset(v, g.get(k).unwrap_or(&Value::Null), &format!("{at}.{k}"))
        }),
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                return Err(format!("{at}: {} items, expected {}", g.len(), w.len()));
            }
            w.iter()
                .zip(g)
                .enumerate()
                .try_for_each(|(i, (w, g))| subset(w, g, &format!("{at}[{i}]")))
        }
        (Value::Number(w), Value::Number(g)) => {
            let (w, g) = (w.as_f64().unwrap(), g.as_f64().unwrap());
            if (w - g).abs() <= 1e-9 {
                Ok(())
            } else {
                Err(format!("{at}: {g}, expected {w}"))
            }
        }
        (w, g) if w == g => Ok(()),
        (w, g) => Err(format!("{at}: {g}, expected {w}")),
    }
}
