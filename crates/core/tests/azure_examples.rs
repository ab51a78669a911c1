//! Azure's public secure score examples as a test case: one subscription with
//! the per-control counts of `ListSecureScoreControls_example.json` must give
//! the controls' scores there and the overall score of
//! `ListSecureScores_example.json`.

use exempt_core::{AssessmentRow, Cloud, EnvironmentBuilder, Origin, Session, Status};
use serde_json::Value;
use std::path::Path;

fn example(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/azure")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).expect("example file")).expect("JSON")
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

#[test]
fn secure_score_examples() {
    let controls = example("secure-score-controls.json");
    let controls = controls["value"].as_array().expect("value");
    let mut b = EnvironmentBuilder::new();
    b.add_subscription("20ff7fc3-e762-44dd-bd96-b71116dcdc23", Some("example"), &[]);
    let mut row = 0;
    for (i, c) in controls.iter().enumerate() {
        let p = &c["properties"];
        let key = format!("k{i}");
        b.add_control(
            c["name"].as_str().unwrap(),
            p["displayName"].as_str().unwrap(),
            p["score"]["max"].as_f64().unwrap(),
            [key.as_str()],
        )
        .unwrap();
        for (field, status) in [
            ("healthyResourceCount", Status::Healthy),
            ("unhealthyResourceCount", Status::Unhealthy),
            ("notApplicableResourceCount", Status::NotApplicable),
        ] {
            for j in 0..p[field].as_u64().unwrap() {
                row += 1;
                let resource = format!("/subscriptions/20ff7fc3-e762-44dd-bd96-b71116dcdc23/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/c{i}-{field}-{j}");
                b.add_assessment(AssessmentRow {
                    origin: Origin { file: 0, row },
                    id: None,
                    key: &key,
                    resource_id: &resource,
                    cloud: Cloud::Azure,
                    status,
                    azure_exempt: false,
                })
                .unwrap();
            }
        }
    }
    let env = b.finish().unwrap();
    let session = Session::new(env, exempt_core::synth::reference_time());
    let posture = session.posture();

    let mut rounded_sum = 0.0;
    for (i, c) in controls.iter().enumerate() {
        let p = &c["properties"];
        let (tally, current) = posture.control(session.environment().control_ix(i).unwrap());
        assert_eq!(
            u64::from(tally.healthy),
            p["healthyResourceCount"].as_u64().unwrap(),
            "{}",
            p["displayName"]
        );
        assert_eq!(
            u64::from(tally.unhealthy),
            p["unhealthyResourceCount"].as_u64().unwrap()
        );
        assert_eq!(
            u64::from(tally.not_applicable),
            p["notApplicableResourceCount"].as_u64().unwrap()
        );
        assert_eq!(
            round(current, 2),
            p["score"]["current"].as_f64().unwrap(),
            "{}",
            p["displayName"]
        );
        rounded_sum += round(current, 2);
    }

    let scores = example("secure-scores.json");
    let expected = &scores["value"][0]["properties"]["score"];
    let score = posture.overall();
    assert_eq!(
        round(score.current, 2),
        expected["current"].as_f64().unwrap()
    );
    assert_eq!(score.max, expected["max"].as_f64().unwrap());
    // Azure rounds each control to 2 decimals before dividing; we keep full
    // precision, which gives 0.6034 where Azure reports 0.6033.
    assert_eq!(
        round(rounded_sum / score.max, 4),
        expected["percentage"].as_f64().unwrap()
    );
    assert_eq!(round(score.percentage, 4), 0.6034);
}
