//! Beyond the old 16-bit limits: more than 65,536 recommendations,
//! categories and controls give the right results, not merely no panic.
//! (Counts were once narrowed to 16 bits, and with 65,537 categories an
//! exemption for one category also exempted another.)

use chrono::{TimeZone, Utc};
use exempt_core::{
    AssessmentRow, Cloud, EnvironmentBuilder, Exemption, ExemptionCategory, Metadata, Origin,
    Session, Status, Target,
};

const N: usize = 70_000;
const SUB: &str = "/subscriptions/00000000-0000-0000-0000-000000000001";

fn build(categories: bool, controls: bool) -> Session {
    let mut b = EnvironmentBuilder::new();
    b.add_subscription("00000000-0000-0000-0000-000000000001", None, &[]);
    for i in 0..N {
        let key = format!("k{i}");
        let resource =
            format!("{SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm{i}");
        let k = b
            .add_assessment(AssessmentRow {
                origin: Origin {
                    file: 0,
                    row: u32::try_from(i + 1).unwrap(),
                },
                id: None,
                key: &key,
                resource_id: &resource,
                cloud: Cloud::Azure,
                azure_exempt: false,
                status: if i % 2 == 0 {
                    Status::Healthy
                } else {
                    Status::Unhealthy
                },
            })
            .unwrap();
        let category = format!("c{i}");
        if categories {
            b.set_metadata(
                k,
                &Metadata {
                    categories: vec![&category],
                    ..Default::default()
                },
            )
            .unwrap();
        }
        if controls {
            b.add_control(
                &format!("control{i}"),
                &format!("Control {i}"),
                1.0,
                [key.as_str()],
            )
            .unwrap();
        }
    }
    if !controls {
        let keys: Vec<String> = (0..N).map(|i| format!("k{i}")).collect();
        b.add_control("all", "All", 10.0, keys.iter().map(String::as_str))
            .unwrap();
    }
    let env = b.finish().unwrap();
    Session::new(env, Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap())
}

fn waiver(target: Target) -> Exemption {
    Exemption::new(
        "w",
        Cloud::Azure,
        vec![SUB.into()],
        ExemptionCategory::Waiver,
        target,
    )
}

fn exempted(s: &Session) -> Vec<String> {
    let env = s.environment();
    env.assessments()
        .filter(|&a| s.evaluation().decided_by(a).is_some())
        .map(|a| {
            env.recommendation(env.assessment_recommendation(a))
                .key
                .clone()
        })
        .collect()
}

#[test]
fn a_category_beyond_65536_exempts_only_its_own_recommendation() {
    let mut s = build(true, false);
    assert_eq!(s.environment().categories().len(), N);
    s.set_exemptions(vec![waiver(Target::Category("c65537".into()))])
        .unwrap();
    assert_eq!(exempted(&s), ["k65537"]);
    s.set_exemptions(vec![waiver(Target::Category("c1".into()))])
        .unwrap();
    assert_eq!(exempted(&s), ["k1"]);
}

#[test]
fn a_recommendation_beyond_65536_is_told_apart() {
    let mut s = build(false, false);
    assert_eq!(s.environment().recommendations().len(), N);
    s.set_exemptions(vec![waiver(Target::Recommendations(vec!["k65537".into()]))])
        .unwrap();
    assert_eq!(exempted(&s), ["k65537"]);
}

#[test]
fn more_than_65536_controls_each_count_once() {
    let s = build(false, true);
    assert_eq!(s.environment().controls().len(), N);
    let score = s.score();
    // One resource per control, healthy for even numbers: half the points.
    assert_eq!(score.max, N as f64);
    assert_eq!(score.current, (N / 2) as f64);
    let last = s.environment().control_ix(N - 1).unwrap();
    let (tally, points) = s.posture().control(last);
    assert_eq!((tally.healthy, tally.unhealthy, points), (0, 1, 0.0));
}

#[test]
fn a_huge_max_score_is_refused_not_turned_into_nan() {
    let mut b = EnvironmentBuilder::new();
    let e = b.add_control("c", "C", 1e308, ["k"]).unwrap_err();
    assert!(
        e.message.contains("is not a number from 0 to 1000000000"),
        "{e}"
    );
    assert!(b.add_control("c", "C", f64::NAN, ["k"]).is_err());
    assert!(b.add_control("c", "C", -1.0, ["k"]).is_err());
}
