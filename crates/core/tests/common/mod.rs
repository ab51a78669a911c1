//! What the format tests share: the sample files, definitions, the demo
//! and the policy environment, and an evaluation to compare.
#![allow(dead_code)] // each test file uses its own part

use chrono::{DateTime, Utc};
use exempt_core::exemption::ExemptionFile;
use exempt_core::formats::{self, Definitions, ExportOptions, Format};
use exempt_core::{EnvironmentBuilder, Session};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The demo's "now", so that expiry does not depend on the day.
pub const AT: &str = "2026-11-24T00:00:00Z";

/// The policy assignment of the policy environment: the benchmark assigned
/// at Contoso's top management group, above every scope of its exemptions.
pub const ASSIGNMENT: &str = "/providers/Microsoft.Management/managementGroups/contoso/providers/Microsoft.Authorization/policyAssignments/mcsb-contoso";

pub fn at() -> DateTime<Utc> {
    AT.parse().unwrap()
}

/// A file of the repository, from its top folder.
pub fn path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

pub fn read(relative: &str) -> String {
    std::fs::read_to_string(path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The initiative and the policy map of `tests/data/formats`.
pub const DEFINITIONS: [&str; 2] = [
    "tests/data/formats/policy-set-mcsb-small.json",
    "tests/data/formats/assessment-metadata-policy-map.json",
];

/// The policy round trip's definitions: the initiative, and the
/// environment's assessments, whose metadata names each one's policy.
pub const POLICY_DEFINITIONS: [&str; 2] = [
    "tests/data/formats/policy-set-mcsb-small.json",
    "tests/data/formats/roundtrip/policy-env/assessments.json",
];

/// The demo environment's exports.
pub const DEMO: [&str; 3] = [
    "demo/containers.json",
    "demo/controls.json",
    "demo/assessments.json",
];

/// A small Contoso tenant whose assessments of the nine recommendations
/// of the trimmed benchmark carry their policy, and corp-dev's others.
pub const POLICY_ENV: [&str; 3] = [
    "demo/containers.json",
    "demo/controls.json",
    "tests/data/formats/roundtrip/policy-env/assessments.json",
];

pub fn definitions(files: &[&str]) -> Definitions {
    let texts: Vec<(&str, String)> = files.iter().map(|f| (*f, read(f))).collect();
    Definitions::load(texts.iter().map(|(n, t)| (*n, t.as_str()))).unwrap()
}

pub fn session(files: &[&str]) -> Session {
    let mut b = EnvironmentBuilder::new();
    for f in files {
        exempt_core::input::load(&mut b, f, &read(f)).unwrap();
    }
    Session::new(b.finish().unwrap(), at())
}

/// Every assessment's status and deciding exemption under `file`.
pub fn evaluation(session: &mut Session, file: &ExemptionFile) -> Vec<Value> {
    session.set_exemptions(file.exemptions.clone()).unwrap();
    let report = serde_json::to_value(session.report()).unwrap();
    report["assessments"].as_array().unwrap().clone()
}

pub fn options(defs: Definitions, env: Option<Session>, assignments: &[&str]) -> ExportOptions {
    ExportOptions {
        definitions: defs,
        environment: env,
        at: at(),
        assignments: assignments.iter().map(|a| a.to_string()).collect(),
        within: None,
    }
}

/// Writes `file` as `format` (Bicep once per scope, as it deploys to one)
/// and returns the files written, named for messages.
pub fn export(
    file: &ExemptionFile,
    format: Format,
    defs: &[&str],
    env: Option<&[&str]>,
    assignments: &[&str],
) -> Vec<(String, String)> {
    let opts = || options(definitions(defs), env.map(session), assignments);
    if format != Format::AzurePolicyBicep {
        let out = formats::export(file, format, opts())
            .unwrap_or_else(|e| panic!("export to {format}: {e}"));
        return vec![(format!("export.{format}"), out.text)];
    }
    let mut scopes: Vec<String> = Vec::new();
    for e in &file.exemptions {
        for s in &e.scopes {
            let s = s.trim_end_matches('/').to_string();
            if !scopes.iter().any(|x| x.eq_ignore_ascii_case(&s)) {
                scopes.push(s);
            }
        }
    }
    // `within` a subscription keeps its resource groups too, which would
    // make a file of several scopes: take each scope alone.
    scopes
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut o = opts();
            o.within = Some(s.clone());
            let one = ExemptionFile {
                exemptions: file
                    .exemptions
                    .iter()
                    .filter_map(|e| {
                        let mut e = e.clone();
                        e.scopes
                            .retain(|x| x.trim_end_matches('/').eq_ignore_ascii_case(s));
                        (!e.scopes.is_empty()).then_some(e)
                    })
                    .collect(),
                policy: file.policy.clone(),
                extra: file.extra.clone(),
            };
            let out = formats::export(&one, format, o)
                .unwrap_or_else(|e| panic!("export to {format} within {s}: {e}"));
            (format!("export-{i}.bicep"), out.text)
        })
        .collect()
}

pub fn import(files: &[(String, String)], defs: &[&str]) -> formats::Imported {
    formats::import(
        files.iter().map(|(n, t)| (n.as_str(), t.as_str())),
        &definitions(defs),
    )
    .unwrap_or_else(|e| panic!("import: {e}"))
}

/// Compares `actual`, what was made of the sample at `path`, with
/// `expect/<file>.json` beside it; with `EXEMPT_BLESS` set, writes it.
pub fn against_expected(
    path: &std::path::Path,
    what: &str,
    actual: &serde_json::Value,
) -> Result<(), String> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let expect_path = path
        .parent()
        .unwrap()
        .join("expect")
        .join(format!("{name}.json"));
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap();
    if std::env::var_os("EXEMPT_BLESS").is_some() {
        std::fs::create_dir_all(expect_path.parent().unwrap()).map_err(|e| e.to_string())?;
        return std::fs::write(&expect_path, pretty(actual) + "\n").map_err(|e| e.to_string());
    }
    let text = std::fs::read_to_string(&expect_path)
        .map_err(|e| format!("{}: {e} (EXEMPT_BLESS=1 writes it)", expect_path.display()))?;
    let wanted: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    if &wanted != actual {
        return Err(format!(
            "{what} of {name} differs from {}:\nwanted {}\ngot    {}",
            expect_path.display(),
            pretty(&wanted),
            pretty(actual)
        ));
    }
    Ok(())
}
