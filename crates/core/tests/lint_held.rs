//! The app lints the exemptions it holds without writing them out and
//! reading them back: the findings must be the file's, but for the lines.

use exempt_core::exemption::ExemptionFile;
use exempt_core::lint::{lint, lint_held, Inputs};
use exempt_core::Session;

/// The instant, text and file of the environment case.
fn case() -> (chrono::DateTime<chrono::Utc>, String, ExemptionFile) {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/data/lint/environment.exemptions.jsonc"),
    )
    .unwrap();
    let file = ExemptionFile::parse(&text).unwrap();
    ("2026-11-24T00:00:00Z".parse().unwrap(), text, file)
}

#[test]
fn held_exemptions_lint_as_their_file_does() {
    let (at, text, file) = case();
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
        file.exemptions.iter().cloned(),
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

/// The Exemptions list's Problems column and filter: each row's counts are
/// the file's findings on that exemption, and the filter keeps the rows
/// with a problem at least as serious as asked.
#[test]
fn the_list_counts_each_exemptions_problems_and_filters_by_level() {
    use exempt_core::lint::Level;
    use exempt_core::session::ExemptionQuery;
    use exempt_core::workspace::{numbered_ids, Held, Workspace};
    let (at, text, file) = case();
    let env = exempt_core::demo::environment().unwrap();
    let mut reference = Session::new(env.clone(), at);
    let expected = lint(
        &text,
        Inputs {
            session: Some(&mut reference),
            definitions: None,
            at,
        },
    )
    .unwrap();
    let mut w = Workspace::new(numbered_ids());
    w.set_environment(env, at);
    w.hold_file(file.clone(), Held::Hosted, at).unwrap();
    let all = ExemptionQuery::default();
    let before = w.exemption_rows(&all, 0, 100).unwrap();
    assert!(!before.problems_ready);
    assert!(before.page.rows.iter().all(|r| r.problems.is_none()));

    w.prepare_problems().unwrap();
    let page = w.exemption_rows(&all, 0, 100).unwrap();
    assert!(page.problems_ready);
    for r in &page.page.rows {
        let mine = expected
            .findings
            .iter()
            .filter(|f| f.index == r.exemption.index() + 1);
        let counts = r.problems.unwrap();
        assert_eq!(
            (counts.errors, counts.warnings, counts.notes),
            (
                mine.clone().filter(|f| f.level == Level::Error).count() as u32,
                mine.clone().filter(|f| f.level == Level::Warning).count() as u32,
                mine.filter(|f| f.level == Level::Note).count() as u32,
            ),
            "{}",
            r.name
        );
    }
    for level in [Level::Error, Level::Warning, Level::Note] {
        let shown = w
            .exemption_rows(
                &ExemptionQuery {
                    problems: Some(level),
                    ..ExemptionQuery::default()
                },
                0,
                100,
            )
            .unwrap();
        let wanted = (1..=file.exemptions.len())
            .filter(|i| {
                expected
                    .findings
                    .iter()
                    .any(|f| f.index == *i && f.level <= level)
            })
            .count();
        assert_eq!(shown.page.matching, wanted, "{level:?}");
    }
    let view = w.problems(1000).unwrap();
    assert_eq!(view.total as usize, expected.findings.len());

    // A change: the column waits for the linter again.
    w.set_time("2026-11-25T00:00:00Z".parse().unwrap()).unwrap();
    assert!(!w.problems_ready());
}

/// The wizard's draft gets the environment's rules that need no other
/// exemption: a preview recommendation (EX208), a connector of another
/// cloud (EX209).
#[test]
fn a_draft_gets_the_environment_rules_it_can() {
    use exempt_core::workspace::{numbered_ids, Workspace};
    let (at, _, file) = case();
    let mut w = Workspace::new(numbered_ids());
    assert!(w
        .draft_problems(&file.exemptions[3], at)
        .iter()
        .all(|p| p.rule != "EX208"));
    w.set_environment(exempt_core::demo::environment().unwrap(), at);
    let rules = |i: usize| -> Vec<String> {
        w.draft_problems(&file.exemptions[i], at)
            .into_iter()
            .map(|p| p.rule)
            .collect()
    };
    assert!(rules(3).contains(&"EX208".to_string()), "{:?}", rules(3));
    assert!(rules(4).contains(&"EX209".to_string()), "{:?}", rules(4));
    assert!(!rules(0).contains(&"EX208".to_string()));

    // The file's rules and the team's policy hold for a draft too.
    let mut long = file.exemptions[0].clone();
    long.name = "x".repeat(129);
    let found: Vec<String> = w
        .draft_problems(&long, at)
        .into_iter()
        .map(|p| p.rule)
        .collect();
    assert!(found.contains(&"EX101".to_string()), "{found:?}");
    let policy = exempt_core::exemption::Policy {
        require_owner: true,
        ..Default::default()
    };
    w.set_policy(Some(policy), at).unwrap();
    let found: Vec<String> = w
        .draft_problems(&file.exemptions[0], at)
        .into_iter()
        .map(|p| p.rule)
        .collect();
    assert!(found.contains(&"EX304".to_string()), "{found:?}");
}
