//! Two tabs, one stored document: every interleaving of edits and saves
//! keeps both tabs' work, and whatever cannot be merged is held as a
//! conflict with both versions rather than dropped.

use chrono::{TimeZone, Utc};
use exempt_core::document::{
    decode, encode, repair, Change, Decoded, Document, Edit, EditOutcome, MergeOutcome, Record,
    Store,
};
use exempt_core::{Cloud, Exemption, ExemptionCategory, Target};

fn at() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap()
}

fn exemption(id: &str, name: &str) -> Exemption {
    let mut e = Exemption::new(
        name,
        Cloud::Azure,
        vec!["/subscriptions/s".into()],
        ExemptionCategory::Waiver,
        Target::Recommendations(vec!["k".into()]),
    );
    e.id = Some(id.into());
    e
}

/// A tab: a store loaded from storage.
fn open(storage: &Option<String>) -> Store {
    match decode(storage.as_deref()) {
        Decoded::Current(d) | Decoded::Migrated { document: d, .. } => Store::new(d),
        _ => Store::new(Document::default()),
    }
}

/// Saves a tab into storage (read, merge, write), as the page does under
/// the shared lock.
fn save(tab: &mut Store, storage: &mut Option<String>) -> usize {
    match tab.merge_for_save(storage.as_deref(), false) {
        MergeOutcome::Write {
            text, conflicts, ..
        } => {
            *storage = Some(text);
            tab.saved();
            conflicts
        }
        MergeOutcome::Unreadable { reason } => panic!("{reason}"),
        MergeOutcome::Clean => panic!("a store always merges"),
    }
}

fn names(tab: &Store) -> Vec<String> {
    tab.document()
        .exemptions
        .iter()
        .map(|r| r.exemption.name.clone())
        .collect()
}

#[test]
fn two_tabs_creating_at_once_keep_both() {
    let mut storage = None;
    let mut a = open(&storage);
    let mut b = open(&storage);
    a.apply(Edit::Create(exemption("1", "From A")), at())
        .unwrap();
    b.apply(Edit::Create(exemption("2", "From B")), at())
        .unwrap();
    save(&mut a, &mut storage);
    save(&mut b, &mut storage);
    assert_eq!(names(&open(&storage)), ["From A", "From B"]);
    assert_eq!(names(&b), ["From A", "From B"]);
    // A hears of B's write.
    a.take_external(storage.as_deref()).unwrap();
    assert_eq!(names(&a), ["From A", "From B"]);
    assert!(!a.dirty());
    let stored = open(&storage);
    let created = stored
        .document()
        .history
        .iter()
        .filter(|h| h.change == Change::Created)
        .count();
    assert_eq!(created, 2, "both tabs' history is kept");
}

#[test]
fn the_same_exemption_edited_in_two_tabs_is_a_conflict_not_a_loss() {
    let mut storage = None;
    let mut a = open(&storage);
    a.apply(Edit::Create(exemption("1", "Shared")), at())
        .unwrap();
    save(&mut a, &mut storage);
    let mut b = open(&storage);
    let mut mine = exemption("1", "Shared");
    mine.description = Some("B's reason".into());
    let mut theirs = exemption("1", "Shared");
    theirs.description = Some("A's reason".into());
    a.apply(
        Edit::Update {
            exemption: theirs,
            base_revision: 1,
            overwrite: false,
        },
        at(),
    )
    .unwrap();
    b.apply(
        Edit::Update {
            exemption: mine,
            base_revision: 1,
            overwrite: false,
        },
        at(),
    )
    .unwrap();
    save(&mut a, &mut storage);
    assert_eq!(save(&mut b, &mut storage), 1);
    // Storage keeps A's; B holds its own as a conflict, with both values.
    let stored = open(&storage);
    assert_eq!(
        stored.record("1").unwrap().exemption.description.as_deref(),
        Some("A's reason")
    );
    let c = &b.conflicts()[0];
    assert_eq!(c.fields[0].field, "description");
    assert_eq!(
        (c.fields[0].theirs.as_str(), c.fields[0].mine.as_str()),
        ("A's reason", "B's reason")
    );
    // B chooses its own.
    b.apply(
        Edit::Resolve {
            id: "1".into(),
            keep_mine: true,
        },
        at(),
    )
    .unwrap();
    save(&mut b, &mut storage);
    assert_eq!(
        open(&storage)
            .record("1")
            .unwrap()
            .exemption
            .description
            .as_deref(),
        Some("B's reason")
    );
    a.take_external(storage.as_deref()).unwrap();
    assert_eq!(
        a.record("1").unwrap().exemption.description.as_deref(),
        Some("B's reason")
    );
    assert!(a.conflicts().is_empty());
}

#[test]
fn an_edit_started_before_another_tabs_save_asks_first() {
    let mut storage = None;
    let mut a = open(&storage);
    a.apply(Edit::Create(exemption("1", "Shared")), at())
        .unwrap();
    save(&mut a, &mut storage);
    let mut b = open(&storage);
    let mut theirs = exemption("1", "Shared");
    theirs.description = Some("A's".into());
    a.apply(
        Edit::Update {
            exemption: theirs,
            base_revision: 1,
            overwrite: false,
        },
        at(),
    )
    .unwrap();
    save(&mut a, &mut storage);
    b.take_external(storage.as_deref()).unwrap();
    let mut mine = exemption("1", "Shared");
    mine.description = Some("B's".into());
    let outcome = b
        .apply(
            Edit::Update {
                exemption: mine.clone(),
                base_revision: 1,
                overwrite: false,
            },
            at(),
        )
        .unwrap();
    let EditOutcome::Conflict(c) = outcome else {
        panic!("saved over A's change")
    };
    assert_eq!(c.fields[0].theirs, "A's");
    b.apply(
        Edit::Update {
            exemption: mine,
            base_revision: 1,
            overwrite: true,
        },
        at(),
    )
    .unwrap();
    save(&mut b, &mut storage);
    assert_eq!(open(&storage).record("1").unwrap().revision, 3);
}

#[test]
fn a_deletion_does_not_swallow_another_tabs_edit() {
    let mut storage = None;
    let mut a = open(&storage);
    a.apply(Edit::Create(exemption("1", "Shared")), at())
        .unwrap();
    save(&mut a, &mut storage);
    let mut b = open(&storage);
    let mut edited = exemption("1", "Shared");
    edited.description = Some("kept".into());
    a.apply(
        Edit::Update {
            exemption: edited,
            base_revision: 1,
            overwrite: false,
        },
        at(),
    )
    .unwrap();
    save(&mut a, &mut storage);
    b.apply(Edit::Delete("1".into()), at()).unwrap();
    assert_eq!(save(&mut b, &mut storage), 1);
    assert_eq!(names(&open(&storage)), ["Shared"]);
    assert!(b.conflicts()[0].mine.is_none());
}

#[test]
fn a_deletion_elsewhere_is_taken_and_a_failed_save_is_retried_once() {
    let mut storage = None;
    let mut a = open(&storage);
    a.apply(Edit::Create(exemption("1", "One")), at()).unwrap();
    a.apply(Edit::Create(exemption("2", "Two")), at()).unwrap();
    save(&mut a, &mut storage);
    let mut b = open(&storage);
    a.apply(Edit::Delete("1".into()), at()).unwrap();
    save(&mut a, &mut storage);
    b.apply(Edit::Create(exemption("3", "Three")), at())
        .unwrap();
    // The first write fails (full storage): nothing changes in storage.
    let MergeOutcome::Write { .. } = b.merge_for_save(storage.as_deref(), false) else {
        panic!()
    };
    b.save_failed();
    assert!(b.dirty());
    save(&mut b, &mut storage);
    assert_eq!(names(&open(&storage)), ["Two", "Three"]);
    let created = open(&storage)
        .document()
        .history
        .iter()
        .filter(|h| h.change == Change::Created && h.id == "3")
        .count();
    assert_eq!(created, 1, "a retried save writes its history once");
}

#[test]
fn text_this_version_cannot_read_is_never_written_over_unkept() {
    let mut storage = Some(r#"{"schema": 99, "future": true}"#.to_string());
    let mut a = open(&None);
    a.apply(Edit::Create(exemption("1", "One")), at()).unwrap();
    let MergeOutcome::Unreadable { reason } = a.merge_for_save(storage.as_deref(), false) else {
        panic!("would overwrite a newer version's data")
    };
    assert!(reason.contains("newer version"), "{reason}");
    let MergeOutcome::Write { text, .. } = a.merge_for_save(storage.as_deref(), true) else {
        panic!()
    };
    storage = Some(text);
    a.saved();
    assert_eq!(names(&open(&storage)), ["One"]);
    assert_eq!(encode(a.document()), storage.unwrap());
}

#[test]
fn names_stay_unique_and_undo_restores_in_place() {
    let mut a = open(&None);
    a.apply(Edit::Create(exemption("1", "One")), at()).unwrap();
    a.apply(Edit::Create(exemption("2", "Two")), at()).unwrap();
    assert!(a.apply(Edit::Create(exemption("3", "ONE")), at()).is_err());
    a.apply(Edit::Delete("1".into()), at()).unwrap();
    a.apply(Edit::Undo, at()).unwrap();
    assert_eq!(names(&a), ["One", "Two"]);
    assert_eq!(a.record("1").unwrap().revision, 2);
}

#[test]
fn edits_record_old_and_new_values() {
    let mut a = open(&None);
    a.apply(Edit::Create(exemption("1", "One")), at()).unwrap();
    let mut e = exemption("1", "Renamed");
    e.scopes = vec!["/subscriptions/t".into()];
    a.apply(
        Edit::Update {
            exemption: e,
            base_revision: 1,
            overwrite: false,
        },
        at(),
    )
    .unwrap();
    let Change::Edited { fields, changes } = &a.document().history[1].change else {
        panic!()
    };
    assert_eq!(fields, &["name", "scopes"]);
    assert_eq!(changes[0].before, "One");
    assert_eq!(changes[0].after, "Renamed");
    assert_eq!(changes[1].after, serde_json::json!(["/subscriptions/t"]));
}

#[test]
fn an_edit_made_while_the_text_is_written_stays_pending() {
    let mut storage = None;
    let mut a = open(&storage);
    a.apply(Edit::Create(exemption("1", "One")), at()).unwrap();
    let MergeOutcome::Write { text, .. } = a.merge_for_save(storage.as_deref(), false) else {
        panic!()
    };
    // The page is writing `text`; meanwhile the user creates another.
    a.apply(Edit::Create(exemption("2", "Two")), at()).unwrap();
    storage = Some(text);
    a.saved();
    assert!(a.dirty(), "the second exemption is not stored yet");
    save(&mut a, &mut storage);
    assert_eq!(names(&open(&storage)), ["One", "Two"]);
    assert_eq!(open(&storage).document().history.len(), 2);
    assert!(!a.dirty());
}

#[test]
fn starting_empty_deletes_what_this_tab_saw_and_keeps_what_another_tab_made_since() {
    let mut storage = None;
    let mut a = open(&storage);
    a.apply(Edit::Create(exemption("1", "Seeded")), at())
        .unwrap();
    save(&mut a, &mut storage);
    let mut b = open(&storage);
    b.apply(Edit::Create(exemption("2", "Made in B")), at())
        .unwrap();
    save(&mut b, &mut storage);
    // A has not heard of B's exemption when it starts empty.
    a.apply(Edit::DeleteAll, at()).unwrap();
    assert!(names(&a).is_empty());
    save(&mut a, &mut storage);
    assert_eq!(names(&open(&storage)), ["Made in B"]);
    let deleted = open(&storage)
        .document()
        .history
        .iter()
        .filter(|h| h.change == Change::Deleted)
        .count();
    assert_eq!(deleted, 1, "the deletion is in the history");
    // Nothing to undo: Undo brings back single deletions only.
    a.apply(Edit::Undo, at()).unwrap();
    assert_eq!(names(&a), ["Made in B"]);
}

#[test]
fn what_a_tab_saved_survives_a_save_over_text_kept_aside() {
    let mut storage = None;
    let mut a = open(&storage);
    a.apply(Edit::Create(exemption("1", "Before")), at())
        .unwrap();
    save(&mut a, &mut storage);
    // A newer version of the app writes in another tab.
    let newer = r#"{"schema": 99, "exemptions": [["x"]]}"#.to_string();
    assert_eq!(a.take_external(Some(&newer)), None);
    a.apply(Edit::Create(exemption("2", "After")), at())
        .unwrap();
    let MergeOutcome::Unreadable { .. } = a.merge_for_save(Some(&newer), false) else {
        panic!("would overwrite a newer version's data")
    };
    // Once the page has kept the text aside, the text cannot delete anything.
    let MergeOutcome::Write { text, adopted, .. } = a.merge_for_save(Some(&newer), true) else {
        panic!()
    };
    assert_eq!(adopted, 0);
    storage = Some(text);
    a.saved();
    assert!(!a.dirty());
    assert_eq!(names(&a), ["Before", "After"]);
    assert_eq!(names(&open(&storage)), ["Before", "After"]);
    assert_eq!(open(&storage).document().history.len(), 2);
}

/// A tab opening stored text as the app does: mended, and saved at once.
fn open_mended(storage: &Option<String>) -> Store {
    let Decoded::Current(doc) = decode(storage.as_deref()) else {
        panic!()
    };
    let mut tab = Store::new(repair(doc).0);
    tab.mark_dirty();
    tab
}

#[test]
fn broken_stored_rows_are_mended_alike_in_every_tab_and_stay_mended() {
    let row = |id: &str, name: &str| Record {
        exemption: exemption(id, name).into(),
        revision: 1,
    };
    let broken = Document {
        exemptions: vec![
            row("same", "Alpha"),
            row("same", "Beta"),
            row("same", "Gamma"),
            row("d", "Delta"),
            row("e", "DELTA"),
        ],
        ..Document::default()
    };
    let mut storage = Some(encode(&broken));
    let mut a = open_mended(&storage);
    let mut b = open_mended(&storage);
    let ids = |tab: &Store| -> Vec<String> {
        tab.document()
            .exemptions
            .iter()
            .map(|r| r.exemption.id.clone().unwrap())
            .collect()
    };
    assert_eq!(ids(&a), ["same", "same-2", "same-3", "d", "e"]);
    assert_eq!(ids(&a), ids(&b));
    // Saving merges the mended rows with the unmended text: nothing is
    // taken for deleted, nothing broken comes back.
    assert_eq!(save(&mut a, &mut storage), 0);
    let mended = ["Alpha", "Beta", "Gamma", "Delta", "DELTA (2)"];
    assert_eq!(names(&a), mended);
    assert_eq!(names(&open(&storage)), mended);
    assert_eq!(ids(&open(&storage)), ids(&a));
    // B, opened before A saved, edits and deletes the rows it shows.
    let mut beta = exemption("same-2", "Beta, edited");
    beta.description = Some("edited in B".into());
    b.apply(
        Edit::Update {
            exemption: beta,
            base_revision: 1,
            overwrite: false,
        },
        at(),
    )
    .unwrap();
    b.apply(Edit::Delete("same-3".into()), at()).unwrap();
    assert_eq!(save(&mut b, &mut storage), 0);
    let expected = ["Alpha", "Beta, edited", "Delta", "DELTA (2)"];
    assert_eq!(names(&open(&storage)), expected);
    a.take_external(storage.as_deref()).unwrap();
    assert_eq!(names(&a), expected);
    assert!(!a.dirty());
}

#[test]
fn adopting_pairs_by_name_without_case_keeps_ids_and_records_history() {
    let mut tab = Store::new(Document::default());
    tab.apply(Edit::Create(exemption("a", "Legacy VMs")), at())
        .unwrap();
    tab.apply(Edit::Create(exemption("b", "Sandbox")), at())
        .unwrap();
    let mut changed = exemption("elsewhere-1", "legacy vms ");
    changed.description = Some("from the tenant".into());
    let same = exemption("elsewhere-2", "Sandbox");
    let new = exemption("b", "Hub ports");
    let mut ids = 0;
    let done = tab
        .adopt(vec![changed, same, new], at(), || {
            ids += 1;
            format!("fresh-{ids}")
        })
        .unwrap();
    assert_eq!((done.added, done.updated, done.unchanged), (1, 1, 1));
    let held = tab.exemptions();
    assert_eq!(
        held[0].id.as_deref(),
        Some("a"),
        "an update keeps the held id"
    );
    assert_eq!(held[0].description.as_deref(), Some("from the tenant"));
    // The incoming id `b` is taken by another exemption: a fresh one.
    assert_eq!(held[2].id.as_deref(), Some("fresh-1"));
    assert_eq!(held[2].name, "Hub ports");
    let events: Vec<_> = tab
        .document()
        .history
        .iter()
        .map(|h| h.change.clone())
        .collect();
    assert!(
        matches!(&events[2], Change::Edited { fields, .. } if fields.contains(&"description".to_string()))
    );
    assert_eq!(events[3], Change::Created);
    assert_eq!(events.len(), 4, "an unchanged exemption leaves no history");

    // Two incoming with one name: nothing changes.
    let before = tab.document().clone();
    let err = tab
        .adopt(
            vec![exemption("x", "Twin"), exemption("y", "twin")],
            at(),
            || "z".into(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("twin"), "{err}");
    assert_eq!(tab.document(), &before);
}

/// One tab alone, saving twice: a creation time with milliseconds (a
/// browser's clock) is stored as it is held, so the second save finds no
/// change from another tab (it reported every such exemption as one).
#[test]
fn one_tab_saving_again_merges_in_nothing() {
    let mut storage = None;
    let mut tab = open(&storage);
    let when = at() + chrono::Duration::milliseconds(123);
    for (id, name) in [("a", "One"), ("b", "Two")] {
        let mut e = exemption(id, name);
        e.created_on = Some(when);
        e.expires_on = Some(when + chrono::Duration::days(30));
        tab.apply(Edit::Create(e), when).unwrap();
    }
    save(&mut tab, &mut storage);
    tab.apply(Edit::Delete("a".into()), when).unwrap();
    match tab.merge_for_save(storage.as_deref(), false) {
        MergeOutcome::Write {
            text,
            adopted,
            conflicts,
        } => {
            assert_eq!(
                (adopted, conflicts),
                (0, 0),
                "nothing came from another tab"
            );
            storage = Some(text);
            tab.saved();
        }
        other => panic!("{other:?}"),
    }
    let reopened = open(&storage);
    assert_eq!(reopened.exemptions(), tab.exemptions());
}
