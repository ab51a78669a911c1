//! The list of imported environments (`exempt.environments` in
//! localStorage: names, dates and counts; the environments themselves are in
//! IndexedDB, see [`super::idb`]). Small, so that other tabs hear of an
//! import or a deletion through the `storage` event. Every change is a
//! read-modify-write under a lock the tabs share.

use super::locks::with_lock;
use super::{read, write};
use serde::{Deserialize, Serialize};

/// The list's key.
pub const ENVIRONMENTS_KEY: &str = "exempt.environments";

/// An imported environment, as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stored {
    /// Its id (`env-…`), also its document's key suffix.
    pub id: String,
    /// The name the user gave it.
    pub name: String,
    /// When it was imported (RFC 3339).
    pub imported_on: String,
    /// Assessments.
    pub assessments: u64,
    /// Resources.
    pub resources: u64,
    /// The files it was made from.
    pub files: Vec<String>,
    /// The kept bytes.
    pub bytes: u64,
}

/// The listed environments; an unreadable list reads as empty (the
/// environments are still in IndexedDB, and an import lists them again).
pub fn list() -> Vec<Stored> {
    read(ENVIRONMENTS_KEY)
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

async fn change(edit: impl FnOnce(&mut Vec<Stored>) + 'static) -> Result<Vec<Stored>, String> {
    with_lock(&format!("{ENVIRONMENTS_KEY}.lock"), async move {
        let mut items = list();
        edit(&mut items);
        let text = serde_json::to_string(&items).map_err(|e| e.to_string())?;
        write(ENVIRONMENTS_KEY, &text)?;
        Ok(items)
    })
    .await
}

/// Adds (or replaces, by id) an environment.
pub async fn add(item: Stored) -> Result<Vec<Stored>, String> {
    change(move |items| {
        items.retain(|i| i.id != item.id);
        items.push(item);
    })
    .await
}

/// Removes an environment from the list.
pub async fn remove(id: String) -> Result<Vec<Stored>, String> {
    change(move |items| items.retain(|i| i.id != id)).await
}

/// `navigator.storage.persist()`: asks the browser not to evict what is kept
/// under pressure. Whether it agreed.
pub async fn persist() -> bool {
    let Some(manager) = manager() else {
        return false;
    };
    let Ok(promise) = manager.persist() else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// `navigator.storage.estimate()`: bytes used and available to this site.
pub async fn estimate() -> Option<(f64, f64)> {
    let promise = manager()?.estimate().ok()?;
    let value = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let get = |k: &str| {
        js_sys::Reflect::get(&value, &k.into())
            .ok()
            .and_then(|v| v.as_f64())
    };
    Some((get("usage")?, get("quota")?))
}

fn manager() -> Option<web_sys::StorageManager> {
    Some(web_sys::window()?.navigator().storage())
}
