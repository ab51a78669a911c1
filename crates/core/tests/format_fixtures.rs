//! Every sample in `tests/data/formats` imported, one test per file, each
//! compared with `tests/data/formats/expect/<file>.json`: the exemption
//! file made of it and what was not imported and why, or the refusal.
//!
//! REST examples of Azure/azure-rest-api-specs wrap a request and its
//! responses (`{parameters, responses}`); the response body is what Azure
//! holds (the request lacks the id, which carries the scope), so that is
//! what is imported. A DELETE has no body: the wrapper itself is imported
//! and must be refused.
//!
//! `EXEMPT_BLESS=1 cargo test -p exempt-core --test format_fixtures`
//! writes the expected files; review every change before committing it.

mod common;

use serde_json::{json, Value};
use std::path::Path;

datatest_stable::harness! {
    { test = check, root = "../../tests/data/formats", pattern = r"^[^/]+\.(json|jsonc|csv)$" },
}

/// The response body of a REST example wrapper, and where it was.
fn body(text: &str) -> Option<(String, String)> {
    let v: Value = serde_json::from_str(text).ok()?;
    let (Some(_), Some(responses)) = (v.get("parameters"), v.get("responses")) else {
        return None;
    };
    ["200", "201"].iter().find_map(|code| {
        let b = responses.get(code)?.get("body")?;
        Some((
            format!("responses.{code}.body"),
            serde_json::to_string_pretty(b).unwrap(),
        ))
    })
}

fn check(path: &Path, text: String) -> datatest_stable::Result<()> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let (input, text) = body(&text).unwrap_or_else(|| ("file".into(), text));
    let defs = common::definitions(&common::DEFINITIONS);
    let actual = match exempt_core::formats::import([(name.as_str(), text.as_str())], &defs) {
        Ok(imported) => {
            let mut v = json!({ "input": input });
            v.as_object_mut()
                .unwrap()
                .extend(imported.to_value().as_object().unwrap().clone());
            v
        }
        Err(e) => json!({ "input": input, "error": e.to_string() }),
    };
    common::against_expected(path, "import", &actual)?;
    Ok(())
}
