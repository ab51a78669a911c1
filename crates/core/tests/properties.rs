//! Invariants of the engine on random small environments: the indexed engine
//! agrees with the all-pairs reference, exemptions never add unhealthy
//! assessments, expired exemptions change nothing, and the what-if of a draft
//! equals evaluating with it.

use chrono::{DateTime, Duration, TimeZone, Utc};
use exempt_core::exemption::{Exemption, Target};
use exempt_core::explain::explain;
use exempt_core::lifecycle::{review, scores_without_each, Finding};
use exempt_core::reference;
use exempt_core::{
    applications, evaluate, what_if, AssessmentRow, Cloud, Environment, EnvironmentBuilder,
    ExemptionCategory, Metadata, Origin, Posture, Status,
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
    b.add_control("c0", "zero", 10.0, ["k0", "k1"]);
    b.add_control("c1", "one", 6.0, ["k1", "k2"]);
    b.add_control("c2", "two", 4.0, ["k3"]);
    let mut seen = std::collections::HashSet::new();
    for (i, &(r, k, s)) in rows.iter().enumerate() {
        if !seen.insert((r, k)) {
            continue;
        }
        let (resource, cloud) = RESOURCES[r];
        let status = [Status::Healthy, Status::Unhealthy, Status::NotApplicable][s as usize % 3];
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
            );
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
    prop::collection::vec((0..RESOURCES.len(), 0..KEYS.len(), 0..3u8), 1..40)
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn engine_agrees_with_reference(rows in rows_strategy(), list in prop::collection::vec(exemption_strategy(), 0..8)) {
        let env = environment(&rows);
        let list = named(list);
        let evaluation = evaluate(&env, &list, at());
        for a in 0..env.assessment_count() {
            let expected = reference::decide(&env, &list, a, at());
            prop_assert_eq!(evaluation.decided_by(a), expected, "assessment {}", env.assessment_id(a));
            let status = expected.map_or(env.raw_status(a), |(_, c)| c.effect());
            prop_assert_eq!(evaluation.status(a), status);
        }
    }

    #[test]
    fn an_exemption_never_adds_unhealthy(rows in rows_strategy(), list in prop::collection::vec(exemption_strategy(), 0..6), extra in exemption_strategy()) {
        let env = environment(&rows);
        let before = evaluate(&env, &named(list.clone()), at());
        let mut more = list;
        more.push(extra);
        let after = evaluate(&env, &named(more), at());
        prop_assert!(unhealthy(after.statuses()) <= unhealthy(before.statuses()));
        prop_assert!(unhealthy(before.statuses()) <= unhealthy(env.raw_statuses()));
    }

    #[test]
    fn an_expired_exemption_changes_nothing(rows in rows_strategy(), list in prop::collection::vec(exemption_strategy(), 0..6), mut extra in exemption_strategy(), hours in 0i64..100) {
        let env = environment(&rows);
        extra.expires_on = Some(at() - Duration::hours(hours));
        let before = evaluate(&env, &named(list.clone()), at());
        let mut with = list;
        with.insert(0, extra);
        let after = evaluate(&env, &named(with), at());
        prop_assert_eq!(before.statuses(), after.statuses());
        for a in 0..env.assessment_count() {
            prop_assert_eq!(before.decided_by(a).map(|d| d.0 + 1), after.decided_by(a).map(|d| d.0));
        }
    }

    #[test]
    fn what_if_equals_evaluating_with_the_draft(rows in rows_strategy(), list in prop::collection::vec(exemption_strategy(), 0..6), draft in exemption_strategy()) {
        let env = environment(&rows);
        let list = named(list);
        let evaluation = evaluate(&env, &list, at());
        let posture = Posture::compute(&env, evaluation.statuses());
        let impact = what_if(&env, &evaluation, &posture, &draft);
        let mut with = list;
        with.push(draft);
        let with = named(with);
        let full = evaluate(&env, &with, at());
        let expected = Posture::compute(&env, full.statuses()).overall();
        prop_assert!((impact.after.current - expected.current).abs() < 1e-9, "{:?} vs {:?}", impact.after, expected);
        prop_assert!((impact.after.max - expected.max).abs() < 1e-9);
        let changed = (0..env.assessment_count()).filter(|&a| evaluation.status(a) == Status::Unhealthy && full.status(a) != Status::Unhealthy).count();
        prop_assert_eq!(impact.unhealthy_resolved, changed);
        let newly = (0..env.assessment_count()).filter(|&a| evaluation.decided_by(a).is_none() && full.decided_by(a).is_some()).count();
        prop_assert_eq!(impact.newly_exempt, newly);
    }

    #[test]
    fn explanations_and_applications_agree_with_the_engine(rows in rows_strategy(), list in prop::collection::vec(exemption_strategy(), 0..8)) {
        let env = environment(&rows);
        let list = named(list);
        let evaluation = evaluate(&env, &list, at());
        let apps = applications(&env, &list, at());
        for a in 0..env.assessment_count() {
            let why = explain(&env, &list, at(), a);
            prop_assert_eq!(why.decider, evaluation.decided_by(a).map(|d| d.0));
            prop_assert_eq!(why.status, evaluation.status(a));
            let applying: Vec<u32> = why.candidates.iter().filter(|c| c.applies.is_some()).map(|c| c.index as u32).collect();
            let mut listed = apps.of(a).to_vec();
            prop_assert_eq!(listed.first().map(|&e| e as usize), evaluation.decided_by(a).map(|d| d.0), "the decider comes first");
            listed.sort_unstable();
            prop_assert_eq!(listed, applying);
        }
    }

    #[test]
    fn removing_one_exemption_matches_evaluating_without_it(rows in rows_strategy(), list in prop::collection::vec(exemption_strategy(), 1..6)) {
        let env = environment(&rows);
        let list = named(list);
        let evaluation = evaluate(&env, &list, at());
        let posture = Posture::compute(&env, evaluation.statuses());
        let apps = applications(&env, &list, at());
        let without = scores_without_each(&env, &list, &evaluation, &posture, &apps);
        for (i, score) in without.iter().enumerate() {
            let mut rest = list.clone();
            rest.remove(i);
            let expected = Posture::compute(&env, evaluate(&env, &rest, at()).statuses()).overall();
            prop_assert!((score.current - expected.current).abs() < 1e-9 && (score.max - expected.max).abs() < 1e-9, "{}: {:?} vs {:?}", i, score, expected);
        }
    }

    #[test]
    fn a_redundant_exemption_changes_nothing_when_removed(rows in rows_strategy(), list in prop::collection::vec(exemption_strategy(), 1..7)) {
        let env = environment(&rows);
        let list = named(list);
        let evaluation = evaluate(&env, &list, at());
        let apps = applications(&env, &list, at());
        for f in review(&env, &list, &evaluation, &apps, chrono::Duration::days(30)) {
            if let Finding::Redundant { exemption, covered_by } = f {
                prop_assert_ne!(exemption, covered_by);
                let mut rest = list.clone();
                rest.remove(exemption);
                let without = evaluate(&env, &rest, at());
                prop_assert_eq!(without.statuses(), evaluation.statuses());
            }
        }
    }

    #[test]
    fn scope_matching_is_case_insensitive_and_boundary_exact(r in 0..RESOURCES.len(), s in 0..SCOPES.len(), upper in any::<bool>()) {
        let rows: Vec<(usize, usize, u8)> = (0..RESOURCES.len()).map(|r| (r, 0, 0)).collect();
        let env = environment(&rows);
        let scope = if upper { SCOPES[s].to_uppercase() } else { SCOPES[s].to_lowercase() };
        let resource = (0..env.resource_count()).find(|&i| env.resource_id(i) == RESOURCES[r].0).unwrap();
        let by_ranges = env.scope_resources(&scope).iter().any(|range| range.contains(&resource));
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
