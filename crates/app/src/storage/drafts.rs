//! Wizard drafts, one per tab and per exemption: a draft belongs to the tab
//! that typed it (and survives that tab's reload, through the tab's id in
//! sessionStorage), while another tab's unfinished draft is only offered,
//! never taken silently.

use super::{local, locks, write};

const TAB_KEY: &str = "exempt.tab";
const PREFIX: &str = "exempt.draft.";

fn session() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

fn new_tab_id() -> String {
    let id = format!("{:x}", (js_sys::Math::random() * 4_294_967_296.0) as u64);
    if let Some(s) = session() {
        let _ = s.set_item(TAB_KEY, &id);
    }
    id
}

/// This tab's id as sessionStorage keeps it (a reload keeps it, a new tab
/// does not share it), or a new one.
fn stored_tab_id() -> String {
    match session().and_then(|s| s.get_item(TAB_KEY).ok().flatten()) {
        Some(id) => id,
        None => new_tab_id(),
    }
}

fn tab_lock(id: &str) -> String {
    format!("{TAB_KEY}.{id}")
}

/// Makes this tab's id its own. A tab opened from another one (or
/// duplicated) starts with a copy of its session storage, id included, and
/// would take that tab's drafts for its own: while the other tab lives and
/// holds the id's lock, this one takes a new id. Called once per page
/// (the page's state keeps the id; without session storage it is the one
/// id of the page's life); drafts are read and written under it.
pub async fn claim_tab() -> String {
    let id = stored_tab_id();
    if locks::hold_for_page(&tab_lock(&id)).await {
        return id;
    }
    // After a reload, the page before may still hold the lock for a moment.
    if reloaded() {
        for _ in 0..20 {
            pause(25).await;
            if locks::hold_for_page(&tab_lock(&id)).await {
                return id;
            }
        }
    }
    let fresh = new_tab_id();
    locks::hold_for_page(&tab_lock(&fresh)).await;
    fresh
}

fn reloaded() -> bool {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return false;
    };
    let entry = performance.get_entries_by_type("navigation").get(0);
    js_sys::Reflect::get(&entry, &"type".into())
        .ok()
        .and_then(|t| t.as_string())
        .is_some_and(|t| t == "reload")
}

async fn pause(ms: u32) {
    let (tx, rx) = futures_channel::oneshot::channel::<()>();
    let _timer = gloo_timers::callback::Timeout::new(ms, move || {
        let _ = tx.send(());
    });
    let _ = rx.await;
}

fn target(editing: Option<&str>) -> String {
    match editing {
        None => "new".to_string(),
        Some(id) => format!("edit.{id}"),
    }
}

fn key(tab: &str, editing: Option<&str>) -> String {
    format!("{PREFIX}{tab}.{}", target(editing))
}

/// Tab `tab`'s draft for a new exemption (`None`) or for an edit.
pub fn load(tab: &str, editing: Option<&str>) -> Option<String> {
    local().ok()?.get_item(&key(tab, editing)).ok().flatten()
}

/// Keeps tab `tab`'s draft, or says why it could not.
pub fn save(tab: &str, editing: Option<&str>, text: &str) -> Result<(), String> {
    write(&key(tab, editing), text)
}

/// Forgets tab `tab`'s draft.
pub fn clear(tab: &str, editing: Option<&str>) {
    super::remove(&key(tab, editing));
}

/// Other tabs' drafts for the same exemption (or for a new one), by key.
pub fn others(tab: &str, editing: Option<&str>) -> Vec<(String, String)> {
    let Ok(store) = local() else {
        return Vec::new();
    };
    let mine = key(tab, editing);
    let wanted = target(editing);
    let legacy = format!("{PREFIX}{wanted}");
    let n = store.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| store.key(i).ok().flatten())
        .filter(|k| k != &mine)
        .filter(|k| {
            // `exempt.draft.<tab>.<target>`, or an earlier version's
            // `exempt.draft.<target>`.
            *k == legacy
                || k.strip_prefix(PREFIX)
                    .and_then(|rest| rest.split_once('.'))
                    .is_some_and(|(_, t)| t == wanted)
        })
        .filter_map(|k| {
            let text = store.get_item(&k).ok().flatten()?;
            Some((k, text))
        })
        .collect()
}

/// Takes another tab's draft: this tab now owns it, and it is no longer
/// offered elsewhere.
pub fn adopt(tab: &str, other_key: &str, editing: Option<&str>) -> Result<String, String> {
    let text = super::read(other_key)?.ok_or("that draft is gone")?;
    save(tab, editing, &text)?;
    super::remove(other_key);
    Ok(text)
}
