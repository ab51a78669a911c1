//! An EPAC scope pattern is left out of the exemption, not the exemption
//! out of the import: "not imported" names only what was refused whole.

use exempt_core::formats::{import, Definitions};

fn read(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/data/formats")
            .join(name),
    )
    .unwrap()
}

fn file(scopes: &[&str]) -> String {
    serde_json::json!({
        "exemptions": [{
            "name": "hub-mgmt-ports",
            "displayName": "Hub management ports guarded by Azure Bastion",
            "exemptionCategory": "Mitigated",
            "scopes": scopes,
            "policyAssignmentId": "/providers/Microsoft.Management/managementGroups/contoso/providers/Microsoft.Authorization/policyAssignments/mcsb-contoso",
            "policyDefinitionReferenceIds": ["jitNetworkAccessMonitoring"]
        }]
    })
    .to_string()
}

#[test]
fn a_pattern_beside_real_scopes_is_a_note_and_alone_a_refusal() {
    let (set, meta) = (
        read("policy-set-mcsb-small.json"),
        read("assessment-metadata-policy-map.json"),
    );
    let defs = Definitions::load([
        ("policy-set-mcsb-small.json", set.as_str()),
        ("assessment-metadata-policy-map.json", meta.as_str()),
    ])
    .unwrap();
    const PATTERN: &str = "/subscriptions/*/resourceGroups/rg-sandbox-*";

    let mixed = file(&[
        "/subscriptions/4c1e6f2a-8b3d-4a57-9e10-2d7f5b9c3a81",
        PATTERN,
    ]);
    let read_mixed = import([("mixed.jsonc", mixed.as_str())], &defs).unwrap();
    assert_eq!(read_mixed.file.exemptions.len(), 1);
    assert!(read_mixed.rejected.is_empty(), "{:?}", read_mixed.rejected);
    assert!(
        read_mixed
            .notes
            .iter()
            .any(|n| n.contains(PATTERN) && n.contains("imported with its other scopes")),
        "{:?}",
        read_mixed.notes
    );

    let alone = file(&[PATTERN]);
    let read_alone = import([("alone.jsonc", alone.as_str())], &defs).unwrap();
    assert!(read_alone.file.exemptions.is_empty());
    assert_eq!(read_alone.rejected.len(), 1);
}
