//! Every vulnerability findings sample in `tests/data/vulnerabilities`, one test per file, read
//! and compared with `tests/data/vulnerabilities/expect/<file>.json`: the findings
//! and the rows skipped with why, or the refusal.
//!
//! `EXEMPT_BLESS=1 cargo test -p exempt-core --test vulnerabilities` writes the
//! expected files; review every change before committing it.

mod common;

use serde_json::json;
use std::path::Path;

datatest_stable::harness! {
    { test = check, root = "../../tests/data/vulnerabilities", pattern = r"^[^/]+\.json$" },
}

fn check(path: &Path, text: String) -> datatest_stable::Result<()> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let actual = match exempt_core::vulnerabilities::read(&name, &text) {
        Ok(read) => serde_json::to_value(&read)?,
        Err(e) => json!({ "error": e.to_string() }),
    };
    common::against_expected(path, "reading", &actual)?;
    Ok(())
}
