//! The changes the session answers without evaluating again: a clock move
//! that changes nothing any exemption does (none expires, no expiry's day
//! count changes), the same list again, and a rename. Each must answer
//! exactly as a session that evaluated from nothing.

use chrono::{DateTime, Duration, TimeZone, Utc};
use exempt_core::{Exemption, Session};
use proptest::prelude::*;

/// What a person or a pipeline reads of a session.
fn answers(s: &Session) -> (String, Vec<String>) {
    let report = serde_json::to_value(s.report()).unwrap();
    let findings = s.findings().iter().map(|f| format!("{f:?}")).collect();
    (report.to_string(), findings)
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 12, 1, 0, 0, 0).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The demo's expiries lie between 2025-12-31 and 2027-09-30: moves of
    /// minutes to months cross some of them and stay clear of others.
    #[test]
    fn a_moved_clock_answers_as_a_fresh_session(steps in prop::collection::vec(0i64..40_000_000, 1..5)) {
        let mut moved = Session::demo(start()).unwrap();
        let _ = answers(&moved);
        let mut at = start();
        for step in steps {
            at += Duration::seconds(step);
            moved.set_time(at).unwrap();
            let fresh = Session::demo(at).unwrap();
            prop_assert_eq!(answers(&moved), answers(&fresh));
        }
    }
}

/// The same exemptions again, at a moved time, cost no evaluation: the
/// review computed before (dropped by every evaluation) is still there.
#[test]
fn the_same_list_at_a_near_time_keeps_the_evaluation() {
    let mut s = Session::demo(start()).unwrap();
    let _ = s.findings();
    assert!(s.findings_ready());
    let list = s.exemptions().to_vec();
    s.set_exemptions_at(list.clone(), start() + Duration::minutes(5))
        .unwrap();
    assert!(s.findings_ready());
    assert_eq!(s.time(), start() + Duration::minutes(5));
    assert_eq!(s.evaluation().at, start() + Duration::minutes(5));
    // Past the first expiry (2025-12-31), the evaluation is new.
    s.set_exemptions_at(list, Utc.with_ymd_and_hms(2026, 1, 2, 0, 0, 0).unwrap())
        .unwrap();
    assert!(!s.findings_ready());
    let fresh = Session::demo(Utc.with_ymd_and_hms(2026, 1, 2, 0, 0, 0).unwrap()).unwrap();
    assert_eq!(answers(&s), answers(&fresh));
}

/// A rename decides nothing: the review stands, and every answer is a
/// fresh session's with the new name.
#[test]
fn a_rename_keeps_the_evaluation_and_answers_with_the_new_name() {
    let mut s = Session::demo(start()).unwrap();
    let _ = s.findings();
    let mut list: Vec<Exemption> = s.exemptions().iter().map(|e| (**e).clone()).collect();
    list[0].name = "Renamed".into();
    list[1].description = Some("Another justification".into());
    // As the app's worker hands it over: the whole list, at the clock's time.
    let later = start() + Duration::minutes(1);
    s.set_exemptions_at(list.clone(), later).unwrap();
    assert!(s.findings_ready());
    let mut fresh = Session::new(s.environment().clone(), later);
    fresh.set_exemptions(list.clone()).unwrap();
    assert_eq!(answers(&s), answers(&fresh));
    assert!(answers(&s).0.contains("\"Renamed\""));
    // A change of scope decides differently: evaluated again.
    list[0].scopes = vec!["/subscriptions/9a7d3e55-1f2b-4c8e-b6a0-73e5d1c4f298".into()];
    s.set_exemptions(list.clone()).unwrap();
    assert!(!s.findings_ready());
    let mut fresh = Session::new(s.environment().clone(), later);
    fresh.set_exemptions(list).unwrap();
    assert_eq!(answers(&s), answers(&fresh));
}

/// A generated environment small enough to evaluate from nothing many
/// times, and a pool of exemptions for it.
fn generated() -> (exempt_core::Environment, Vec<exempt_core::Exemption>) {
    use exempt_core::synth::{Spec, Synth};
    let synth = Synth::new(Spec {
        seed: 11,
        subscriptions: 6,
        resource_groups: 4,
        resources: 600,
        assessments_per_resource: 8,
        exemptions: 60,
    });
    (synth.environment(), synth.exemptions())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Create, Delete and Undo hand over a list with one exemption more or
    /// less, anywhere in it: only that exemption's resources are decided
    /// again, and every answer is a fresh session's.
    #[test]
    fn one_exemption_inserted_or_removed_answers_as_a_fresh_session(
        steps in prop::collection::vec((any::<bool>(), any::<prop::sample::Index>(), any::<prop::sample::Index>()), 1..8),
        minutes in 0i64..5,
    ) {
        let (env, pool) = generated();
        let mut list: Vec<_> = pool[..30].to_vec();
        let mut spare: Vec<_> = pool[30..].to_vec();
        let mut s = Session::new(env.clone(), start());
        s.set_exemptions(list.clone()).unwrap();
        let mut at = start();
        for (insert, position, pick) in steps {
            at += Duration::minutes(minutes);
            if insert && !spare.is_empty() {
                let e = spare.remove(pick.index(spare.len()));
                list.insert(position.index(list.len() + 1), e);
            } else if !list.is_empty() {
                spare.push(list.remove(position.index(list.len())));
            }
            s.set_exemptions_at(list.clone(), at).unwrap();
            let mut fresh = Session::new(env.clone(), at);
            fresh.set_exemptions(list.clone()).unwrap();
            prop_assert_eq!(answers(&s), answers(&fresh));
            prop_assert_eq!(s.evaluation().outcomes(), fresh.evaluation().outcomes());
            prop_assert_eq!(s.posture(), fresh.posture());
        }
    }
}
