//! The app lints the exemptions it holds without writing them out and
//! reading them back: the findings must be the file's, but for the lines.

use exempt_core::exemption::ExemptionFile;
use exempt_core::lint::{lint, lint_held, Inputs};
use exempt_core::Session;

#[test]
fn held_exemptions_lint_as_their_file_does() {
    let at = "2026-11-24T00:00:00Z".parse().unwrap();
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/data/lint/environment.exemptions.jsonc"),
    )
    .unwrap();
    let file = ExemptionFile::parse(&text).unwrap();
    let env = exempt_core::demo::environment().unwrap();
    let mut a = Session::new(env.clone(), at);
    let from_text = lint(
        &text,
        Inputs {
            session: Some(&mut a),
            definitions: None,
            at,
        },
    )
    .unwrap();
    let mut b = Session::new(env, at);
    b.set_exemptions(file.exemptions.clone()).unwrap();
    let held = lint_held(
        &file.exemptions,
        &Default::default(),
        Inputs {
            session: Some(&mut b),
            definitions: None,
            at,
        },
    )
    .unwrap();
    let key = |r: &exempt_core::lint::LintReport| -> Vec<(String, usize, Option<String>, String)> {
        r.findings
            .iter()
            .map(|f| {
                (
                    f.rule.to_string(),
                    f.index,
                    f.field.clone(),
                    f.message.clone(),
                )
            })
            .collect()
    };
    assert!(!from_text.findings.is_empty());
    assert_eq!(key(&held), key(&from_text));
    assert!(held.findings.iter().all(|f| (f.line, f.column) == (0, 0)));
}
