//! Writes the built-in catalogue compactly for embedding: only the fields
//! the reader fills a Defender CSV report's gaps with, no indentation. The
//! engine ships in the browser and the JavaScript package, where every
//! kilobyte is downloaded.

use serde_json::{Map, Value};
use std::path::Path;

const RECOMMENDATION_FIELDS: [&str; 6] = [
    "key",
    "severity",
    "categories",
    "cloud",
    "preview",
    "policyDefinitionId",
];
const CONTROL_FIELDS: [&str; 3] = ["name", "displayName", "maxScore"];

fn compact(from: &Path, list: &str, fields: &[&str], to: &Path) {
    println!("cargo::rerun-if-changed={}", from.display());
    let text = std::fs::read_to_string(from).expect("the catalogue file is readable");
    let value: Value = serde_json::from_str(&text).expect("the catalogue file is JSON");
    let items: Vec<Value> = value[list]
        .as_array()
        .expect("the catalogue file has its list")
        .iter()
        .map(|item| {
            let kept: Map<String, Value> = fields
                .iter()
                .filter_map(|f| Some((f.to_string(), item.get(*f)?.clone())))
                .collect();
            Value::Object(kept)
        })
        .collect();
    let mut out = Map::new();
    out.insert(list.to_string(), Value::Array(items));
    std::fs::write(to, Value::Object(out).to_string()).expect("OUT_DIR is writable");
}

fn main() {
    // Read when the script runs, not when it was compiled: a target
    // directory shared between checkouts reuses the compiled script.
    let here = std::path::PathBuf::from(
        std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join("catalogue");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    compact(
        &here.join("recommendations.json"),
        "recommendations",
        &RECOMMENDATION_FIELDS,
        &out.join("recommendations.json"),
    );
    compact(
        &here.join("controls.json"),
        "controls",
        &CONTROL_FIELDS,
        &out.join("controls.json"),
    );
}
