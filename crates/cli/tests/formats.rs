//! `exempt import`, `export` and `diff`: exit codes (0 done or equal, 1
//! differ, 2 refused), what a refusal names, `--format json`, and `-o`
//! replacing a file whole or not at all. Runs in the repository's folder
//! with relative paths, so no path of the machine reaches a snapshot.

mod common;

use common::{command, repository, scratch, scratch_dir, stderr, stdout, AT};
use insta::assert_snapshot;
use serde_json::Value;
use std::process::Output;

const DEMO: [&str; 3] = [
    "demo/containers.json",
    "demo/controls.json",
    "demo/assessments.json",
];
const POLICY_ENV: [&str; 3] = [
    "demo/containers.json",
    "demo/controls.json",
    "tests/data/formats/roundtrip/policy-env/assessments.json",
];
const ASSIGNMENT: &str = "/providers/Microsoft.Management/managementGroups/contoso/providers/Microsoft.Authorization/policyAssignments/mcsb-contoso";
const POLICY_BACKED: &str = "tests/data/formats/roundtrip/policy-backed.json";

fn run(args: &[&str], code: i32) -> Output {
    let o = command()
        .current_dir(repository())
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(code),
        "{args:?}\nstdout: {}\nstderr: {}",
        stdout(&o),
        stderr(&o)
    );
    o
}

fn path_of(name: &str) -> String {
    scratch_dir().join(name).display().to_string()
}

fn policy_definitions() -> Vec<&'static str> {
    vec![
        "--definitions",
        "tests/data/formats/policy-set-mcsb-small.json",
        "--definitions",
        "tests/data/formats/roundtrip/policy-env/assessments.json",
    ]
}

#[test]
fn defender_export_imports_back_equal() {
    for to in ["defender-arm", "defender-terraform"] {
        let exported = path_of(&format!("demo.{to}"));
        let mut args = vec![
            "export",
            "--to",
            to,
            "-e",
            "demo/exemptions.json",
            "-o",
            &exported,
        ];
        args.extend(DEMO);
        run(&args, 0);
        let imported = path_of(&format!("demo.{to}.json"));
        run(&["import", &exported, "-o", &imported], 0);
        let o = run(&["diff", "demo/exemptions.json", &imported], 0);
        assert_eq!(stdout(&o), "no differences\n");
        // The exported file itself compares equal too.
        run(&["diff", "demo/exemptions.json", &exported], 0);
    }
}

#[test]
fn every_azure_policy_format_round_trips_with_the_definitions() {
    for to in [
        "azure-policy-arm",
        "azure-policy-terraform",
        "azure-policy-az",
    ] {
        let exported = path_of(&format!("policy.{to}"));
        let mut args = vec![
            "export",
            "--to",
            to,
            "-e",
            POLICY_BACKED,
            "--assignment",
            ASSIGNMENT,
            "-o",
            &exported,
        ];
        args.extend(policy_definitions());
        args.extend(POLICY_ENV);
        run(&args, 0);
        let mut args = vec!["diff", POLICY_BACKED, &exported];
        args.extend(policy_definitions());
        let o = run(&args, 0);
        assert_eq!(stdout(&o), "no differences\n", "{to}");
    }
}

#[test]
fn diff_exits_1_and_says_what_differs() {
    let mut file: Value =
        serde_json::from_str(&std::fs::read_to_string(repository().join(POLICY_BACKED)).unwrap())
            .unwrap();
    let list = file["exemptions"].as_array_mut().unwrap();
    list[0]["category"] = "mitigated".into();
    list[1]["scopes"] = serde_json::json!(["/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64"]);
    list.remove(4);
    list.push(serde_json::json!({
        "name": "Only theirs",
        "cloud": "Azure",
        "scopes": ["/subscriptions/0d5f9b73-2a4c-4e61-8f3d-c17a9e2b6d05"],
        "category": "waiver",
        "recommendations": ["805651bc-6ecd-4c73-9b55-97a19d0582d0"]
    }));
    let theirs = scratch("theirs.json", file.to_string());
    let o = run(&["diff", POLICY_BACKED, &theirs], 1);
    assert_snapshot!("diff_text", stdout(&o));
    let o = run(&["diff", POLICY_BACKED, &theirs, "--format", "json"], 1);
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["equal"], false);
    assert_snapshot!("diff_json", stdout(&o));
}

#[test]
fn diff_exits_2_when_a_side_cannot_be_read() {
    let bad = scratch("diff-bad.json", "{\"exemptions\": [{\"name\": 3}]}");
    let o = run(&["diff", "demo/exemptions.json", &bad], 2);
    assert!(stderr(&o).contains("diff-bad.json"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let o = run(&["diff", "demo/exemptions.json", "no-such-file.json"], 2);
    assert!(stderr(&o).contains("no-such-file.json"), "{}", stderr(&o));
}

#[test]
fn import_lists_what_it_left_out_and_succeeds() {
    let o = run(
        &[
            "import",
            "tests/data/formats/resource-graph-policy-exemptions.json",
            "--definitions",
            "tests/data/formats/policy-set-mcsb-small.json",
            "--definitions",
            "tests/data/formats/assessment-metadata-policy-map.json",
        ],
        0,
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("an exemption file");
    assert_eq!(v["exemptions"].as_array().unwrap().len(), 4);
    let err = stderr(&o);
    assert!(
        err.contains("not imported: tests/data/formats/resource-graph-policy-exemptions.json: item 3 \"Legacy VMs behind the on-premises firewall\": data[2].properties.resourceSelectors: resource selectors"),
        "{err}"
    );
}

#[test]
fn a_missing_definitions_names_the_reference_ids_that_need_it() {
    let o = run(
        &["import", "tests/data/formats/az-policy-exemption-list.json"],
        2,
    );
    let err = stderr(&o);
    assert!(err.contains("--definitions"), "{err}");
    for wanted in [
        "az-policy-exemption-list.json: row 1: reference ids identityDesignateLessThanOwnersMonitoring",
        "jitNetworkAccessMonitoring, restrictAccessToManagementPortsMonitoring",
    ] {
        assert!(err.contains(wanted), "{wanted} in {err}");
    }
    assert!(stdout(&o).is_empty());
    let mut args = vec![
        "export",
        "--to",
        "azure-policy-arm",
        "-e",
        POLICY_BACKED,
        "--assignment",
        ASSIGNMENT,
    ];
    args.extend(POLICY_ENV);
    let o = run(&args, 2);
    let err = stderr(&o);
    assert!(
        err.contains("--definitions") && err.contains("6f90a6d6-d4d6-0794-0ec1-98fa77878c2e"),
        "{err}"
    );
}

#[test]
fn a_refusal_names_the_file_the_item_and_the_field() {
    let cases = [
        (
            "bad-expiry.json",
            r#"{"value": [{"id": "/subscriptions/s1/providers/Microsoft.Security/standardAssignments/a", "type": "Microsoft.Security/standardAssignments", "properties": {"displayName": "x", "effect": "Exempt", "exemptionData": {"exemptionCategory": "waiver", "assignedAssessment": {"assessmentKey": "k"}}}}, {"id": "/subscriptions/s1/providers/Microsoft.Security/standardAssignments/b", "type": "Microsoft.Security/standardAssignments", "properties": {"displayName": "Second", "effect": "Exempt", "expiresOn": "soon", "exemptionData": {"exemptionCategory": "waiver", "assignedAssessment": {"assessmentKey": "k"}}}}]}"#,
            "bad-expiry.json: row 2: \"Second\": value[1].properties.expiresOn: `soon` is not a date and time",
        ),
        (
            "bad-category.json",
            r#"[{"id": "/subscriptions/s1/providers/Microsoft.Authorization/policyExemptions/e", "displayName": "Flat", "policyAssignmentId": "/subscriptions/s1/providers/Microsoft.Authorization/policyAssignments/a", "exemptionCategory": "Forever"}]"#,
            "bad-category.json: row 1: \"Flat\": [0].exemptionCategory: `Forever` is not Waiver or Mitigated",
        ),
        (
            "epac-exemptions.csv",
            "",
            "epac-exemptions.csv: row 1: \"My display Name\": exemptionCategory: is required",
        ),
        (
            "long-row.csv",
            "name,displayName,exemptionCategory,scope,policyDefinitionId\nn,d,Waiver,/subscriptions/s1,/providers/Microsoft.Authorization/policyDefinitions/p,extra\n",
            "long-row.csv: row 1: 6 cells where the header names 5 columns",
        ),
    ];
    for (name, text, wanted) in cases {
        let file = if text.is_empty() {
            "tests/data/formats/epac-exemptions.csv".to_string()
        } else {
            scratch(name, text)
        };
        let out = scratch("kept.json", "{\"exemptions\": []}\n");
        let o = run(&["import", &file, "-o", &out], 2);
        assert!(stderr(&o).contains(wanted), "{wanted}\nin {}", stderr(&o));
        // An import that fails changes nothing.
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "{\"exemptions\": []}\n"
        );
    }
}

#[test]
fn output_files_are_replaced_whole_or_not_at_all() {
    let out = scratch("export-target.json", "before\n");
    let mut args = vec![
        "export",
        "--to",
        "no-such-format",
        "-e",
        "demo/exemptions.json",
        "-o",
        &out,
    ];
    args.extend(DEMO);
    let o = run(&args, 2);
    assert!(stderr(&o).contains("no-such-format"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "before\n");

    // A refused export (categories need the environment) leaves it too.
    let o = run(
        &[
            "export",
            "--to",
            "defender-arm",
            "-e",
            "demo/exemptions.json",
            "-o",
            &out,
        ],
        2,
    );
    assert!(
        stderr(&o).contains("recommendationCategory"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "before\n");

    let mut args = vec![
        "export",
        "--to",
        "defender-arm",
        "-e",
        "demo/exemptions.json",
        "-o",
        &out,
    ];
    args.extend(DEMO);
    run(&args, 0);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with('{') && written.ends_with("}\n"));
    let leftovers: Vec<String> = std::fs::read_dir(scratch_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".export-target.json") && n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let missing = scratch_dir().join("no-such-dir").join("out.json");
    let missing = missing.display().to_string();
    let o = run(&["import", "demo/exemptions.json", "-o", &missing], 2);
    assert!(stderr(&o).contains("out.json"), "{}", stderr(&o));
}

#[test]
fn calendar_and_csv_exports() {
    let mut args = vec![
        "export",
        "--to",
        "ics",
        "-e",
        "demo/exemptions.json",
        "--at",
        AT,
    ];
    args.extend(DEMO);
    let o = run(&args, 0);
    assert!(stdout(&o).starts_with("BEGIN:VCALENDAR\r\n"));
    let assessments = path_of("assessments.csv");
    let mut args = vec![
        "export",
        "--to",
        "csv",
        "-e",
        "demo/exemptions.json",
        "--at",
        AT,
        "--assessments",
        &assessments,
    ];
    args.extend(DEMO);
    let o = run(&args, 0);
    assert!(stdout(&o).lines().count() > 1);
    assert!(
        std::fs::read_to_string(&assessments)
            .unwrap()
            .lines()
            .count()
            > 1
    );
    // Neither is read back.
    let ics = scratch(
        "expiries.ics",
        stdout(&run(
            &{
                let mut a = vec![
                    "export",
                    "--to",
                    "ics",
                    "-e",
                    "demo/exemptions.json",
                    "--at",
                    AT,
                ];
                a.extend(DEMO);
                a
            },
            0,
        )),
    );
    let o = run(&["import", &ics], 2);
    assert!(stderr(&o).contains("expiries.ics"), "{}", stderr(&o));
}

const TENANT: &str = "tests/data/formats/identity/tenant.json";

/// An imported Azure exemption comes back from every policy format with
/// its name, its assignment and every reference id, the one that maps to
/// no recommendation and the whole-initiative one (none) included.
#[test]
fn azure_exemptions_keep_their_identity_through_import_and_export() {
    let imported = path_of("tenant.exempt.json");
    let mut args = vec!["import", TENANT, "-o", &imported];
    args.extend(policy_definitions());
    run(&args, 0);
    for to in [
        "azure-policy-arm",
        "azure-policy-terraform",
        "azure-policy-az",
    ] {
        let exported = path_of(&format!("tenant.{to}"));
        let mut args = vec!["export", "--to", to, "-e", &imported, "-o", &exported];
        args.extend(policy_definitions());
        run(&args, 0);
        let text = std::fs::read_to_string(&exported).unwrap();
        for wanted in [
            "benchmark-waiver-2026",
            "whole-initiative",
            "noSuchReference",
        ] {
            assert!(text.contains(wanted), "{to} lacks {wanted}:\n{text}");
        }
        let mut args = vec!["diff", TENANT, &exported];
        args.extend(policy_definitions());
        let o = run(&args, 0);
        assert_eq!(stdout(&o), "no differences\n", "{to}");
    }
}

/// The same display name and the same mapped recommendations, but another
/// Azure name and one reference id fewer: Azure sees two different
/// exemptions, so diff must too.
#[test]
fn diff_sees_what_azure_sees_beyond_the_recommendations() {
    let mut args = vec![
        "diff",
        TENANT,
        "tests/data/formats/identity/reexported-by-name.json",
        "--format",
        "json",
    ];
    args.extend(policy_definitions());
    let o = run(&args, 1);
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["changed"][0]["fields"][0]["field"], "azure", "{v}");
    assert_eq!(
        v["changed"][0]["fields"].as_array().unwrap().len(),
        1,
        "{v}"
    );
}

/// Nothing imported is not a success: the command says how many items it
/// read and refused, and exits 2.
#[test]
fn an_import_that_brings_nothing_fails_and_counts() {
    let example: Value = serde_json::from_str(
        &std::fs::read_to_string(
            repository().join("tests/data/formats/policy-exemption-create-resource-selectors.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let body = scratch(
        "selectors.json",
        example["responses"]["200"]["body"].to_string(),
    );
    let o = run(
        &[
            "import",
            &body,
            "--definitions",
            "tests/data/formats/policy-set-mcsb-small.json",
        ],
        2,
    );
    let err = stderr(&o);
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(err.contains("1 refused"), "{err}");
    assert!(stdout(&o).is_empty());
}

/// A Terraform file nested thousands deep is refused with the file's name,
/// not a stack overflow, by every command that reads exemption files.
#[test]
fn deep_nesting_is_refused_by_name() {
    let deep = format!(
        "resource \"azapi_resource\" \"x\" {{\n  body = {}{}\n}}\n",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    let tf = scratch("deep.tf", deep);
    for args in [
        vec!["import", tf.as_str()],
        vec!["diff", tf.as_str(), "demo/exemptions.json"],
        vec!["export", "--to", "exempt", "-e", tf.as_str()],
    ] {
        let o = run(&args, 2);
        let err = stderr(&o);
        assert!(
            err.contains("deep.tf") && err.contains("nested more than 128"),
            "{args:?}: {err}"
        );
    }
}

/// A Bicep module whose exemption is made of parameters is read statement
/// by statement (a `param` line without a default swallows nothing), and
/// what it cannot import is said, with a failing exit.
#[test]
fn a_bicep_module_of_parameters_is_refused_out_loud() {
    let module = "targetScope = 'subscription'\nparam exemptionName string\nmetadata exemptTarget = '/subscriptions/4c1e6f2a-8b3d-4a57-9e10-2d7f5b9c3a81'\nparam assignmentId string\n\nresource ex 'Microsoft.Authorization/policyExemptions@2022-07-01-preview' = {\n  name: exemptionName\n  properties: {\n    policyAssignmentId: assignmentId\n    exemptionCategory: 'Waiver'\n  }\n}\n";
    let file = scratch("module.bicep", module);
    let o = run(&["import", &file], 2);
    let err = stderr(&o);
    assert!(
        err.contains("not imported:") && err.contains("`exemptionName` is a reference"),
        "{err}"
    );
    assert!(
        err.contains("0 exemptions from 1 item read (1 refused)"),
        "{err}"
    );
}

/// ARM evaluates property names as it evaluates values: import refuses a
/// name that is an expression, and reads an escaped one as its literal.
#[test]
fn arm_expression_names_are_refused_and_escaped_ones_read() {
    let template = |key: &str| {
        serde_json::json!({
            "$schema": "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#",
            "contentVersion": "1.0.0.0",
            "resources": [{
                "type": "Microsoft.Resources/deployments", "apiVersion": "2021-04-01", "name": "d",
                "subscriptionId": "4c1e6f2a-8b3d-4a57-9e10-2d7f5b9c3a81", "location": "[deployment().location]",
                "properties": {"mode": "Incremental", "template": {"resources": [{
                    "type": "Microsoft.Security/standardAssignments", "apiVersion": "2024-08-01", "name": "a1",
                    "metadata": {key: "x"},
                    "properties": {"displayName": "One", "effect": "Exempt",
                        "exemptionData": {"exemptionCategory": "waiver", "assignedAssessment": {"assessmentKey": "k"}}}
                }]}}
            }]
        })
        .to_string()
    };
    let bad = scratch("expression-key.json", template("[concat('a')]"));
    let o = run(&["import", &bad], 2);
    assert!(
        stderr(&o).contains("metadata.[concat('a')]: is an ARM expression"),
        "{}",
        stderr(&o)
    );
    let escaped = scratch("escaped-key.json", template("[[concat('a')]"));
    let o = run(&["import", &escaped], 0);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["exemptions"][0]["metadata"]["[concat('a')]"], "x", "{v}");
}

/// Files given where another command reads them say which command does.
#[test]
fn advice_points_to_import() {
    let o = run(
        &[
            "validate",
            "tests/data/formats/resource-graph-policy-exemptions.json",
        ],
        2,
    );
    assert!(
        stderr(&o).contains("is a list of Azure Policy exemptions")
            && stderr(&o).contains("`exempt import"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &[
            "evaluate",
            "-e",
            "tests/data/formats/epac-exemptions-handmade.jsonc",
        ],
        2,
    );
    assert!(
        stderr(&o).contains("is an EPAC exemption file") && stderr(&o).contains("`exempt import"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &[
            "evaluate",
            "tests/data/formats/epac-exemptions-handmade.jsonc",
        ],
        2,
    );
    assert!(stderr(&o).contains("`exempt import`"), "{}", stderr(&o));
    let o = run(
        &[
            "import",
            POLICY_BACKED,
            "--definitions",
            "demo/exemptions.json",
        ],
        2,
    );
    assert!(
        stderr(&o).contains("row 1: an exemption file is not a policy set definition"),
        "{}",
        stderr(&o)
    );
}

/// Two standard assignments of one display name are one exemption of two
/// recommendations, and export writes both back under their Azure names.
#[test]
fn standard_assignments_keep_their_names() {
    let assignment = |name: &str, key: &str| {
        serde_json::json!({
            "id": format!("/subscriptions/4c1e6f2a-8b3d-4a57-9e10-2d7f5b9c3a81/providers/Microsoft.Security/standardAssignments/{name}"),
            "name": name, "type": "Microsoft.Security/standardAssignments",
            "properties": {"displayName": "Hub ports", "effect": "Exempt",
                "assignedStandard": {"id": "/providers/Microsoft.Security/securityStandards/1f3afdf9-d0c9-4c3d-847f-89da613e70a8"},
                "exemptionData": {"exemptionCategory": "mitigated", "assignedAssessment": {"assessmentKey": key}}}
        })
    };
    let list = serde_json::json!({"value": [
        assignment("ports-by-hand", "805651bc-6ecd-4c73-9b55-97a19d0582d0"),
        assignment("jit-by-hand", "bc303248-3d14-44c2-96a0-55f5c326b5fe"),
    ]});
    let tenant = scratch("assignments.json", list.to_string());
    let imported = path_of("assignments.exempt.json");
    run(&["import", &tenant, "-o", &imported], 0);
    let file: Value = serde_json::from_str(&std::fs::read_to_string(&imported).unwrap()).unwrap();
    assert_eq!(file["exemptions"].as_array().unwrap().len(), 1, "{file}");
    for to in ["defender-arm", "defender-terraform"] {
        let exported = path_of(&format!("assignments.{to}"));
        run(&["export", "--to", to, "-e", &imported, "-o", &exported], 0);
        let text = std::fs::read_to_string(&exported).unwrap();
        assert!(
            text.contains("ports-by-hand") && text.contains("jit-by-hand"),
            "{to}:\n{text}"
        );
        let o = run(&["diff", &tenant, &exported], 0);
        assert_eq!(stdout(&o), "no differences\n", "{to}");
    }
}
