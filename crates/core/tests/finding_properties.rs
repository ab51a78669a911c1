//! Vulnerabilities conditions on random small environments with findings:
//! the engine's decisions (of assessments and of each finding) agree with
//! the all-pairs reference, the explanation names the engine's decider, a
//! draft's what-if equals evaluating with it, and one exemption inserted
//! or removed (answered incrementally) equals evaluating from scratch.

use chrono::{DateTime, Duration, TimeZone, Utc};
use exempt_core::exemption::{Cvss, Exemption, Target, Vulnerabilities};
use exempt_core::reference;
use exempt_core::vulnerabilities::{Finding, FindingStatus, Severity};
use exempt_core::{
    AssessmentRow, Cloud, Environment, EnvironmentBuilder, ExemptionCategory, Origin, Session,
    Status,
};
use proptest::prelude::*;

const RESOURCES: [(&str, Cloud); 5] = [
    ("/subscriptions/s1/resourceGroups/app/providers/Microsoft.Compute/virtualMachines/vm1", Cloud::Azure),
    ("/subscriptions/s1/resourceGroups/app/providers/Microsoft.Compute/virtualMachines/vm2", Cloud::Azure),
    ("/subscriptions/s1/resourceGroups/web/providers/Microsoft.Compute/virtualMachines/vm3", Cloud::Azure),
    ("/subscriptions/s2/resourceGroups/data/providers/Microsoft.Compute/virtualMachines/vm4", Cloud::Azure),
    ("/subscriptions/s1/resourceGroups/mc/providers/Microsoft.Security/securityConnectors/aws1/securityentitydata/ec2-1", Cloud::Aws),
];

const SCOPES: [&str; 7] = [
    "/providers/Microsoft.Management/managementGroups/corp",
    "/subscriptions/s1",
    "/subscriptions/S2",
    "/subscriptions/s1/resourceGroups/APP",
    "/subscriptions/s1/resourceGroups/web/providers/Microsoft.Compute/virtualMachines/vm3",
    "/subscriptions/s1/resourceGroups/mc/providers/Microsoft.Security/securityConnectors/aws1",
    "/subscriptions/s9",
];

const KEYS: [&str; 3] = ["k-vm", "k-image", "k-ports"];
const CVES: [&str; 4] = [
    "CVE-2024-0001",
    "cve-2024-0002",
    "CVE-2023-1234",
    "CVE-2022-9999",
];

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap()
}

/// A finding: CVEs (bit set), CVSS in tenths (or none), severity (0 for
/// none), patchable (0 unknown, 1 yes, 2 no), Unhealthy or not.
type Row = (u8, Option<u8>, u8, u8, bool);

fn environment(assessments: &[(usize, usize, bool)], findings: &[(usize, Row)]) -> Environment {
    let mut b = EnvironmentBuilder::new();
    b.add_management_group("corp", None, None);
    b.add_subscription("s1", None, &[("corp", None)]);
    b.add_subscription("s2", None, &[]);
    b.add_control("c0", "zero", 10.0, ["k-vm", "k-image"])
        .unwrap();
    b.add_control("c1", "one", 6.0, ["k-ports"]).unwrap();
    let mut seen = Vec::new();
    for (i, &(r, k, unhealthy)) in assessments.iter().enumerate() {
        if seen.contains(&(r, k)) {
            continue;
        }
        seen.push((r, k));
        let (resource, cloud) = RESOURCES[r];
        b.add_assessment(AssessmentRow {
            origin: Origin {
                file: 0,
                row: i as u32 + 1,
            },
            id: None,
            key: KEYS[k],
            resource_id: resource,
            cloud,
            status: if unhealthy {
                Status::Unhealthy
            } else {
                Status::Healthy
            },
            azure_exempt: false,
        })
        .unwrap();
    }
    for (i, &(parent, (cves, cvss, severity, patchable, unhealthy))) in findings.iter().enumerate()
    {
        let Some(&(r, k)) = seen.get(parent % seen.len().max(1)) else {
            continue;
        };
        let assessment = format!(
            "{}/providers/Microsoft.Security/assessments/{}",
            RESOURCES[r].0, KEYS[k]
        );
        let f = Finding {
            id: format!("{assessment}/subAssessments/f{i}"),
            assessment,
            recommendation: KEYS[k].to_string(),
            title: format!("finding {i}"),
            status: if unhealthy {
                FindingStatus::Unhealthy
            } else {
                FindingStatus::Healthy
            },
            cause: None,
            cves: (0..4)
                .filter(|b| cves & (1 << b) != 0)
                .map(|b| CVES[b].to_string())
                .collect(),
            cvss: cvss.map(|t| f64::from(t) / 10.0),
            severity: [
                None,
                Some(Severity::Low),
                Some(Severity::Medium),
                Some(Severity::High),
                Some(Severity::Critical),
            ][severity as usize % 5],
            patchable: [None, Some(true), Some(false)][patchable as usize % 3],
            kind: None,
            image_digest: None,
            repository: None,
            package: None,
            os: None,
        };
        b.add_finding(
            Origin {
                file: 0,
                row: 1000 + i as u32,
            },
            &f,
        )
        .unwrap();
    }
    b.finish().unwrap()
}

fn condition_strategy() -> impl Strategy<Value = Vulnerabilities> {
    (
        0u8..16,
        prop::option::of(1u8..=100),
        prop::option::of(0usize..4),
        any::<bool>(),
        prop::collection::vec(0..KEYS.len(), 0..2),
    )
        .prop_map(|(cves, cvss, severity, non_patchable, keys)| {
            let mut v = Vulnerabilities {
                cves: (0..4)
                    .filter(|b| cves & (1 << b) != 0)
                    .map(|b| CVES[b].to_ascii_lowercase())
                    .collect(),
                cvss_below: cvss.map(Cvss),
                minimum_severity: severity.map(|s| {
                    [
                        Severity::Low,
                        Severity::Medium,
                        Severity::High,
                        Severity::Critical,
                    ][s]
                }),
                non_patchable,
                recommendations: keys.into_iter().map(|k| KEYS[k].to_string()).collect(),
            };
            if v.cves.is_empty() && v.cvss_below.is_none() && v.minimum_severity.is_none() {
                v.non_patchable = true;
            }
            v
        })
}

fn exemption_strategy() -> impl Strategy<Value = Exemption> {
    (
        prop::collection::vec(0..SCOPES.len(), 1..3),
        0..4usize,
        any::<bool>(),
        prop_oneof![
            4 => condition_strategy().prop_map(Target::Vulnerabilities),
            1 => (0..KEYS.len()).prop_map(|k| Target::Recommendations(vec![KEYS[k].to_string()])),
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
            // Azure three times in four.
            let cloud = [Cloud::Azure, Cloud::Azure, Cloud::Azure, Cloud::Aws][cloud];
            let mut e = Exemption::new("", cloud, scopes, category, target);
            e.expires_on = expiry.map(|d| at() + Duration::hours(d));
            e
        })
}

fn row_strategy() -> impl Strategy<Value = Row> {
    (
        0u8..16,
        prop::option::of(0u8..=100),
        0u8..5,
        0u8..3,
        prop::bool::weighted(0.8),
    )
}

fn named(mut list: Vec<Exemption>) -> Vec<Exemption> {
    for (i, e) in list.iter_mut().enumerate() {
        e.name = format!("e{i}");
    }
    list
}

fn session(env: &Environment, list: Vec<Exemption>) -> Session {
    let mut s = Session::new(env.clone(), at());
    s.set_exemptions(list).unwrap();
    s
}

/// Every assessment's (status, decider) and every finding's decider.
type Decisions = (Vec<(Status, Option<usize>)>, Vec<Option<usize>>);

fn decisions(s: &Session) -> Decisions {
    let env = s.environment();
    let ev = s.evaluation();
    let by_assessment = env
        .assessments()
        .map(|a| (ev.status(a), ev.decided_by(a).map(|(e, _)| e.index())))
        .collect();
    let by_finding = (0..env.finding_count())
        .map(|f| ev.finding_decided_by(f).map(|(e, _)| e.index()))
        .collect();
    (by_assessment, by_finding)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn engine_agrees_with_reference(
        assessments in prop::collection::vec((0..RESOURCES.len(), 0..KEYS.len(), prop::bool::weighted(0.7)), 1..12),
        findings in prop::collection::vec((0usize..12, row_strategy()), 0..30),
        list in prop::collection::vec(exemption_strategy(), 0..6),
    ) {
        let env = environment(&assessments, &findings);
        let list = named(list);
        let s = session(&env, list.clone());
        let ev = s.evaluation();
        let mut decided_findings = vec![0usize; list.len()];
        for a in env.assessments() {
            let (expected, per_finding) = reference::decide_with_findings(&env, &list, a, at());
            prop_assert_eq!(ev.decided_by(a), expected, "assessment {}", env.assessment_id(a));
            let status = expected.map_or(env.raw_status(a), |(_, c)| c.effect());
            prop_assert_eq!(ev.status(a), status);
            for ((f, _), want) in env.finding_views(a).into_iter().zip(per_finding) {
                prop_assert_eq!(ev.finding_decided_by(f).map(|(e, _)| e), want, "finding {}", f);
                if let Some(e) = want {
                    decided_findings[e.index()] += 1;
                }
            }
            let why = s.explain(a).unwrap();
            prop_assert_eq!(why.decider, expected.map(|(e, _)| e));
            prop_assert_eq!(why.status, status);
        }
        for (i, o) in ev.outcomes().iter().enumerate() {
            prop_assert_eq!(o.findings, decided_findings[i], "exemption {}", i);
        }
    }

    #[test]
    fn what_if_equals_evaluating_with_the_draft(
        assessments in prop::collection::vec((0..RESOURCES.len(), 0..KEYS.len(), prop::bool::weighted(0.7)), 1..12),
        findings in prop::collection::vec((0usize..12, row_strategy()), 0..30),
        list in prop::collection::vec(exemption_strategy(), 0..5),
        draft in exemption_strategy(),
    ) {
        let env = environment(&assessments, &findings);
        let list = named(list);
        let s = session(&env, list.clone());
        let mut draft = draft;
        draft.name = "draft".into();
        let impact = s.what_if(&draft);
        let of_findings = matches!(draft.target, Target::Vulnerabilities(_));
        let mut with = list.clone();
        with.push(draft);
        let full = session(&env, with);
        prop_assert!((impact.after.current - full.score().current).abs() < 1e-9
            && (impact.after.max - full.score().max).abs() < 1e-9,
            "what-if {:?}, evaluated {:?}", impact.after, full.score());
        // A draft of whole assessments takes findings' assessments over,
        // leaving their findings undecided; a condition only adds.
        if of_findings {
            let before = s.evaluation().findings_exempted();
            let after = full.evaluation().findings_exempted();
            prop_assert_eq!(impact.findings_exempted, after - before);
        }
    }

    #[test]
    fn one_change_equals_evaluating_again(
        assessments in prop::collection::vec((0..RESOURCES.len(), 0..KEYS.len(), prop::bool::weighted(0.7)), 1..12),
        findings in prop::collection::vec((0usize..12, row_strategy()), 0..30),
        list in prop::collection::vec(exemption_strategy(), 1..6),
        pick in any::<prop::sample::Index>(),
        insert in any::<bool>(),
        extra in exemption_strategy(),
    ) {
        let env = environment(&assessments, &findings);
        let list = named(list);
        let mut s = session(&env, list.clone());
        let mut changed = list.clone();
        if insert {
            let mut e = extra;
            e.name = "extra".into();
            changed.insert(pick.index(list.len() + 1), e);
        } else {
            changed.remove(pick.index(list.len()));
        }
        s.set_exemptions(changed.clone()).unwrap();
        let fresh = session(&env, changed);
        prop_assert_eq!(decisions(&s), decisions(&fresh));
        prop_assert_eq!(s.evaluation().outcomes(), fresh.evaluation().outcomes());
        prop_assert!((s.score().current - fresh.score().current).abs() < 1e-9);
    }

    #[test]
    fn each_exemptions_worth_equals_evaluating_without_it(
        assessments in prop::collection::vec((0..RESOURCES.len(), 0..KEYS.len(), prop::bool::weighted(0.7)), 1..12),
        findings in prop::collection::vec((0usize..12, row_strategy()), 0..30),
        list in prop::collection::vec(exemption_strategy(), 1..6),
    ) {
        let env = environment(&assessments, &findings);
        let list = named(list);
        let s = session(&env, list.clone());
        let worth = s.contributions();
        let close = |a: exempt_core::Score, b: exempt_core::Score| {
            (a.current - b.current).abs() < 1e-9 && (a.max - b.max).abs() < 1e-9
        };
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
        // The review runs, and a condition that matched nothing is unused.
        for f in s.findings() {
            let e = f.subject().index();
            if matches!(list[e].target, Target::Vulnerabilities(_)) {
                prop_assert!(matches!(f.kind(), "unused" | "expired" | "expiring"), "{}", f.kind());
            }
        }
    }
}
