//! The only code that touches the browser's storage.
//!
//! localStorage holds small things: each environment's exemption document
//! (`exempt.document` for the demo, `exempt.document.<environment>` for the
//! others), the chosen environment (`exempt.settings`), the name recorded
//! as requester and approver (`exempt.identity`), and wizard drafts.
//! Every write of a document is a read-modify-write under a lock the tabs
//! share ([`locks`]), which first waits for the last save's text to reach
//! this tab ([`written`]); the merge itself runs in the worker. Text that cannot
//! be read is copied aside before anything is written over it.

pub mod drafts;
pub mod environments;
pub mod idb;
pub mod identity;
pub mod locks;
pub mod written;

use web_sys::Storage;

/// The demo's document key (the key of every earlier version of the app).
pub const DOCUMENT_KEY: &str = "exempt.document";
/// Where unreadable text is kept.
pub const BACKUP_KEY: &str = "exempt.document.backup";
/// The chosen environment.
pub const SETTINGS_KEY: &str = "exempt.settings";

/// The document key of an environment.
pub fn document_key(environment: &str) -> String {
    if environment == "demo" {
        DOCUMENT_KEY.to_string()
    } else {
        format!("{DOCUMENT_KEY}.{environment}")
    }
}

fn local() -> Result<Storage, String> {
    web_sys::window()
        .ok_or("no window")?
        .local_storage()
        .map_err(|_| "the browser refuses access to local storage".to_string())?
        .ok_or_else(|| "local storage is disabled in this browser".to_string())
}

/// Whether storage can be used at all, and why not.
pub fn available() -> Result<(), String> {
    let store = local()?;
    // Partitioned or blocked storage (a third-party frame, a private mode)
    // can refuse writes even when it can be read.
    let probe = "exempt.probe";
    store
        .set_item(probe, "1")
        .map_err(|_| "the browser does not let this page store anything here".to_string())?;
    let _ = store.remove_item(probe);
    Ok(())
}

/// The text under `key`, if any.
pub fn read(key: &str) -> Result<Option<String>, String> {
    local()?
        .get_item(key)
        .map_err(|_| "the browser refused to read local storage".to_string())
}

/// Writes `text` under `key` whole, or says why it could not.
pub fn write(key: &str, text: &str) -> Result<(), String> {
    local()?.set_item(key, text).map_err(|e| {
        let name = js_sys::Reflect::get(&e, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if name == "QuotaExceededError" {
            "the browser's storage is full".to_string()
        } else {
            "the browser refused to save".to_string()
        }
    })
}

/// Removes `key`.
pub fn remove(key: &str) {
    if let Ok(s) = local() {
        let _ = s.remove_item(key);
    }
}

/// Copies unreadable text to a backup key that holds nothing else: the
/// usual one, or one named after the time if that holds other text. Returns
/// the key, or `None` when the copy could not be made.
pub fn keep_aside(raw: &str) -> Option<String> {
    let store = local().ok()?;
    let key = match store.get_item(BACKUP_KEY).ok().flatten() {
        None => BACKUP_KEY.to_string(),
        Some(kept) if kept == raw => return Some(BACKUP_KEY.to_string()),
        Some(_) => {
            // Another copy is kept already; this one gets a key of its own.
            let mut key = format!("{BACKUP_KEY}.{}", js_sys::Date::now() as u64);
            while store
                .get_item(&key)
                .ok()
                .flatten()
                .is_some_and(|t| t != raw)
            {
                key.push('_');
            }
            key
        }
    };
    store.set_item(&key, raw).ok().map(|()| key)
}

/// The chosen environment's name.
pub fn environment() -> Option<String> {
    let text = read(SETTINGS_KEY).ok().flatten()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["environment"].as_str().map(str::to_string)
}

/// Remembers the chosen environment.
pub fn set_environment(name: &str) -> Result<(), String> {
    write(
        SETTINGS_KEY,
        &serde_json::json!({"environment": name}).to_string(),
    )
}

/// The key of a `storage` event, when another tab changed a document or
/// the settings, and the text that key holds now. Not the event's own
/// text: events arrive after the fact, and one can arrive after this tab's
/// own later save, whose text then holds both tabs' changes; taking in the
/// event's older text would read as a deletion of what this tab added.
pub fn changed(event: &web_sys::StorageEvent) -> Option<(String, Option<String>)> {
    let key = event.key()?;
    (key == SETTINGS_KEY
        || key == identity::IDENTITY_KEY
        || key == environments::ENVIRONMENTS_KEY
        || key == DOCUMENT_KEY
        || key.starts_with(&format!("{DOCUMENT_KEY}.")))
    .then(|| {
        let now = read(&key).unwrap_or_else(|_| event.new_value());
        (key, now)
    })
}
