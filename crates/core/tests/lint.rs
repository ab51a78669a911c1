//! Lint cases as data: every file in `tests/data/lint` names an exemption
//! file beside it, the inputs to give (the demo environment, definition
//! files), the instant, and every finding expected, with its rule, the
//! exemption's position, the field, and the line and column. One test per
//! file; a finding not listed fails the case as surely as one missing.

use exempt_core::formats::Definitions;
use exempt_core::lint::{lint, Inputs};
use serde::Deserialize;
use serde_json::Value;
use std::path::Path;

datatest_stable::harness! {
    { test = check, root = "../../tests/data/lint", pattern = r"^[^.]+\.json$" },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Case {
    #[allow(dead_code)]
    description: String,
    /// The exemption file, beside the case.
    file: String,
    /// Repeat exemption `index` (from 1) this many times in all, names
    /// numbered: for the rules about counts.
    repeat: Option<(usize, usize)>,
    /// Lint against the demo environment.
    #[serde(default)]
    environment: bool,
    /// Definition files, from `tests/data`.
    #[serde(default)]
    definitions: Vec<String>,
    at: String,
    /// Each finding: `[rule, index, field, line, column]`; line and column
    /// 0 when the case does not check them.
    expect: Vec<(String, usize, Option<String>, usize, usize)>,
}

fn data(p: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(p)
}

fn check(_path: &Path, text: String) -> datatest_stable::Result<()> {
    let case: Case = serde_json::from_str(&text).map_err(|e| format!("not a case: {e}"))?;
    let mut file = std::fs::read_to_string(data(&format!("lint/{}", case.file)))?;
    if let Some((index, times)) = case.repeat {
        let mut v: Value = serde_json::from_str(&file)?;
        let list = v["exemptions"].as_array_mut().ok_or("no exemptions")?;
        let model = list[index - 1].clone();
        for n in 1..times {
            let mut e = model.clone();
            e["name"] = format!("{} #{n}", model["name"].as_str().unwrap_or("")).into();
            list.push(e);
        }
        file = serde_json::to_string_pretty(&v)?;
    }
    let at = case.at.parse().map_err(|e| format!("at: {e}"))?;
    let mut session = case
        .environment
        .then(|| exempt_core::Session::new(exempt_core::demo::environment().unwrap(), at));
    let mut defs = Definitions::default();
    for d in &case.definitions {
        defs.add(d, &std::fs::read_to_string(data(d))?)?;
    }
    let report = lint(
        &file,
        Inputs {
            session: session.as_mut(),
            definitions: Some(&defs),
            at,
        },
    )?;
    let got: Vec<(String, usize, Option<String>, usize, usize)> = report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.to_string(),
                f.index,
                f.field.clone(),
                f.line,
                f.column,
            )
        })
        .collect();
    let same = got.len() == case.expect.len()
        && got.iter().zip(&case.expect).all(|(g, w)| {
            g.0 == w.0 && g.1 == w.1 && g.2 == w.2 && (w.3 == 0 || (g.3, g.4) == (w.3, w.4))
        });
    if !same {
        let messages: Vec<String> = report
            .findings
            .iter()
            .map(|f| format!("{} {}: {}", f.rule, f.index, f.message))
            .collect();
        return Err(format!(
            "findings were {got:?}\nexpected {:?}\n{messages:#?}",
            case.expect
        )
        .into());
    }
    Ok(())
}
