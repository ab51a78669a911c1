//! Random exemption sets through every importable format: what comes back
//! compares equal to what went out and decides every assessment the same
//! way. Names, descriptions and metadata carry the characters each
//! format's quoting must survive (quotes, backslashes, `${`, `%{`, `'`,
//! newlines, non-ASCII).

mod common;

use chrono::{TimeZone, Utc};
use common::{export, import, ASSIGNMENT, POLICY_DEFINITIONS, POLICY_ENV};
use exempt_core::exemption::{Approval, Decision, Exemption, ExemptionFile, Governance, Target};
use exempt_core::formats::{self, Format};
use exempt_core::{Cloud, ExemptionCategory};
use proptest::prelude::*;
use serde_json::{json, Value};

const SCOPES: [&str; 8] = [
    "/providers/Microsoft.Management/managementGroups/contoso-sandbox",
    "/providers/Microsoft.Management/managementGroups/contoso-corp",
    "/subscriptions/4c1e6f2a-8b3d-4a57-9e10-2d7f5b9c3a81",
    "/subscriptions/0d5f9b73-2a4c-4e61-8f3d-c17a9e2b6d05",
    "/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64/resourceGroups/rg-legacy",
    "/subscriptions/6e3a1c8d-9f72-4b05-a4e6-1b8d2f7c0e93/resourceGroups/rg-web",
    "/subscriptions/6e3a1c8d-9f72-4b05-a4e6-1b8d2f7c0e93/resourceGroups/rg-web/providers/Microsoft.Storage/storageAccounts/stshopassets001",
    "/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64",
];

/// The nine recommendations of the trimmed benchmark.
const KEYS: [&str; 9] = [
    "805651bc-6ecd-4c73-9b55-97a19d0582d0",
    "483f12ed-ae23-447e-a2de-a67a10db4353",
    "bc303248-3d14-44c2-96a0-55f5c326b5fe",
    "e3de1cc0-f4dd-3b34-e496-8b5381ba2d70",
    "45d313c3-3fca-5040-035f-d61928366d31",
    "1c5de8e1-f68d-6a17-e0d2-ec259c42768c",
    "f67fb4ed-d481-44d7-91e5-efadf504f74a",
    "6f90a6d6-d4d6-0794-0ec1-98fa77878c2e",
    "1aabfa0d-7585-f9f5-1d92-ecb40291d9f2",
];

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[A-Za-z0-9 ]{1,8}",
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("\\".to_string()),
        Just("${x}".to_string()),
        Just("%{y}".to_string()),
        Just("$$".to_string()),
        Just("é✓".to_string()),
        Just("&,;#".to_string()),
    ];
    prop::collection::vec(piece, 1..5).prop_map(|p| p.concat())
}

fn metadata() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        Just(None),
        text().prop_map(|t| Some(json!({ "ticketRef": t, "n": 3 }))),
        text().prop_map(|t| Some(Value::String(t))),
        Just(Some(json!([1, "two", null]))),
    ]
}

/// Owner, ticket, request and an approval: what deploys (a rejected
/// exemption is never exported to Azure).
fn governance() -> impl Strategy<Value = Governance> {
    (
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of((text(), 0i64..100_000_000)),
        prop::option::of((text(), 0i64..100_000_000, prop::option::of(text()))),
    )
        .prop_map(|(owner, ticket, request, approval)| Governance {
            owner,
            ticket,
            requested_by: request.as_ref().map(|(by, _)| format!("asked {by}")),
            requested_on: request.map(|(_, s)| Utc.timestamp_opt(1_750_000_000 + s, 0).unwrap()),
            approval: approval.map(|(by, s, comment)| Approval {
                by: format!("decided {by}"),
                on: Utc.timestamp_opt(1_760_000_000 + s, 0).unwrap(),
                decision: Decision::Approved,
                comment,
            }),
        })
}

fn exemption() -> impl Strategy<Value = Exemption> {
    (
        text(),
        prop::option::of((text(), any::<bool>())),
        prop::sample::subsequence(SCOPES.to_vec(), 1..3),
        prop_oneof![
            prop::sample::subsequence(KEYS.to_vec(), 1..4)
                .prop_map(|k| Target::Recommendations(k.into_iter().map(String::from).collect())),
            prop::sample::select(vec!["Networking", "IdentityAndAccess"])
                .prop_map(|c| Target::Category(c.to_string())),
        ],
        any::<bool>(),
        prop::option::of(0i64..2_000_000_000),
        metadata(),
        prop::option::of((0u32..u32::MAX, text())),
        governance(),
    )
        .prop_map(
            |(
                name,
                description,
                scopes,
                target,
                waiver,
                expires,
                metadata,
                created,
                governance,
            )| {
                let category = if waiver {
                    ExemptionCategory::Waiver
                } else {
                    ExemptionCategory::Mitigated
                };
                let mut e = Exemption::new(
                    name,
                    Cloud::Azure,
                    scopes.into_iter().map(String::from).collect(),
                    category,
                    target,
                );
                e.description = description.map(|(d, newline)| {
                    if newline {
                        format!("{d}\nsecond line")
                    } else {
                        d
                    }
                });
                e.expires_on = expires.map(|s| Utc.timestamp_opt(1_700_000_000 + s, 0).unwrap());
                e.metadata = metadata;
                if let Some((n, by)) = created {
                    e.id = Some(format!("{n:08x}-0000-4000-8000-000000000000"));
                    e.created_on = Some(
                        Utc.timestamp_opt(1_600_000_000 + i64::from(n / 4), 0)
                            .unwrap(),
                    );
                    e.created_by = Some(by);
                }
                e.governance = governance;
                e
            },
        )
}

fn exemption_file() -> impl Strategy<Value = ExemptionFile> {
    prop::collection::vec(exemption(), 1..5).prop_map(|list| ExemptionFile {
        // Names are unique without case: import renames a second one.
        exemptions: list
            .into_iter()
            .enumerate()
            .map(|(i, mut e)| {
                e.name = format!("{} #{i}", e.name);
                e
            })
            .collect(),
        policy: None,
        extra: Default::default(),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_importable_format_round_trips(original in exemption_file()) {
        let mut session = common::session(&POLICY_ENV);
        let before = common::evaluation(&mut session, &original);
        for format in Format::ALL.into_iter().filter(|f| f.importable()) {
            let mut files = export(&original, format, &POLICY_DEFINITIONS, Some(&POLICY_ENV), &[ASSIGNMENT]);
            files.reverse();
            let mut back = import(&files, &POLICY_DEFINITIONS);
            if format == Format::AzurePolicyBicep {
                // The helper splits the file into one file per scope itself
                // (`--within` keeps a subscription's resource groups with
                // it), so the positions carried are each small file's.
                back.file.exemptions.sort_by_key(|e| {
                    original.exemptions.iter().position(|o| o.name == e.name)
                });
            }
            prop_assert!(back.rejected.is_empty(), "{}: {:?}", format, back.rejected);
            let d = formats::diff(&original, &back.file);
            prop_assert!(d.equal, "{}: {}\n{}", format, d, files[0].1);
            let names = |f: &ExemptionFile| f.exemptions.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
            prop_assert_eq!(names(&back.file), names(&original), "{}: the order decides between overlapping exemptions", format);
            let after = common::evaluation(&mut session, &back.file);
            if let Some((a, b)) = before.iter().zip(&after).find(|(a, b)| a != b) {
                prop_assert!(false, "{}: {} became {}", format, a, b);
            }
        }
    }
}
