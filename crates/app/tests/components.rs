//! Components and app logic in a real headless Chromium: rendered into a
//! node, given a tick to render, then inspected through the DOM.
#![cfg(target_arch = "wasm32")]

use exempt_app::components::dialog::ConfirmDialog;
use exempt_app::components::menu::RowMenu;
use exempt_app::components::score::ScoreCard;
use exempt_app::protocol::{self, Answer, EnvironmentChoice, Request, Summary};
use exempt_app::storage::{self, drafts};
use exempt_core::document::{Edit, MergeOutcome};

/// The tab the drafts are kept under.
const TAB: &str = "thistab";
use exempt_app::wizard::model::{Draft, Field, Rules, Step, TargetMode};
use exempt_app::wizard::reducer::{WizardAction, WizardState};
use exempt_app::worker::Engine;
use exempt_core::session::{ExemptionQuery, RecommendationQuery};
use exempt_core::{Cloud, ExemptionCategory, Score, Status};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn mount() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

async fn tick() {
    yew::platform::time::sleep(Duration::from_millis(10)).await;
}

fn key(target: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

fn active_text() -> String {
    document()
        .active_element()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn score_card_shows_percentage_points_and_meter() {
    let root = mount();
    let props = exempt_app::components::score::ScoreCardProps {
        label: "Secure score".into(),
        score: Score {
            current: 23.53,
            max: 39.0,
            percentage: 23.53 / 39.0,
        },
        note: None,
    };
    yew::Renderer::<ScoreCard>::with_root_and_props(root.clone(), props).render();
    tick().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("60%"), "{text}");
    assert!(text.contains("23.53 of 39.00 points"), "{text}");
    let meter = root.query_selector("[role=meter]").unwrap().unwrap();
    assert_eq!(meter.get_attribute("aria-valuenow").as_deref(), Some("60"));
}

#[wasm_bindgen_test]
async fn row_menu_opens_moves_with_arrows_and_closes_on_escape() {
    let root = mount();
    let edits = Rc::new(Cell::new(0));
    let counted = edits.clone();
    let props = exempt_app::components::menu::RowMenuProps {
        label: "Legacy VMs".into(),
        described_by: "name-1".into(),
        on_edit: Callback::from(move |_| counted.set(counted.get() + 1)),
        on_delete: Callback::noop(),
        on_renew: None,
        decide: None,
    };
    yew::Renderer::<RowMenu>::with_root_and_props(root.clone(), props).render();
    tick().await;
    let button: HtmlElement = root
        .query_selector("button")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(button.text_content().as_deref(), Some("..."));
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    button.click();
    tick().await;
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let menu = root
        .query_selector("[role=menu]")
        .unwrap()
        .expect("menu open");
    assert_eq!(
        menu.query_selector_all("[role=menuitem]").unwrap().length(),
        2
    );
    assert_eq!(active_text(), "Edit");
    key(&menu, "ArrowDown");
    assert_eq!(active_text(), "Delete");
    key(&menu, "ArrowDown");
    assert_eq!(active_text(), "Edit", "arrows wrap around");
    key(&menu, "Escape");
    tick().await;
    assert!(root.query_selector("[role=menu]").unwrap().is_none());
    assert_eq!(active_text(), "...", "focus returns to the button");
    button.click();
    tick().await;
    let edit: HtmlElement = root
        .query_selector("[role=menuitem]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    edit.click();
    tick().await;
    assert_eq!(edits.get(), 1);
    assert!(root.query_selector("[role=menu]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn confirm_dialog_focuses_cancel_and_escape_cancels() {
    let root = mount();
    let cancelled = Rc::new(Cell::new(false));
    let flag = cancelled.clone();
    let props = exempt_app::components::dialog::ConfirmProps {
        title: "Delete exemption".into(),
        message: "Delete it?".into(),
        confirm_label: "Delete".into(),
        on_confirm: Callback::noop(),
        on_cancel: Callback::from(move |_| flag.set(true)),
    };
    yew::Renderer::<ConfirmDialog>::with_root_and_props(root.clone(), props).render();
    tick().await;
    let dialog = root.query_selector("[role=dialog]").unwrap().unwrap();
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    assert_eq!(active_text(), "Cancel");
    key(&dialog, "Escape");
    assert!(cancelled.get());
}

/// Approve and Reject on one's own request: disabled, the reason shown
/// and named by the items, and a click decides nothing.
#[wasm_bindgen_test]
async fn row_menu_refuses_a_decision_on_ones_own_request_with_the_reason() {
    let root = mount();
    let decided = Rc::new(Cell::new(0));
    let counted = decided.clone();
    let props = exempt_app::components::menu::RowMenuProps {
        label: "Shop assets".into(),
        described_by: "name-2".into(),
        on_edit: Callback::noop(),
        on_delete: Callback::noop(),
        on_renew: None,
        decide: Some(exempt_app::components::menu::Decide {
            on_decide: Callback::from(move |_| counted.set(counted.get() + 1)),
            refused: Some("You asked for this exemption: someone else decides.".into()),
        }),
    };
    yew::Renderer::<RowMenu>::with_root_and_props(root.clone(), props).render();
    tick().await;
    let button: HtmlElement = root
        .query_selector("button")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    button.click();
    tick().await;
    let approve: HtmlElement = root
        .query_selector("[role=menuitem][aria-disabled=true]")
        .unwrap()
        .expect("a disabled item")
        .dyn_into()
        .unwrap();
    assert_eq!(approve.text_content().as_deref(), Some("Approve"));
    assert_eq!(
        approve.get_attribute("aria-describedby").as_deref(),
        Some("menu-refused")
    );
    let note = root
        .query_selector("#menu-refused")
        .unwrap()
        .expect("the reason");
    assert!(note
        .text_content()
        .unwrap()
        .contains("someone else decides"));
    approve.click();
    tick().await;
    assert_eq!(decided.get(), 0);
}

fn rules() -> Rc<Rules> {
    Rc::new(Rules {
        taken: vec!["taken".into()],
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        policy: Default::default(),
    })
}

#[wasm_bindgen_test]
fn wizard_refuses_next_until_basics_are_valid() {
    let s = Rc::new(WizardState::new(Draft::default(), None));
    let s = yew::Reducible::reduce(s, WizardAction::Next(rules()));
    assert_eq!(s.step, Step::Basics);
    assert_eq!(s.first_error(), Some(Field::Name));
    assert_eq!(s.focus, 1);
    assert!(s.errors.contains_key(&Field::Scopes) && s.errors.contains_key(&Field::Category));

    let s = yew::Reducible::reduce(s, WizardAction::SetName("Taken".into()));
    assert!(
        !s.errors.contains_key(&Field::Name),
        "editing a field clears its error"
    );
    let s = yew::Reducible::reduce(s, WizardAction::ToggleScope("/subscriptions/x".into()));
    let s = yew::Reducible::reduce(s, WizardAction::SetCategory(ExemptionCategory::Waiver));
    let s = yew::Reducible::reduce(s, WizardAction::Next(rules()));
    assert!(s.errors[&Field::Name].contains("already exists"));

    let s = yew::Reducible::reduce(s, WizardAction::SetName("Fresh".into()));
    let s = yew::Reducible::reduce(s, WizardAction::SetExpiry("2026-11-23".into()));
    let s = yew::Reducible::reduce(s, WizardAction::Next(rules()));
    assert_eq!(
        s.first_error(),
        Some(Field::Expiry),
        "yesterday is in the past"
    );
    let s = yew::Reducible::reduce(s, WizardAction::SetExpiry("2026-11-24".into()));
    let s = yew::Reducible::reduce(s, WizardAction::Next(rules()));
    assert_eq!(
        s.step,
        Step::Recommendations,
        "today is valid: it lasts through the day"
    );

    let s = yew::Reducible::reduce(s, WizardAction::GoTo(Step::Review, rules()));
    assert_eq!(s.step, Step::Recommendations, "cannot skip an invalid step");
    assert_eq!(s.first_error(), Some(Field::Recommendations));
    let s = yew::Reducible::reduce(s, WizardAction::SetMode(TargetMode::Category));
    let s = yew::Reducible::reduce(s, WizardAction::SetTargetCategory("Compute".into()));
    let s = yew::Reducible::reduce(s, WizardAction::Next(rules()));
    assert_eq!(s.step, Step::Review);
    let e = s.draft.to_exemption(None).unwrap();
    assert_eq!(
        e.expires_on.unwrap().to_rfc3339(),
        "2026-11-25T00:00:00+00:00"
    );
}

#[wasm_bindgen_test]
fn changing_cloud_clears_scopes_and_recommendations() {
    let s = Rc::new(WizardState::new(Draft::default(), None));
    let s = yew::Reducible::reduce(s, WizardAction::ToggleScope("/subscriptions/x".into()));
    let s = yew::Reducible::reduce(s, WizardAction::ToggleKey("k1".into()));
    let s = yew::Reducible::reduce(s, WizardAction::SetCloud(exempt_core::Cloud::Aws));
    assert!(s.draft.scopes.is_empty() && s.draft.keys.is_empty());
    let s = yew::Reducible::reduce(s, WizardAction::ToggleKey("K1".into()));
    let s = yew::Reducible::reduce(s, WizardAction::ToggleKey("k1".into()));
    assert!(
        s.draft.keys.is_empty(),
        "toggling compares keys without case"
    );
}

#[wasm_bindgen_test]
fn unreadable_text_is_kept_aside_under_a_key_of_its_own() {
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    local.clear().unwrap();
    assert_eq!(
        storage::keep_aside("{truncated").as_deref(),
        Some(storage::BACKUP_KEY)
    );
    assert_eq!(
        storage::keep_aside("{truncated").as_deref(),
        Some(storage::BACKUP_KEY),
        "the same text is kept once"
    );
    let second = storage::keep_aside("{second failure").expect("kept");
    assert_ne!(
        second,
        storage::BACKUP_KEY,
        "the first copy is never overwritten"
    );
    assert_eq!(
        local.get_item(storage::BACKUP_KEY).unwrap().as_deref(),
        Some("{truncated")
    );
    assert_eq!(
        local.get_item(&second).unwrap().as_deref(),
        Some("{second failure")
    );
    assert_eq!(storage::document_key("demo"), "exempt.document");
    assert_eq!(storage::document_key("large"), "exempt.document.large");
    local.clear().unwrap();
}

#[wasm_bindgen_test]
fn drafts_belong_to_their_tab_and_others_are_offered() {
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    local.clear().unwrap();
    drafts::save(TAB, None, "mine").unwrap();
    assert_eq!(drafts::load(TAB, None).as_deref(), Some("mine"));
    assert!(drafts::others(TAB, None).is_empty());
    // Another tab's draft, and one from an earlier version of the app.
    local
        .set_item("exempt.draft.othertab.new", "theirs")
        .unwrap();
    local.set_item("exempt.draft.new", "legacy").unwrap();
    local
        .set_item("exempt.draft.othertab.edit.x", "an edit")
        .unwrap();
    let mut offered: Vec<String> = drafts::others(TAB, None)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    offered.sort();
    assert_eq!(offered, ["legacy", "theirs"]);
    assert_eq!(
        drafts::load(TAB, None).as_deref(),
        Some("mine"),
        "never taken silently"
    );
    let adopted = drafts::adopt(TAB, "exempt.draft.othertab.new", None).unwrap();
    assert_eq!(adopted, "theirs");
    assert_eq!(drafts::load(TAB, None).as_deref(), Some("theirs"));
    assert!(local
        .get_item("exempt.draft.othertab.new")
        .unwrap()
        .is_none());
    assert_eq!(drafts::others(TAB, Some("x")).len(), 1);
    local.clear().unwrap();
}

fn roundtrip(answer: Answer) -> Answer {
    let bytes = protocol::encode(&protocol::ToPage::Reply(protocol::Reply {
        id: 7,
        answer: Ok(answer),
    }));
    match protocol::decode::<protocol::ToPage>(&bytes).expect("decodes") {
        protocol::ToPage::Reply(r) => r.answer.expect("an answer"),
        other => panic!("{other:?}"),
    }
}

fn ask(engine: &mut Engine, request: Request) -> Answer {
    // Every request and answer crosses the boundary as bytes, as in the app.
    let bytes = protocol::encode(&protocol::Envelope { id: 1, request });
    let envelope: protocol::Envelope = protocol::decode(&bytes).unwrap();
    let answer = engine.answer(envelope.request).expect("answered");
    let back = roundtrip(answer.clone());
    assert_eq!(back, answer, "every answer survives the wire");
    back
}

#[wasm_bindgen_test]
fn the_worker_engine_answers_every_page_over_the_wire() {
    let mut engine = Engine::default();
    engine.load_environment(&EnvironmentChoice::Demo).unwrap();
    let demo = exempt_core::demo::EXEMPTIONS.1;
    let file = exempt_core::ExemptionFile::parse(demo).unwrap();
    assert!(matches!(
        ask(
            &mut engine,
            Request::Open {
                environment: EnvironmentChoice::Demo,
                document: None,
                seed: false,
            }
        ),
        Answer::Opened(_)
    ));
    for (i, mut e) in file.exemptions.into_iter().enumerate() {
        e.id = Some(format!("id-{i}"));
        ask(&mut engine, Request::Edit(Edit::Create(e.clone())));
    }
    while engine.review_step().is_some() {}
    let Answer::Overview(o) = ask(&mut engine, Request::Overview(None)) else {
        panic!()
    };
    assert!(o.secure_score.percentage > o.without_exemptions.percentage);
    let Answer::Gap(g) = ask(&mut engine, Request::Gap(None)) else {
        panic!()
    };
    assert!(!g.top.is_empty());
    let Answer::Recommendations(p) = ask(
        &mut engine,
        Request::Recommendations {
            query: RecommendationQuery::default(),
            offset: 0,
            limit: 5,
        },
    ) else {
        panic!()
    };
    assert_eq!(p.rows.len(), 5);
    let k = p.rows[0].recommendation;
    let key = p.rows[0].key.clone();
    assert!(matches!(
        ask(&mut engine, Request::Recommendation(key)),
        Answer::Recommendation(_)
    ));
    let Answer::Resources(r) = ask(
        &mut engine,
        Request::Resources {
            recommendation: k,
            status: Status::Unhealthy,
            offset: 0,
            limit: 3,
        },
    ) else {
        panic!()
    };
    let a = r.rows[0].assessment;
    assert!(matches!(
        ask(&mut engine, Request::Explain(a)),
        Answer::Explain(_)
    ));
    assert!(
        matches!(ask(&mut engine, Request::EnvironmentTree), Answer::EnvironmentTree(t) if !t.is_empty())
    );
    let Answer::Exemptions(rows) = ask(
        &mut engine,
        Request::Exemptions {
            query: ExemptionQuery::default(),
            offset: 0,
            limit: 50,
        },
    ) else {
        panic!()
    };
    assert!(rows.findings_ready);
    assert!(matches!(
        ask(&mut engine, Request::Findings(10)),
        Answer::Findings(_)
    ));
    assert!(
        matches!(ask(&mut engine, Request::ScopeTree(Cloud::Azure)), Answer::ScopeTree(t) if !t.is_empty())
    );
    assert!(matches!(
        ask(
            &mut engine,
            Request::ScopeSearch {
                cloud: Cloud::Azure,
                text: "vm".into(),
                limit: 10
            }
        ),
        Answer::Scopes(_)
    ));
    assert!(matches!(
        ask(
            &mut engine,
            Request::Targets {
                cloud: Cloud::Azure,
                scopes: vec![]
            }
        ),
        Answer::Targets(_)
    ));
    let draft = rows.page.rows[0].clone();
    let json = ask(&mut engine, Request::Exemption(draft.id.clone().unwrap()));
    let Answer::Exemption(detail) = json else {
        panic!()
    };
    assert!(matches!(
        ask(
            &mut engine,
            Request::Review {
                draft: exempt_core::exemption::parse_one(
                    &serde_json::from_str(&detail.json).unwrap()
                )
                .unwrap(),
                editing: draft.id.clone()
            }
        ),
        Answer::Review(_)
    ));
    assert!(
        matches!(ask(&mut engine, Request::History { text: String::new(), limit: 10 }), Answer::History(h) if !h.rows.is_empty())
    );
    // Saving: the merge hands back the text to write.
    let Answer::Merge(MergeOutcome::Write { text, .. }) = ask(
        &mut engine,
        Request::Merge {
            stored: None,
            unreadable_kept: false,
        },
    ) else {
        panic!()
    };
    assert!(text.contains("\"schema\":4"));
    ask(&mut engine, Request::Saved(true));
    let summary: Summary = engine.summary();
    assert!(!summary.status.dirty);
    let bytes = protocol::encode(&protocol::ToPage::Event(protocol::Event::State(Box::new(
        summary.clone(),
    ))));
    assert!(
        matches!(protocol::decode::<protocol::ToPage>(&bytes).unwrap(), protocol::ToPage::Event(protocol::Event::State(s)) if *s == summary)
    );
}

#[wasm_bindgen_test]
fn saving_state_is_never_shown_as_saved_when_it_is_not() {
    use exempt_app::state::{Action, AppState, SaveStatus};
    let s = Rc::new(AppState::default());
    let s = yew::Reducible::reduce(s, Action::Saving);
    assert_eq!(s.save, SaveStatus::Saving);
    let s = yew::Reducible::reduce(
        s,
        Action::SaveFailed("the browser's storage is full".into()),
    );
    assert!(s.save.losing());
    let s = yew::Reducible::reduce(s, Action::Unavailable("blocked".into()));
    let s = yew::Reducible::reduce(s, Action::Saving);
    assert_eq!(
        s.save,
        SaveStatus::Unavailable("blocked".into()),
        "nothing can change an unavailable storage into a saving one"
    );
    let s = yew::Reducible::reduce(s, Action::Choose(EnvironmentChoice::Large));
    assert_eq!(s.open_generation, 1);
}
