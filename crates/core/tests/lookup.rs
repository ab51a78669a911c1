//! Finding an assessment by the row id a user types: the environment's
//! lookup through the tree against the obvious model, an index of every
//! id spelled without case or surrounding spaces (later rows win), on the
//! demo, a generated environment and every input fixture that loads.

use exempt_core::synth::{Spec, Synth};
use exempt_core::{AssessmentIx, Environment, Session};
use std::collections::HashMap;
use std::path::Path;

fn model(env: &Environment) -> HashMap<String, AssessmentIx> {
    env.assessments()
        .map(|a| (env.assessment_id(a).trim().to_lowercase(), a))
        .collect()
}

fn check(name: &str, env: &Environment) {
    let index = model(env);
    for a in env.assessments() {
        let id = env.assessment_id(a).into_owned();
        let wanted = index.get(&id.trim().to_lowercase()).copied();
        for typed in [id.clone(), id.to_uppercase(), format!("  {id}\t")] {
            assert_eq!(env.find_assessment(&typed), wanted, "{name}: {typed:?}");
        }
        // The same resource with a key it has no assessment for.
        if let Some((resource, _)) = id.rsplit_once('/') {
            let other = format!("{resource}/00000000-0000-0000-0000-000000000000");
            assert_eq!(
                env.find_assessment(&other),
                index.get(&other.to_lowercase()).copied(),
                "{name}: {other}"
            );
        }
    }
    for missing in [
        "",
        "/subscriptions/none",
        "/providers/Microsoft.Security/assessments/",
    ] {
        assert_eq!(
            env.find_assessment(missing),
            index.get(missing).copied(),
            "{name}: {missing:?}"
        );
    }
}

#[test]
fn the_demo_finds_every_assessment_as_the_model_does() {
    let session = Session::demo(chrono::DateTime::UNIX_EPOCH).unwrap();
    check("demo", session.environment());
}

#[test]
fn a_generated_environment_finds_every_assessment_as_the_model_does() {
    let env = Synth::new(Spec::with_assessments(20_000)).environment();
    check("generated", &env);
}

#[test]
fn every_input_fixture_finds_every_assessment_as_the_model_does() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/inputs");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let Ok(text) = exempt_core::input::decode(&bytes) else {
            continue;
        };
        let name = path.display().to_string();
        if let Ok(session) = Session::load(
            [(name.as_str(), text.as_ref())],
            chrono::DateTime::UNIX_EPOCH,
        ) {
            if session.environment().assessment_count() > 0 {
                check(&name, session.environment());
                checked += 1;
            }
        }
    }
    assert!(checked > 5, "only {checked} fixtures had assessments");
}

/// One assessment row of the REST API's `GET` example, under `resource`,
/// with row id `id` and key `key`.
fn row(id: &str, resource: &str, key: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "name": key,
        "type": "Microsoft.Security/assessments",
        "properties": {
            "resourceDetails": {"source": "Azure", "id": resource},
            "displayName": "Install endpoint protection solution on virtual machine scale sets",
            "status": {"code": "Unhealthy"}
        }
    })
}

#[test]
fn ids_kept_as_given_are_found_as_the_model_finds_them() {
    let vmss = "/subscriptions/20ff7fc3-e762-44dd-bd96-b71116dcdc23/resourceGroups/myRg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss2";
    let infix = "/providers/Microsoft.Security/assessments/";
    let keys = [
        "21300918-b2e3-0346-785f-c77ff57d243b",
        "4ab6e3c5-74dd-8b35-9ab9-f61b30875b27",
        "51fd8bb1-0db4-bbf1-7e2b-cfcba7eb66a6",
        "8bb8be0a-6010-4789-812f-e4d661c4ed0a",
    ];
    let rows = serde_json::json!([
        // Spelled in another case than the resource's id.
        row(
            &format!("{}{infix}{}", vmss.to_lowercase(), keys[0]),
            vmss,
            keys[0]
        ),
        // With spaces around it.
        row(&format!("  {vmss}{infix}{}  ", keys[1]), vmss, keys[1]),
        // Not of the usual shape at all.
        row(
            &format!(
                "/subscriptions/20ff7fc3-e762-44dd-bd96-b71116dcdc23{infix}{}",
                keys[2]
            ),
            vmss,
            keys[2]
        ),
        // The usual shape.
        row(&format!("{vmss}{infix}{}", keys[3]), vmss, keys[3]),
    ]);
    let text = rows.to_string();
    let session =
        Session::load([("rows.json", text.as_str())], chrono::DateTime::UNIX_EPOCH).unwrap();
    let env = session.environment();
    assert_eq!(env.assessment_count(), 4);
    check("kept as given", env);
    assert!(env
        .find_assessment(&format!("{vmss}{infix}{}", keys[1]))
        .is_some());
    assert!(env
        .find_assessment(&format!(
            "/SUBSCRIPTIONS/20ff7fc3-e762-44dd-bd96-b71116dcdc23{infix}{}",
            keys[2]
        ))
        .is_some());
}
