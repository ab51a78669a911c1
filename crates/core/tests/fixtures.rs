//! Every engine case in `tests/data/cases`, one test per file, so a single
//! case runs (`cargo test -p exempt-core --test fixtures -- <name>`) and
//! fails by its name. `tests/data/README.md` describes the format.

use chrono::{DateTime, Utc};
use exempt_core::exemption::ExemptionFile;
use exempt_core::input::load_json;
use exempt_core::{EnvironmentBuilder, Error, Session};
use serde_json::Value;
use std::path::Path;

datatest_stable::harness! {
    { test = check, root = "../../tests/data/cases", pattern = r"\.json$" },
}

fn data_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data")
}

/// Refuses a key of `v` that is not in `known`.
fn only(v: &Value, path: &str, known: &[&str]) -> Result<(), String> {
    match v
        .as_object()
        .into_iter()
        .flat_map(|o| o.keys())
        .find(|k| !known.contains(&k.as_str()))
    {
        Some(k) => Err(format!(
            "{path}{k}: not a key the loader checks (it checks {})",
            known.join(", ")
        )),
        None => Ok(()),
    }
}

/// Loads a case, runs it, and compares what it expects.
fn check(_path: &Path, text: String) -> datatest_stable::Result<()> {
    let case: Value = serde_json::from_str(&text).map_err(|e| format!("case is not JSON: {e}"))?;
    let expect = &case["expect"];
    // A misspelt key would check nothing and pass: refused by name.
    only(
        &case,
        "",
        &[
            "description",
            "at",
            "inputFiles",
            "inputs",
            "exemptions",
            "expect",
        ],
    )?;
    only(
        expect,
        "expect.",
        &[
            "assessments",
            "report",
            "explain",
            "warnings",
            "error",
            "errors",
        ],
    )?;
    let at: DateTime<Utc> = case["at"]
        .as_str()
        .unwrap_or("2026-06-01T00:00:00Z")
        .parse()
        .map_err(|e| format!("at: {e}"))?;

    let loaded = load(&case);
    let exemptions = match &case["exemptions"] {
        Value::Null => Ok(ExemptionFile::default()),
        Value::String(raw) => ExemptionFile::parse(raw),
        v => ExemptionFile::parse(&v.to_string()),
    };
    let wanted_errors: Vec<&str> = match (expect["error"].as_str(), expect["errors"].as_array()) {
        (Some(one), _) => vec![one],
        (None, Some(many)) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !wanted_errors.is_empty() {
        let got = loaded.err().or(exemptions.err()).map(|e| e.to_string());
        let Some(message) = got else {
            return Err(
                format!("loaded fine, expected an error containing {wanted_errors:?}").into(),
            );
        };
        for wanted in wanted_errors {
            if !message.contains(wanted) {
                return Err(
                    format!("error was {message:?}, expected it to contain {wanted:?}").into(),
                );
            }
        }
        return Ok(());
    }
    let mut session = Session::new(loaded?, at);
    let file = exemptions?;
    session.set_judged_at(file.exemptions, file.policy.unwrap_or_default(), at)?;
    let actual = serde_json::to_value(session.report())?;

    if let Some(wanted) = expect.get("assessments") {
        check_assessments(wanted, &actual)?;
    }
    if let Some(wanted) = expect.get("explain") {
        check_explain(wanted, &session)?;
    }
    if let Some(wanted) = expect.get("report") {
        subset(wanted, &actual, "report")?;
    }
    let warnings: Vec<&str> = actual["warnings"]
        .as_array()
        .into_iter()
        .flatten()
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
        return Err(format!("warnings were {warnings:#?}, expected {wanted:#?}").into());
    }
    Ok(())
}

fn load(case: &Value) -> Result<exempt_core::Environment, Error> {
    let mut builder = EnvironmentBuilder::new();
    for f in case["inputFiles"].as_array().into_iter().flatten() {
        let name = f.as_str().unwrap_or_default();
        let text = std::fs::read_to_string(data_dir().join(name))
            .map_err(|e| Error::input(name, None, e.to_string()))?;
        load_json(&mut builder, name, &text)?;
    }
    for (i, input) in case["inputs"].as_array().into_iter().flatten().enumerate() {
        let text = match input {
            Value::String(raw) => raw.clone(),
            other => other.to_string(),
        };
        load_json(&mut builder, &format!("input{}", i + 1), &text)?;
    }
    builder.finish()
}

fn check_assessments(wanted: &Value, actual: &Value) -> Result<(), String> {
    let wanted = wanted
        .as_object()
        .ok_or("expect.assessments: not an object")?;
    let got = actual["assessments"].as_array().ok_or("no assessments")?;
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
    Ok(())
}

fn check_explain(wanted: &Value, session: &Session) -> Result<(), String> {
    let wanted = wanted.as_object().ok_or("expect.explain: not an object")?;
    let list = session.exemptions();
    for (id, w) in wanted {
        let a = session
            .find_assessment(id)
            .ok_or_else(|| format!("explain: no assessment {id}"))?;
        let got = session.explain(a).map_err(|e| e.to_string())?;
        let decider = got.decider.map(|d| list[d.index()].name.clone());
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
                _ => return Err("a candidate neither applies nor misses".into()),
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
    Ok(())
}

fn kind(v: &impl serde::Serialize) -> String {
    serde_json::to_value(v).unwrap_or_default()["kind"]
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
            let (w, g) = (
                w.as_f64().unwrap_or(f64::NAN),
                g.as_f64().unwrap_or(f64::NAN),
            );
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
