//! Round trips: an exemption file written in a format and imported again
//! must compare equal and decide every assessment the same way. The
//! Terraform and iCalendar outputs are also read by other parsers than
//! ours, so that they are valid for the tools that consume them.

mod common;

use common::{export, import, ASSIGNMENT, DEFINITIONS, DEMO, POLICY_DEFINITIONS, POLICY_ENV};
use exempt_core::exemption::ExemptionFile;
use exempt_core::formats::{self, Format};

fn file(relative: &str) -> ExemptionFile {
    ExemptionFile::parse(&common::read(relative)).unwrap()
}

/// Exports `original` as `format`, imports it back, and checks that
/// nothing was left out, nothing differs, and the evaluation is the same.
fn round_trip(
    original: &ExemptionFile,
    format: Format,
    defs: &[&str],
    env: &[&str],
    assignments: &[&str],
) {
    let files = export(original, format, defs, Some(env), assignments);
    let back = import(&files, defs);
    assert!(
        back.rejected.is_empty(),
        "{format}: not imported: {:?}",
        back.rejected
    );
    let d = formats::diff(original, &back.file);
    assert!(d.equal, "{format}: {d}");
    let mut session = common::session(env);
    let before = common::evaluation(&mut session, original);
    let after = common::evaluation(&mut session, &back.file);
    assert_eq!(before.len(), after.len());
    for (a, b) in before.iter().zip(&after) {
        assert_eq!(a, b, "{format}: the assessment decides differently");
    }
    // Names derive from the content, so exporting what came back writes
    // the same file.
    let again = export(&back.file, format, defs, Some(env), assignments);
    assert_eq!(files, again, "{format}: a second export differs");
}

#[test]
fn the_demo_through_defender_formats() {
    let demo = file("demo/exemptions.json");
    for format in [
        Format::Exempt,
        Format::DefenderArm,
        Format::DefenderTerraform,
    ] {
        round_trip(&demo, format, &[], &DEMO, &[]);
    }
}

#[test]
fn policy_backed_exemptions_through_every_importable_format() {
    let original = file("tests/data/formats/roundtrip/policy-backed.json");
    for format in Format::ALL.into_iter().filter(|f| f.importable()) {
        round_trip(
            &original,
            format,
            &POLICY_DEFINITIONS,
            &POLICY_ENV,
            &[ASSIGNMENT],
        );
    }
}

/// The hand-made policy map serves as well as the environment's metadata.
#[test]
fn policy_round_trip_with_the_assessment_metadata() {
    let original = file("tests/data/formats/roundtrip/policy-backed.json");
    round_trip(
        &original,
        Format::AzurePolicyArm,
        &DEFINITIONS,
        &POLICY_ENV,
        &[ASSIGNMENT],
    );
}

fn string_attribute(body: &hcl::Body, key: &str) -> Option<String> {
    body.attributes()
        .find(|a| a.key() == key)
        .and_then(|a| match a.expr() {
            hcl::Expression::String(s) => Some(s.clone()),
            _ => None,
        })
}

#[test]
fn terraform_parses_with_an_hcl_parser() {
    let original = file("tests/data/formats/roundtrip/policy-backed.json");
    let cases = [
        (Format::DefenderTerraform, "azapi_resource", "parent_id"),
        (
            Format::AzurePolicyTerraform,
            "_policy_exemption",
            "policy_assignment_id",
        ),
    ];
    for (format, kind, attribute) in cases {
        let files = export(
            &original,
            format,
            &POLICY_DEFINITIONS,
            Some(&POLICY_ENV),
            &[ASSIGNMENT],
        );
        let text = &files[0].1;
        let body = hcl::parse(text).unwrap_or_else(|e| panic!("{format}: {e}\n{text}"));
        let resources: Vec<&hcl::Block> = body
            .blocks()
            .filter(|b| b.identifier() == "resource")
            .collect();
        assert!(!resources.is_empty(), "{format}: no resource");
        assert_eq!(
            resources.len(),
            text.matches("\nresource ").count(),
            "{format}: every resource is a block"
        );
        for r in &resources {
            let labels: Vec<&str> = r.labels().iter().map(|l| l.as_str()).collect();
            assert_eq!(labels.len(), 2, "{format}: {labels:?}");
            assert!(labels[0].ends_with(kind), "{format}: {labels:?}");
            let name = string_attribute(r.body(), "name").expect("a literal name");
            assert_eq!(name.len(), 36, "{format}: name {name} is a GUID");
            assert!(
                string_attribute(r.body(), attribute).is_some_and(|s| s.starts_with('/')),
                "{format}: {attribute} of {name}"
            );
        }
    }
}

#[test]
fn the_calendar_parses_with_an_icalendar_parser() {
    let demo = file("demo/exemptions.json");
    let out = formats::export(
        &demo,
        Format::Ics,
        common::options(Default::default(), None, &[]),
    )
    .unwrap();
    assert!(
        out.text.split_inclusive('\n').all(|l| l.ends_with("\r\n")),
        "lines end in CRLF"
    );
    let unfolded = icalendar::parser::unfold(&out.text);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    let expiring: Vec<_> = demo
        .exemptions
        .iter()
        .filter(|e| e.expires_on.is_some())
        .collect();
    assert_eq!(events.len(), expiring.len());
    for (event, e) in events.iter().zip(&expiring) {
        let summary = event.find_prop("SUMMARY").unwrap().val.to_string();
        assert!(summary.ends_with(&e.name), "{summary} names {}", e.name);
        let start = event.find_prop("DTSTART").unwrap().val.to_string();
        assert_eq!(
            start,
            e.expires_on.unwrap().format("%Y%m%d").to_string(),
            "{}",
            e.name
        );
        let alarm = event
            .components
            .iter()
            .find(|c| c.name == "VALARM")
            .expect("a reminder");
        assert_eq!(alarm.find_prop("TRIGGER").unwrap().val.to_string(), "-P14D");
    }
}

/// Bicep files exported `--within` each scope, read back in another order,
/// give the exemptions in their first order: it decides between
/// overlapping exemptions of one category.
#[test]
fn bicep_files_read_in_any_order_keep_the_exemptions_order() {
    use exempt_core::exemption::{Exemption, Target};
    use exempt_core::{Cloud, ExemptionCategory};
    let sub = "/subscriptions/4c1e6f2a-8b3d-4a57-9e10-2d7f5b9c3a81";
    let other = "/subscriptions/0d5f9b73-2a4c-4e61-8f3d-c17a9e2b6d05";
    let one = |name: &str, scope: &str| {
        Exemption::new(
            name,
            Cloud::Azure,
            vec![scope.into()],
            ExemptionCategory::Waiver,
            Target::Recommendations(vec!["6f90a6d6-d4d6-0794-0ec1-98fa77878c2e".into()]),
        )
    };
    let file = ExemptionFile {
        exemptions: vec![one("first", other), one("second", sub), one("third", other)],
        policy: None,
        extra: Default::default(),
    };
    let bicep = |scope: &str| {
        let mut options = common::options(
            common::definitions(&DEFINITIONS),
            None,
            &["SecurityCenterBuiltIn"],
        );
        options.within = Some(scope.into());
        formats::export(&file, Format::AzurePolicyBicep, options)
            .unwrap()
            .text
    };
    let (a, b) = (bicep(sub), bicep(other));
    let back = formats::import(
        [("b.bicep", b.as_str()), ("a.bicep", a.as_str())],
        &common::definitions(&DEFINITIONS),
    )
    .unwrap();
    let names: Vec<_> = back
        .file
        .exemptions
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(names, ["first", "second", "third"]);
}
