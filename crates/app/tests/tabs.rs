//! A tab's id in a real headless Chromium: a copy of another live tab's id
//! (a tab opened from it, or duplicated, starts with its session storage)
//! is given up for one of its own.
#![cfg(target_arch = "wasm32")]

use exempt_app::storage::{drafts, locks};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_tab_id_another_live_tab_holds_is_replaced() {
    let session = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    // Copied with the session storage of the tab it was opened from, which
    // is still open and holds the id's lock.
    session.set_item("exempt.tab", "copiedtab").unwrap();
    assert!(locks::hold_for_page("exempt.tab.copiedtab").await);
    let own = drafts::claim_tab().await;
    assert_ne!(own, "copiedtab");
    assert_eq!(session.get_item("exempt.tab").unwrap(), Some(own.clone()));
    assert!(
        !locks::hold_for_page(&format!("exempt.tab.{own}")).await,
        "the new id is held for as long as the page lives"
    );
}
