//! The stored document and the session hold each exemption once, shared:
//! after an edit, a save merged with storage and another tab's write, every
//! exemption the session evaluates is the document's own, not a copy (at
//! 50,000 exemptions a copy is tens of megabytes in the browser's worker).

use chrono::{DateTime, Duration, TimeZone, Utc};
use exempt_core::document::{Edit, MergeOutcome};
use exempt_core::workspace::numbered_ids;
use exempt_core::{demo, Workspace};
use std::sync::Arc;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap()
}

/// Each position's exemption is the same allocation in both.
fn assert_shared(w: &Workspace, after: &str) {
    let held = &w.document().exemptions;
    let evaluated = w.session().unwrap().exemptions();
    assert_eq!(held.len(), evaluated.len(), "{after}");
    for (i, (r, e)) in held.iter().zip(evaluated).enumerate() {
        assert!(
            Arc::ptr_eq(&r.exemption, e),
            "{after}: exemption {i} (“{}”) is held twice",
            e.name
        );
    }
}

/// Merges for a save and reports it written; the text written.
fn save(w: &mut Workspace, stored: Option<&str>, at: DateTime<Utc>) -> String {
    match w.merge_for_save(stored, false, at).unwrap() {
        MergeOutcome::Write { text, .. } => {
            w.saved(true);
            text
        }
        other => panic!("nothing to write: {other:?}"),
    }
}

#[test]
fn edits_saves_and_another_tabs_write_keep_one_copy() {
    let at = start();
    let mut w = Workspace::new(numbered_ids());
    w.set_environment(demo::environment().unwrap(), at);
    w.open(None, Some(demo::exemptions().unwrap().exemptions), at)
        .unwrap();
    assert!(w.document().exemptions.len() > 3);
    assert_shared(&w, "opening");
    let first = save(&mut w, None, at);
    assert_shared(&w, "the first save");

    let mut renamed = w.exemptions()[1].clone();
    renamed.name = "Renamed here".into();
    w.apply(
        Edit::Update {
            exemption: renamed,
            base_revision: w.document().exemptions[1].revision,
            overwrite: false,
        },
        at,
    )
    .unwrap();
    assert_shared(&w, "an edit");
    let second = save(&mut w, Some(&first), at);
    assert_shared(&w, "a save merged with what storage held");

    // Another tab renews one exemption and writes; this tab takes it in.
    let mut other = Workspace::new(numbered_ids());
    other.set_environment(demo::environment().unwrap(), at);
    other.open(Some(&second), None, at).unwrap();
    let id = other.exemptions()[2].id.clone().unwrap();
    other
        .apply(
            Edit::Renew {
                id,
                expires_on: at + Duration::days(90),
                justification: "Renewed in another tab".into(),
            },
            at,
        )
        .unwrap();
    let theirs = save(&mut other, Some(&second), at);
    w.external(Some(&theirs), at).unwrap();
    assert_eq!(
        w.document().exemptions[2].exemption.description.as_deref(),
        Some("Renewed in another tab")
    );
    assert_shared(&w, "another tab's write");
    save_after_external(&mut w, &theirs, at);
}

/// An edit after another tab's write, saved over that write.
fn save_after_external(w: &mut Workspace, stored: &str, at: DateTime<Utc>) {
    let id = w.exemptions()[0].id.clone().unwrap();
    w.apply(Edit::Delete(id), at).unwrap();
    save(w, Some(stored), at);
    assert_shared(w, "a save after another tab's write");
}
