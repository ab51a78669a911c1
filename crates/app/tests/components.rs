//! Components and app logic in a real headless Chromium: rendered into a
//! node, given a tick to render, then inspected through the DOM.
#![cfg(target_arch = "wasm32")]

use exempt_app::components::dialog::ConfirmDialog;
use exempt_app::components::menu::RowMenu;
use exempt_app::components::score::ScoreCard;
use exempt_app::storage;
use exempt_app::wizard::model::{Draft, Field, Rules, Step, TargetMode};
use exempt_app::wizard::reducer::{WizardAction, WizardState};
use exempt_core::document::{Document, Record};
use exempt_core::{ExemptionCategory, Score};
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

fn rules() -> Rc<Rules> {
    Rc::new(Rules {
        taken: vec!["taken".into()],
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
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
fn storage_keeps_unreadable_text_aside() {
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    local.clear().unwrap();
    assert!(
        matches!(storage::load(), storage::Loaded::Ready { ref document, migrated_from: None } if document.exemptions.is_empty())
    );

    let text = r#"{"exemptions": [{"name": "A", "cloud": "Azure", "scopes": ["/subscriptions/s"], "category": "waiver", "recommendations": ["k"]}]}"#;
    let file = exempt_core::ExemptionFile::parse(text).unwrap();
    let doc = Document {
        exemptions: file
            .exemptions
            .into_iter()
            .map(|exemption| Record {
                exemption,
                revision: 4,
            })
            .collect(),
        settings: Default::default(),
        history: Vec::new(),
    };
    storage::save(&doc).unwrap();
    assert_eq!(
        storage::load(),
        storage::Loaded::Ready {
            document: doc,
            migrated_from: None
        }
    );

    local.set_item(storage::DOCUMENT_KEY, "{truncated").unwrap();
    assert!(
        matches!(storage::load(), storage::Loaded::Recovered { ref raw, .. } if raw == "{truncated")
    );
    assert_eq!(
        local.get_item(storage::BACKUP_KEY).unwrap().as_deref(),
        Some("{truncated")
    );
    local
        .set_item(storage::DOCUMENT_KEY, "{second failure")
        .unwrap();
    storage::load();
    assert_eq!(
        local.get_item(storage::BACKUP_KEY).unwrap().as_deref(),
        Some("{truncated"),
        "the first backup is never overwritten"
    );
    let second = (0..local.length().unwrap())
        .filter_map(|i| local.key(i).unwrap())
        .find(|k| k.starts_with(&format!("{}.", storage::BACKUP_KEY)))
        .expect("the second unreadable text has a backup key of its own");
    assert_eq!(
        local.get_item(&second).unwrap().as_deref(),
        Some("{second failure")
    );
    local.clear().unwrap();
}

#[wasm_bindgen_test]
fn every_change_is_kept_in_the_history() {
    use exempt_app::state::{Action, AppState};
    use exempt_core::document::Change;
    let at = |d: u32| {
        chrono::NaiveDate::from_ymd_opt(2026, 11, d)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
            .and_utc()
    };
    let text = r#"{"exemptions": [{"id": "x", "name": "A", "cloud": "Azure", "scopes": ["/subscriptions/s"], "category": "waiver", "recommendations": ["k"]}]}"#;
    let exemption = exempt_core::ExemptionFile::parse(text)
        .unwrap()
        .exemptions
        .remove(0);
    let s = Rc::new(AppState::default());
    let s = yew::Reducible::reduce(
        s,
        Action::Create(
            Record {
                exemption: exemption.clone(),
                revision: 1,
            },
            at(1),
        ),
    );
    let mut edited = exemption.clone();
    edited.name = "B".into();
    edited.category = ExemptionCategory::Mitigated;
    let s = yew::Reducible::reduce(
        s,
        Action::Update(
            Record {
                exemption: edited,
                revision: 2,
            },
            at(2),
        ),
    );
    let s = yew::Reducible::reduce(
        s,
        Action::Renew {
            id: "x".into(),
            expires_on: at(30),
            justification: "Still needed".into(),
            at: at(3),
        },
    );
    assert_eq!(s.records[0].revision, 3);
    assert_eq!(
        s.records[0].exemption.description.as_deref(),
        Some("Still needed")
    );
    let s = yew::Reducible::reduce(s, Action::Delete("x".into(), at(4)));
    assert!(s.records.is_empty());
    let s = yew::Reducible::reduce(s, Action::Undo(at(5)));
    assert_eq!(s.records.len(), 1);
    let changes: Vec<Change> = s.history.iter().map(|h| h.change.clone()).collect();
    assert_eq!(
        changes,
        [
            Change::Created,
            Change::Edited {
                fields: vec!["name".into(), "category".into()]
            },
            Change::Renewed {
                from: None,
                to: "2026-11-30T09:00:00Z".into()
            },
            Change::Deleted,
            Change::Restored,
        ]
    );
    assert_eq!(s.history[3].name, "B");
    assert_eq!(s.saved_revision, s.revision, "local changes are saved");
}
