//! The initiative and the assessment metadata are chosen once: read with
//! exemption files, they map later reads and exports that come without
//! them, and the status names them.

use exempt_core::workspace::{numbered_ids, ExportRequest, Workspace};

fn read(path: &str) -> (String, String) {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path);
    (
        full.file_name().unwrap().to_string_lossy().into_owned(),
        std::fs::read_to_string(&full).unwrap(),
    )
}

const EXEMPTIONS: &str = "tests/data/formats/resource-graph-policy-exemptions.json";
const INITIATIVE: &str = "tests/data/formats/policy-set-mcsb-small.json";
const METADATA: &str = "tests/data/formats/assessment-metadata-policy-map.json";

fn at() -> chrono::DateTime<chrono::Utc> {
    "2026-11-24T00:00:00Z".parse().unwrap()
}

#[test]
fn definitions_read_once_map_the_next_read_and_the_export() {
    let mut w = Workspace::new(numbered_ids());
    w.set_environment(exempt_core::demo::environment().unwrap(), at());
    assert!(w.status().definitions.is_empty());

    // Without definitions nothing maps the policy's reference ids.
    let bare = w.read_files(vec![read(EXEMPTIONS)]);
    assert!(bare.is_err(), "{bare:?}");

    let first = w
        .read_files(vec![read(EXEMPTIONS), read(INITIATIVE), read(METADATA)])
        .unwrap();
    assert_eq!(first.added.len(), 4, "{first:?}");
    assert_eq!(
        w.status().definitions,
        [
            "policy-set-mcsb-small.json",
            "assessment-metadata-policy-map.json"
        ]
    );

    let again = w.read_files(vec![read(EXEMPTIONS)]).unwrap();
    assert_eq!(again.added, first.added);
    assert_eq!(again.definitions, first.definitions);

    w.adopt(None, at()).unwrap();
    let exported = w
        .export(
            &ExportRequest {
                format: "azure-policy-arm".into(),
                ids: None,
                definitions: Vec::new(),
                assignments: Vec::new(),
            },
            at(),
        )
        .unwrap();
    assert!(
        exported.text.contains("policyDefinitionReferenceIds"),
        "{}",
        exported.text
    );
}
