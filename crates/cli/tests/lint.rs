//! `exempt lint` as a pipeline runs it: exit codes, the text a person
//! reads (a snapshot), and the skipped rules named with what they lack.

mod common;

use common::{demo_inputs, exempt, repository, scratch, stderr, stdout};

fn case(name: &str) -> String {
    repository()
        .join("tests/data/lint")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn exit_1_on_an_error_0_on_warnings_only_2_when_it_cannot_run() {
    let at = ["--at", "2026-12-01T00:00:00Z"];
    let error = case("EX101-display-name-too-long.exemptions.jsonc");
    let o = exempt(&[&["lint", "-e", &error][..], &at].concat());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let warning = case("EX201-expired.exemptions.jsonc");
    let o = exempt(&[&["lint", "-e", &warning][..], &at].concat());
    assert_eq!(
        o.status.code(),
        Some(0),
        "warnings and notes only: {}",
        stdout(&o)
    );
    let bad = scratch("not-json.json", "{ this is not JSON");
    let o = exempt(&["lint", "-e", &bad]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not an exemption file"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn the_text_names_each_problem_where_it_is_and_what_was_skipped() {
    let mut args = vec![
        "lint".to_string(),
        "-e".into(),
        "tests/data/lint/environment.exemptions.jsonc".into(),
        "--at".into(),
        "2026-11-24T00:00:00Z".into(),
    ];
    args.extend(demo_inputs().iter().map(|p| {
        p.strip_prefix(&format!("{}/", repository().display()))
            .unwrap_or(p)
            .to_string()
    }));
    let o = common::command()
        .current_dir(repository())
        .args(&args)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "EX209 is an error: {}",
        stderr(&o)
    );
    let text = stdout(&o);
    assert!(text.contains("skipped for lack of definitions"), "{text}");
    insta::assert_snapshot!(text);
}
