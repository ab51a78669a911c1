//! Invariants of the engine on random small environments: the session agrees
//! with the all-pairs reference (decisions, findings), exemptions never add
//! unhealthy assessments, expired exemptions change nothing, the what-if of a
//! draft equals evaluating with it, and each exemption's worth equals
//! evaluating without it.

use chrono::{DateTime, Duration, TimeZone, Utc};
use exempt_core::exemption::{Exemption, Target};
use exempt_core::lifecycle::Finding;
use exempt_core::reference;
use exempt_core::{
    AssessmentRow, Cloud, Environment, EnvironmentBuilder, ExemptionCategory, ExemptionIx,
    Metadata, Origin, Posture, Session, Status,
};
use proptest::prelude::*;

const RESOURCES: [(&str, Cloud); 9] = [
    ("/subscriptions/s1/resourceGroups/app/providers/Microsoft.Compute/virtualMachines/vm1", Cloud::Azure),
    ("/subscriptions/s1/resourceGroups/app2/providers/Microsoft.Compute/virtualMachines/vm1", Cloud::Azure),
    ("/subscriptions/s1/resourceGroups/app/providers/Microsoft.Sql/servers/db", Cloud::Azure),
    ("/subscriptions/s1/resourceGroups/app/providers/Microsoft.Sql/servers/db/databases/orders", Cloud::Azure),
    ("/subscriptions/s2/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/st1", Cloud::Azure),
    ("/subscriptions/s3/resourceGroups/x/providers/Microsoft.Web/sites/site", Cloud::Azure),
    ("/subscriptions/s1", Cloud::Azure),
    ("/subscriptions/s1/resourceGroups/mc/providers/Microsoft.Security/securityConnectors/aws1/securityentitydata/ec2-1", Cloud::Aws),
    ("/subscriptions/s2/resourceGroups/mc/providers/Microsoft.Security/securityConnectors/gcp1/securityentitydata/vm-1", Cloud::Gcp),
];

const SCOPES: [&str; 18] = [
    "/providers/Microsoft.Management/managementGroups/root",
    "/providers/Microsoft.Management/managementGroups/CORP",
    "/providers/Microsoft.Management/managementGroups/lab",
    "/providers/Microsoft.Management/managementGroups/ghost",
    "/subscriptions/s1",
    "/subscriptions/S2/",
    "/subscriptions/s3",
    "/subscriptions/s1/resourceGroups/APP",
    "/subscriptions/s1/resourceGroups/ap",
    "/subscriptions/s1/resourcegroups/app2/",
    "/subscriptions/s1/resourceGroups/app/providers/Microsoft.Sql/servers/db",
    "/subscriptions/s1/resourceGroups/app/providers/Microsoft.Sql/servers/db/databases/orders",
    "/subscriptions/s1/resourceGroups/mc/providers/Microsoft.Security/securityConnectors/aws1",
    "/subscriptions/s2/resourceGroups/mc/providers/Microsoft.Security/securityConnectors/gcp1",
    "/subscriptions/s2/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/st1",
    "/subscriptions/s4",
    "subscriptions/s1/resourceGroups/app",
    "/subscriptions//s2/resourceGroups/data",
];

const KEYS: [&str; 5] = ["k0", "k1", "K2", "k3", "k4"];
const CATEGORIES: [&str; 3] = ["Compute", "Data", "Networking"];

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap()
}

fn environment(rows: &[(usize, usize, u8)]) -> Environment {
    let mut b = EnvironmentBuilder::new();
    b.add_management_group("root", None, None);
    b.add_management_group("corp", None, Some("root"));
    b.add_management_group("corp-a", None, Some("corp"));
    b.add_management_group("lab", None, Some("root"));
    b.add_subscription("s1", None, &[("corp-a", None)]);
    b.add_subscription("s2", None, &[("lab", None), ("root", None)]);
    b.add_control("c0", "zero", 10.0, ["k0", "k1"]).unwrap();
    b.add_control("c1", "one", 6.0, ["k1", "k2"]).unwrap();
    b.add_control("c2", "two", 4.0, ["k3"]).unwrap();
    let mut seen = std::collections::HashSet::new();
    for (i, &(r, k, s)) in rows.iter().enumerate() {
        if !seen.insert((r, k)) {
            continue;
        }
        let (resource, cloud) = RESOURCES[r];
        // The fourth kind: Not applicable because Azure already exempts it.
        let status = [
            Status::Healthy,
            Status::Unhealthy,
            Status::NotApplicable,
            Status::NotApplicable,
        ][s as usize % 4];
        let key = b
            .add_assessment(AssessmentRow {
                origin: Origin {
                    file: 0,
                    row: i as u32 + 1,
                },
                id: None,
                key: KEYS[k],
                resource_id: resource,
                cloud,
                status,
                azure_exempt: s % 4 == 3,
            })
            .unwrap();
        if b.wants_metadata(key) {
            let cats = match k {
                0 => vec!["Compute"],
                1 => vec!["Compute", "Data"],
                2 => vec!["data"],
                _ => vec!["Networking"],
            };
            b.set_metadata(
                key,
                &Metadata {
                    categories: cats,
                    preview: Some(k == 4),
                    ..Default::default()
                },
            )
            .unwrap();
        }
    }
    b.finish().unwrap()
}

fn exemption_strategy() -> impl Strategy<Value = Exemption> {
    (
        prop::collection::vec(0..SCOPES.len(), 1..3),
        0..3usize,
        any::<bool>(),
        prop_oneof![
            prop::collection::vec(0..KEYS.len(), 1..3).prop_map(|ks| Target::Recommendations(
                ks.into_iter()
                    .map(|k| KEYS[k].to_ascii_uppercase())
                    .collect()
            )),
            (0..CATEGORIES.len()).prop_map(|c| Target::Category(CATEGORIES[c].to_lowercase())),
        ],
        prop::option::of(-3i64..3),
    )
        .prop_map(|(scopes, cloud, mitigated, target, expiry)| {
            let category = if mitigated {
                ExemptionCategory::Mitigated
            } else {
                ExemptionCategory::Waiver
            };
            let scopes = scopes.into_iter().map(|s| SCOPES[s].to_string()).collect();
            let mut e = Exemption::new("", Cloud::ALL[cloud], scopes, category, target);
            e.expires_on = expiry.map(|d| at() + Duration::hours(d));
            e
        })
}

fn rows_strategy() -> impl Strategy<Value = Vec<(usize, usize, u8)>> {
    prop::collection::vec((0..RESOURCES.len(), 0..KEYS.len(), 0..4u8), 1..40)
}

fn named(mut list: Vec<Exemption>) -> Vec<Exemption> {
    for (i, e) in list.iter_mut().enumerate() {
        e.name = format!("e{i}");
    }
    list
}

fn unhealthy(statuses: &[Status]) -> usize {
    statuses.iter().filter(|&&s| s == Status::Unhealthy).count()
}

fn session(env: &Environment, list: Vec<Exemption>) -> Session {
    let mut s = Session::new(env.clone(), at());
    s.set_exemptions(list).unwrap();
    s
}

fn close(a: exempt_core::Score, b: exempt_core::Score) -> bool {
    (a.current - b.current).abs() < 1e-9 && (a.max - b.max).abs() < 1e-9
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn engine_agrees_with_reference(rows in rows_strategy(), list in prop::collection::vec(exemption_strategy(), 0..8)) {
        let env = environment(&rows);
        let list = named(list);
        let s = session(&env, list.clone());
        for a in env.assessments() {
            let expected = reference::decide(&env, &list, a, at());
            prop_assert_eq!(s.evaluation().decided_by(a), expected, "assessment {}", env.assessment_id(a));
            let status = expected.map_or(env.raw_status(a), |(_, c)| c.effect());
            prop_assert_eq!(s.evaluation().status(a), status);
        }
    }

    #[test]
    fn findings_agree_with_reference(rows in rows_strategy(), list in prop::collection::vec(exemption_strategy(), 0..9)) {
        let env = environment(&rows);
        let list = named(list);
        let s = session(&env, list.clone());
        let got: Vec<(usize, String)> = s.findings().iter().filter_map(|f| match *f {
            Finding::Unused { exemption } => Some((exemption.index(), "unused".to_string())),
            Finding::AllHealthy { exemption, .. } => Some((exemption.index(), "allHealthy".to_string())),
            Finding::Redundant { exemption, covered_by } => Some((exemption.index(), format!("redundant by {}", covered_by.index()))),
            Finding::Conflict { mitigated, waiver, assessments } => Some((waiver.index(), format!("conflict with {} on {assessments}", mitigated.index()))),
            Finding::Expired { .. } | Finding::Expiring { .. } => None,
        }).collect();
        let mut got = got;
        got.sort();
        let mut expected = reference::findings(&env, &list, at());
        expected.sort();
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn an_exemption_never_adds_unhealthy(rows in rows_strategy(), list in prop::collection::vec(exemption_strategy(), 0..6), extra in exemption_strategy()) {
        let env = environment(&rows);
        let before = session(&env, named(list.clone()));
        let mut more = list;
        more.push(extra);
        let after = session(&env, named(more));
        prop_assert!(unhealthy(after.evaluation().statuses()) <= unhealthy(before.evaluation().statuses()));
        prop_assert!(unhealthy(before.evaluation().statuses()) <= unhealthy(env.raw_statuses()));
    }

    #[test]
    fn an_expired_exemption_changes_nothing(rows in rows_strategy(), list in prop::collection::vec(exemption_strategy(), 0..6), mut extra in exemption_strategy(), hours in 0i64..100) {
        let env = environment(&rows);
        extra.expires_on = Some(at() - Duration::hours(hours));
        let before = session(&env, named(list.clone()));
        let mut with = list;
        with.insert(0, extra);
        let after = session(&env, named(with));
        prop_assert_eq!(before.evaluation().statuses(), after.evaluation().statuses());
        for a in env.assessments() {
            prop_assert_eq!(before.evaluation().decided_by(a).map(|d| d.0.index() + 1), after.evaluation().decided_by(a).map(|d| d.0.index()));
        }
    }

    #[test]
    fn what_if_equals_evaluating_with_the_draft(rows in rows_strategy(), list in prop::collection::vec(exemption_strategy(), 0..6), draft in exemption_strategy()) {
        let env = environment(&rows);
        let list = named(list);
        let s = session(&env, list.clone());
        let impact = s.what_if(&draft);
        let mut with = list;
        with.push(draft);
        let full = session(&env, named(with));
        prop_assert!(close(impact.after, full.score()), "{:?} vs {:?}", impact.after, full.score());
        let changed = env.assessments().filter(|&a| s.evaluation().status(a) == Status::Unhealthy && full.evaluation().status(a) != Status::Unhealthy).count();
        prop_assert_eq!(impact.unhealthy_resolved, changed);
        let newly = env.assessments().filter(|&a| s.evaluation().decided_by(a).is_none() && full.evaluation().decided_by(a).is_some()).count();
        prop_assert_eq!(impact.newly_exempt, newly);
    }

    #[test]
    fn what_if_of_an_edit_equals_evaluating_with_the_edit(rows in rows_strategy(), list in prop::collection::vec(exemption_strategy(), 1..6), draft in exemption_strategy(), pick in 0usize..6) {
        let env = environment(&rows);
        let list = named(list);
        let i = pick % list.len();
        let s = session(&env, list.clone());
        let impact = s.what_if_replacing(s.exemption_ix(i).unwrap(), &draft).unwrap();
        let mut others = list.clone();
        others.remove(i);
        let without = session(&env, named(others));
        prop_assert!(close(impact.before, without.score()), "{:?} vs {:?}", impact.before, without.score());
        // Statuses depend on which categories apply, not on which exemption
        // of a category wins, so the draft's place in the order does not
        // change the score.
        let mut edited = list.clone();
        edited[i] = draft;
        let full = session(&env, named(edited));
        prop_assert!(close(impact.after, full.score()), "{:?} vs {:?}", impact.after, full.score());
    }

    #[test]
    fn explanations_agree_with_the_engine(rows in rows_strategy(), list in prop::collection::vec(exemption_strategy(), 0..8)) {
        let env = environment(&rows);
        let list = named(list);
        let s = session(&env, list.clone());
        for a in env.assessments() {
            let why = s.explain(a).unwrap();
            prop_assert_eq!(why.decider, s.evaluation().decided_by(a).map(|d| d.0));
            prop_assert_eq!(why.status, s.evaluation().status(a));
            let applying: Vec<ExemptionIx> = why.candidates.iter().filter(|c| c.applies.is_some()).map(|c| c.index).collect();
            prop_assert_eq!(applying, reference::applying(&env, &list, a, at()));
        }
    }

    #[test]
    fn removing_one_exemption_matches_evaluating_without_it(rows in rows_strategy(), list in prop::collection::vec(exemption_strategy(), 1..7)) {
        let env = environment(&rows);
        let list = named(list);
        let s = session(&env, list.clone());
        let worth = s.contributions();
        for (i, score) in worth.without_each.iter().enumerate() {
            let mut rest = list.clone();
            rest.remove(i);
            let expected = session(&env, rest).score();
            prop_assert!(close(*score, expected), "{}: {:?} vs {:?}", i, score, expected);
        }
        for (category, score) in [(ExemptionCategory::Mitigated, worth.without_mitigated), (ExemptionCategory::Waiver, worth.without_waivers)] {
            let rest: Vec<Exemption> = list.iter().filter(|e| e.category != category).cloned().collect();
            let expected = session(&env, rest).score();
            prop_assert!(close(score, expected), "without {category}: {:?} vs {:?}", score, expected);
        }
    }

    #[test]
    fn a_redundant_exemption_changes_nothing_when_removed(rows in rows_strategy(), list in prop::collection::vec(exemption_strategy(), 1..7)) {
        let env = environment(&rows);
        let list = named(list);
        let s = session(&env, list.clone());
        for f in s.findings() {
            if let Finding::Redundant { exemption, covered_by } = *f {
                prop_assert_ne!(exemption, covered_by);
                let mut rest = list.clone();
                rest.remove(exemption.index());
                let without = session(&env, rest);
                prop_assert_eq!(without.evaluation().statuses(), s.evaluation().statuses());
            }
        }
    }

    #[test]
    fn scope_matching_is_case_insensitive_and_boundary_exact(r in 0..RESOURCES.len(), s in 0..SCOPES.len(), upper in any::<bool>()) {
        let rows: Vec<(usize, usize, u8)> = (0..RESOURCES.len()).map(|r| (r, 0, 0)).collect();
        let env = environment(&rows);
        let scope = if upper { SCOPES[s].to_uppercase() } else { SCOPES[s].to_lowercase() };
        let resource = env.resources().find(|&i| env.resource_id(i) == RESOURCES[r].0).unwrap();
        let by_ranges = env.scope_resources(&scope).contains(resource);
        prop_assert_eq!(by_ranges, reference::covers(&env, SCOPES[s], resource));
        if !SCOPES[s].contains("managementGroups") {
            let normal = |x: &str| format!("/{}", x.split('/').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("/")).to_ascii_lowercase();
            let text = normal(RESOURCES[r].0);
            let prefix = normal(SCOPES[s]);
            let expected = text == prefix || text.starts_with(&format!("{prefix}/"));
            prop_assert_eq!(by_ranges, expected);
        }
    }
}

#[test]
fn posture_of_the_raw_statuses_is_the_score_without_exemptions() {
    let rows: Vec<(usize, usize, u8)> = (0..RESOURCES.len())
        .flat_map(|r| (0..5).map(move |k| (r, k, (r + k) as u8 % 3)))
        .collect();
    let env = environment(&rows);
    let s = session(&env, Vec::new());
    assert_eq!(
        Posture::compute(&env, env.raw_statuses()).overall(),
        s.score_without_exemptions()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// The worker runs the review a small step at a time, between requests:
    /// whatever the steps, the answers are those of the review in one go.
    #[test]
    fn the_review_in_small_steps_equals_the_review_in_one_go(rows in rows_strategy(), list in prop::collection::vec(exemption_strategy(), 0..9), budget in 1usize..20) {
        let env = environment(&rows);
        let list = named(list);
        let whole = session(&env, list.clone());
        let stepped = session(&env, list);
        let mut steps = 0;
        while stepped.review_step(budget).stage != exempt_core::session::ReviewStage::Done {
            steps += 1;
            prop_assert!(steps < 100_000, "the review ends");
        }
        prop_assert!(stepped.findings_ready() && stepped.worth_ready());
        prop_assert_eq!(stepped.findings(), whole.findings());
        prop_assert_eq!(stepped.contributions(), whole.contributions());
    }
}
