//! The app's logic that needs no browser, tested natively with the other
//! native tests: the page's state and the wizard's reducers, the wizard's
//! model, the messages to the worker, and the worker's engine on the
//! workspace.
//!
//! The page's state: every page reads it, so an action that changes nothing
//! must keep it as it was, or every page renders again for nothing.
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use exempt_app::protocol::ask::{self, Ask, FromAnswer};
use exempt_app::protocol::{self, Answer, Envelope, EnvironmentChoice, Request};
use exempt_app::state::{Action, AppState};
use exempt_app::wizard::model::{Draft, Field, Rules, Step, TargetMode};
use exempt_app::wizard::reducer::{WizardAction, WizardState};
use exempt_app::worker::Engine;
use exempt_core::document::{Edit, EditOutcome};
use exempt_core::{Cloud, Error, Exemption, ExemptionCategory, Status};
use std::rc::Rc;
use yew::Reducible;

fn opened() -> Rc<AppState> {
    let s = Rc::new(AppState::default());
    let s = s.reduce(Action::Choose(EnvironmentChoice::Demo));
    s.reduce(Action::Opened(EnvironmentChoice::Demo))
}

#[test]
fn an_action_that_changes_nothing_keeps_the_same_state() {
    let before = opened();
    for action in [
        // A request's progress once the environment is open.
        Action::Progress("Evaluating the exemptions".into()),
        // The environment shown, chosen again.
        Action::Choose(EnvironmentChoice::Demo),
        Action::Dismiss(3),
        Action::ExpireToast(7),
    ] {
        let after = before.clone().reduce(action.clone());
        assert!(Rc::ptr_eq(&before, &after), "{action:?} made a new state");
    }
}

#[test]
fn an_action_that_changes_something_makes_a_new_state() {
    let before = opened();
    let after = before
        .clone()
        .reduce(Action::Notice("Saved elsewhere".into()));
    assert!(!Rc::ptr_eq(&before, &after));
    assert_eq!(after.notices, vec!["Saved elsewhere".to_string()]);
    // Opening: its progress is shown.
    let opening = before.reduce(Action::Choose(EnvironmentChoice::Large));
    let progressed = opening
        .clone()
        .reduce(Action::Progress("Loading (40%)".into()));
    assert_eq!(progressed.opening.as_deref(), Some("Loading (40%)"));
}

fn rules() -> Rc<Rules> {
    Rc::new(Rules {
        taken: vec!["legacy vms".into()],
        today: NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
        policy: Default::default(),
    })
}

fn basics() -> Draft {
    Draft {
        name: "Shop storage".into(),
        scopes: vec!["/subscriptions/6e3a1c8d-9f72-4b05-a4e6-1b8d2f7c0e93".into()],
        category: Some(ExemptionCategory::Waiver),
        expiry: "2027-03-31".into(),
        ..Draft::default()
    }
}

#[test]
fn the_wizard_moves_on_only_from_a_valid_step_and_focuses_the_first_error() {
    let blank = Rc::new(WizardState::new(Draft::default(), None));
    let refused = blank.clone().reduce(WizardAction::Next(rules()));
    assert_eq!(refused.step, Step::Basics);
    assert_eq!(refused.first_error(), Some(Field::Name));
    assert_eq!(refused.focus, blank.focus + 1);
    assert!(refused.errors.contains_key(&Field::Scopes));
    assert!(refused.errors.contains_key(&Field::Category));
    // Typing the name clears its error only.
    let named = refused.reduce(WizardAction::SetName("x".into()));
    assert!(!named.errors.contains_key(&Field::Name));
    assert!(named.errors.contains_key(&Field::Scopes));

    let filled = Rc::new(WizardState::new(basics(), None));
    let next = filled.clone().reduce(WizardAction::Next(rules()));
    assert_eq!(next.step, Step::Recommendations);
    assert!(next.errors.is_empty());
    // Review cannot be reached while Recommendations is empty.
    let jumped = filled.reduce(WizardAction::GoTo(Step::Review, rules()));
    assert_eq!(jumped.step, Step::Recommendations);
    assert!(jumped.errors.contains_key(&Field::Recommendations));
}

#[test]
fn the_wizard_refuses_a_taken_name_and_a_past_expiry() {
    let mut draft = basics();
    draft.name = "  Legacy VMs ".into();
    draft.expiry = "2026-12-05".into();
    let s = Rc::new(WizardState::new(draft, None)).reduce(WizardAction::Next(rules()));
    assert!(s.errors[&Field::Name].contains("already exists"));
    assert!(s.errors[&Field::Expiry].contains("future"));
}

#[test]
fn changing_the_cloud_drops_what_belongs_to_the_other_cloud() {
    let mut draft = basics();
    draft.keys = vec!["51fd8bb1-0db4-bbf1-7e2b-cfcba7eb66a6".into()];
    let s = Rc::new(WizardState::new(draft, None)).reduce(WizardAction::SetCloud(Cloud::Aws));
    assert!(s.draft.scopes.is_empty() && s.draft.keys.is_empty());
    let same = s.clone().reduce(WizardAction::SetCloud(Cloud::Aws));
    assert_eq!(same.draft, s.draft);
}

#[test]
fn a_complete_draft_is_the_exemption_the_core_reads() {
    let mut draft = basics();
    draft.mode = TargetMode::Selected;
    draft.keys = vec!["51fd8bb1-0db4-bbf1-7e2b-cfcba7eb66a6".into()];
    let e = draft.to_exemption(None).expect("valid");
    assert_eq!(e.name, "Shop storage");
    assert_eq!(e.category, ExemptionCategory::Waiver);
    // The date picked is the last day in force: the exemption ends as the
    // next day begins, and shows that day again.
    assert_eq!(
        e.expires_on.map(|t| t.to_rfc3339()).as_deref(),
        Some("2027-04-01T00:00:00+00:00")
    );
    assert_eq!(Draft::of(&e).expiry, "2027-03-31");
    let mut bad = draft;
    bad.scopes = vec!["not a scope".into()];
    let errors = bad.to_exemption(None).unwrap_err();
    assert!(errors.contains_key(&Field::Scopes), "{errors:?}");
}

fn exemption(name: &str) -> Exemption {
    let mut draft = basics();
    draft.name = name.into();
    draft.keys = vec!["51fd8bb1-0db4-bbf1-7e2b-cfcba7eb66a6".into()];
    draft.to_exemption(None).unwrap()
}

#[test]
fn an_edit_crosses_to_the_worker_as_the_core_reads_it() {
    let sent = Envelope {
        id: 7,
        request: Request::Edit(Edit::Create(exemption("Zebra storage"))),
    };
    let got: Envelope = protocol::decode(&protocol::encode(&sent)).unwrap();
    assert_eq!(got.request, sent.request);
    // An exemption that breaks a rule cannot be smuggled in: the message
    // does not decode (postcard keeps no message of its own; the page only
    // ever sends exemptions the core built, which follow the rules).
    // The same length, so only the exemption's text is wrong.
    let forged = protocol::encode(&sent);
    let at = forged
        .windows(8)
        .position(|w| w == b"\"waiver\"")
        .expect("the category in the message");
    let mut bytes = forged.clone();
    bytes[at..at + 8].copy_from_slice(b"\"wavier\"");
    assert!(protocol::decode::<Envelope>(&bytes).is_err());
    bytes[at..at + 8].copy_from_slice(b"\"waiver\"");
    assert!(protocol::decode::<Envelope>(&bytes).is_ok());
}

#[test]
fn an_error_crosses_back_with_its_hint_and_its_problems() {
    use exempt_core::error::{Hint, Problem};
    let mut refused = Error::exemptions(
        Some("a.json"),
        vec![Problem {
            index: 1,
            name: Some("Ports".into()),
            field: "scopes".into(),
            message: "no policy assignment is known".into(),
            hint: Some(Hint::Assignment),
        }],
    );
    refused.hint = Some(Hint::Definitions);
    for error in [
        Error::invalid("this is an exemption file, not Defender data")
            .with_hint(Hint::ExemptionFile),
        Error::invalid("no hint"),
        refused,
    ] {
        let sent = protocol::Reply {
            id: 3,
            answer: Err(error.clone()),
        };
        let got: protocol::Reply = protocol::decode(&protocol::encode(&sent)).unwrap();
        assert_eq!(got.answer.unwrap_err(), error);
    }
    // The app names its own controls where the command line names options.
    let said = exempt_app::components::labels::say(
        &Error::invalid("this is an exemption file, not Defender data")
            .with_hint(Hint::ExemptionFile),
    );
    assert_eq!(
        said,
        "this is an exemption file, not Defender data; import it with Import exemptions on the Exemptions page"
    );
}

fn summary(engine: &Engine) -> exempt_core::workspace::Status {
    engine.summary().status
}

#[test]
fn the_worker_answers_through_the_workspace() {
    let mut engine = Engine::default();
    engine.load_environment(&EnvironmentChoice::Demo).unwrap();
    let opened = engine.answer(Request::Open {
        environment: EnvironmentChoice::Demo,
        document: None,
        seed: true,
    });
    assert!(matches!(opened, Ok(Answer::Opened(_))), "{opened:?}");
    let seeded = summary(&engine);
    assert!(seeded.exemptions > 0 && seeded.dirty);
    // A new exemption gets its id from the worker's source of ids.
    let created = engine.answer(Request::Edit(Edit::Create(exemption("Zebra storage"))));
    assert_eq!(created, Ok(Answer::Edit(EditOutcome::Done)));
    assert_eq!(summary(&engine).exemptions, seeded.exemptions + 1);
    assert!(summary(&engine).revision > seeded.revision);
    // Names are taken as the core folds them, whatever the case.
    let again = engine.answer(Request::Edit(Edit::Create(exemption("ZEBRA STORAGE"))));
    assert_eq!(again.unwrap_err().field.as_deref(), Some("name"));
    assert_eq!(
        engine.answer(Request::NameTaken {
            name: " zebra STORAGE ".into(),
            except: None
        }),
        Ok(Answer::NameTaken(true))
    );
    // The history reads as every front end shows it.
    let Ok(Answer::History(page)) = engine.answer(Request::History {
        text: "ZEBRA".into(),
        limit: 10,
    }) else {
        panic!("no history");
    };
    assert_eq!(page.total, 1);
    assert_eq!(page.rows[0].event, "Created");
    assert!(page.rows[0].exists);
    // Saving merges with what storage holds, then says it was written.
    let Ok(Answer::Merge(exempt_core::document::MergeOutcome::Write { text, .. })) =
        engine.answer(Request::Merge {
            stored: None,
            unreadable_kept: false,
        })
    else {
        panic!("nothing to write");
    };
    assert!(!text.is_empty());
    engine.answer(Request::Saved(true)).unwrap();
    assert!(!summary(&engine).dirty);
    assert_eq!(
        engine.answer(Request::Merge {
            stored: Some(text),
            unreadable_kept: false,
        }),
        Ok(Answer::Merge(exempt_core::document::MergeOutcome::Clean))
    );
}

#[test]
fn generated_exemptions_are_held_in_memory_and_never_saved() {
    let mut engine = Engine::default();
    engine.load_environment(&EnvironmentChoice::Demo).unwrap();
    engine
        .answer(Request::Open {
            environment: EnvironmentChoice::Demo,
            document: None,
            seed: false,
        })
        .unwrap();
    engine.answer(Request::Generate(25)).unwrap();
    let s = summary(&engine);
    assert_eq!(s.exemptions, 25);
    assert_eq!(s.held, Some(exempt_core::workspace::Held::Generated));
    assert!(!s.dirty);
}

/// What the worker answers `ask` with, as the type `ask` names: `None`
/// when it answers with another type.
fn typed<A: FromAnswer>(engine: &mut Engine, ask: Ask<A>) -> Option<A> {
    A::from_answer(engine.answer(ask.request).expect("answered"))
}

#[test]
fn every_request_the_worker_answers_gets_the_type_its_ask_names() {
    let mut engine = Engine::default();
    engine.load_environment(&EnvironmentChoice::Demo).unwrap();
    let e = &mut engine;
    assert!(typed(e, ask::open(EnvironmentChoice::Demo, None, true)).is_some());
    assert!(typed(e, ask::overview(None)).is_some());
    assert!(typed(e, ask::gap(None)).is_some());
    assert!(typed(e, ask::recommendation_filters()).is_some());
    let rows = typed(e, ask::recommendations(Default::default(), 0, 5)).unwrap();
    let row = rows.rows.first().expect("a recommendation").clone();
    assert!(typed(e, ask::recommendation(row.key.clone())).is_some());
    let detail = typed(e, ask::recommendation(row.key)).unwrap();
    let status = [Status::Unhealthy, Status::Healthy, Status::NotApplicable]
        .into_iter()
        .find(|s| {
            typed(e, ask::resources(row.recommendation, *s, 0, 5))
                .is_some_and(|p| !p.rows.is_empty())
        })
        .expect("resources with some status");
    let resources = typed(e, ask::resources(detail.row.recommendation, status, 0, 5)).unwrap();
    assert!(typed(e, ask::explain(resources.rows[0].assessment)).is_some());
    assert!(typed(e, ask::environment_tree()).is_some());
    let page = typed(e, ask::exemptions(Default::default(), 0, 5)).unwrap();
    let held = page.page.rows[0].id.clone().unwrap();
    assert!(typed(e, ask::findings(5)).is_some());
    assert!(typed(e, ask::scope_tree(Cloud::Azure)).is_some());
    assert!(typed(e, ask::scope_search(Cloud::Azure, "sub".into(), 5)).is_some());
    // The resource's subscription.
    let scope = resources.rows[0]
        .resource_id
        .split('/')
        .take(3)
        .collect::<Vec<_>>()
        .join("/");
    assert!(typed(e, ask::scope_resources(Cloud::Azure, scope, 0, 5)).is_some());
    assert!(typed(e, ask::targets(Cloud::Azure, vec![])).is_some());
    assert!(typed(e, ask::review(exemption("Zebra storage"), None)).is_some());
    assert!(typed(e, ask::exemption(held.clone())).is_some());
    assert!(typed(e, ask::name_taken("x".into(), None)).is_some());
    assert!(typed(e, ask::history(String::new(), 5)).is_some());
    assert!(typed(e, ask::edit(Edit::Create(exemption("Zebra storage")))).is_some());
    let approve = || {
        vec![Edit::Decide {
            id: held.clone(),
            decision: exempt_core::exemption::Decision::Approved,
            by: "carol".into(),
            comment: None,
        }]
    };
    assert!(typed(e, ask::preview(approve())).is_some());
    assert_eq!(typed(e, ask::edit_all(approve())), Some(1));
    let policy = exempt_core::exemption::Policy {
        require_approval: exempt_core::exemption::Approvals::Waivers,
        ..Default::default()
    };
    assert!(typed(e, ask::set_policy(Some(policy))).is_some());
    assert!(typed(e, ask::governance()).is_some());
    assert!(typed(e, ask::problems(5)).is_some());
    assert!(typed(e, ask::draft_problems(exemption("Zebra storage"))).is_some());
    let pack = typed(e, ask::evidence(exempt_app::protocol::EvidenceFormat::Html)).unwrap();
    assert!(
        pack.text.starts_with("<!DOCTYPE html>"),
        "{}",
        &pack.text[..40]
    );
    assert!(typed(e, ask::merge(None, false)).is_some());
    assert!(typed(e, ask::saved(true)).is_some());
    assert!(typed(e, ask::external(None)).is_some());
    let file = r#"{"exemptions": [{"name": "Read back", "cloud": "Azure", "category": "waiver",
        "scopes": ["/subscriptions/6e3a1c8d-9f72-4b05-a4e6-1b8d2f7c0e93"],
        "recommendations": ["51fd8bb1-0db4-bbf1-7e2b-cfcba7eb66a6"]}]}"#;
    assert!(typed(
        e,
        ask::read_exemptions(vec![("read.json".into(), file.into())])
    )
    .is_some());
    assert!(typed(e, ask::adopt(None)).is_some());
    let export = exempt_core::workspace::ExportRequest {
        format: "csv".into(),
        ids: None,
        definitions: vec![],
        assignments: vec![],
    };
    assert!(typed(e, ask::export(export)).is_some());
    assert!(typed(e, ask::host_exemptions(file.into())).is_some());
    assert!(typed(e, ask::generate(3)).is_some());
    let demo: Vec<(String, String)> = ["containers", "controls", "assessments"]
        .iter()
        .map(|f| {
            let path = format!("{}/../../demo/{f}.json", env!("CARGO_MANIFEST_DIR"));
            (f.to_string(), std::fs::read_to_string(path).unwrap())
        })
        .collect();
    assert!(typed(e, ask::load(demo)).is_some());
}
