//! Wizard drafts, one per tab and per exemption: a draft belongs to the tab
//! that typed it (and survives that tab's reload, through the tab's id in
//! sessionStorage), while another tab's unfinished draft is only offered,
//! never taken silently.

use super::{local, write};

const TAB_KEY: &str = "exempt.tab";
const PREFIX: &str = "exempt.draft.";

/// This tab's id: kept in sessionStorage, which a reload keeps and a new tab
/// does not share.
pub fn tab_id() -> String {
    let session = web_sys::window().and_then(|w| w.session_storage().ok().flatten());
    if let Some(id) = session
        .as_ref()
        .and_then(|s| s.get_item(TAB_KEY).ok().flatten())
    {
        return id;
    }
    let id = format!("{:x}", (js_sys::Math::random() * 4_294_967_296.0) as u64);
    if let Some(s) = session {
        let _ = s.set_item(TAB_KEY, &id);
    }
    id
}

fn target(editing: Option<&str>) -> String {
    match editing {
        None => "new".to_string(),
        Some(id) => format!("edit.{id}"),
    }
}

fn key(editing: Option<&str>) -> String {
    format!("{PREFIX}{}.{}", tab_id(), target(editing))
}

/// This tab's draft for a new exemption (`None`) or for an edit.
pub fn load(editing: Option<&str>) -> Option<String> {
    local().ok()?.get_item(&key(editing)).ok().flatten()
}

/// Keeps this tab's draft, or says why it could not.
pub fn save(editing: Option<&str>, text: &str) -> Result<(), String> {
    write(&key(editing), text)
}

/// Forgets this tab's draft.
pub fn clear(editing: Option<&str>) {
    super::remove(&key(editing));
}

/// Other tabs' drafts for the same exemption (or for a new one), by key.
pub fn others(editing: Option<&str>) -> Vec<(String, String)> {
    let Ok(store) = local() else {
        return Vec::new();
    };
    let mine = key(editing);
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
pub fn adopt(other_key: &str, editing: Option<&str>) -> Result<String, String> {
    let text = super::read(other_key)?.ok_or("that draft is gone")?;
    save(editing, &text)?;
    super::remove(other_key);
    Ok(text)
}
