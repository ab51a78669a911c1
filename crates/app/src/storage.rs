//! The only module that touches localStorage.
//!
//! One key holds the document (`exempt.document`), written whole after each
//! change: a single `setItem` either replaces the old text or fails and leaves
//! it, so nothing is ever half-written. Wizard drafts have their own keys so
//! that typing does not rewrite every exemption. Text that cannot be read is
//! copied, untouched, to a backup key before anything else is written; if
//! that copy fails, the app does not save at all.

use exempt_core::document::{decode, encode, Decoded, Document};
use web_sys::Storage;

/// The document's key.
pub const DOCUMENT_KEY: &str = "exempt.document";
/// Where unreadable text is kept.
pub const BACKUP_KEY: &str = "exempt.document.backup";
/// The wizard's drafts start with this.
pub const DRAFT_KEY: &str = "exempt.draft";

fn storage() -> Result<Storage, String> {
    web_sys::window()
        .ok_or("no window")?
        .local_storage()
        .map_err(|_| "the browser refuses access to local storage".to_string())?
        .ok_or_else(|| "local storage is disabled in this browser".to_string())
}

/// What loading found.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    /// A usable document (possibly migrated, possibly empty).
    Ready {
        /// The document.
        document: Document,
        /// The schema it was migrated from, if it was.
        migrated_from: Option<u64>,
    },
    /// The stored text was unusable.
    Recovered {
        /// Why it was unusable.
        reason: String,
        /// The text, for the download link.
        raw: String,
        /// The key it was copied to; `None` when it could not be copied (the
        /// app must then not save, or the text would be lost).
        backup: Option<String>,
    },
    /// Storage cannot be used at all.
    Unavailable(String),
}

/// Reads the document, keeping unusable text under the backup key.
pub fn load() -> Loaded {
    let store = match storage() {
        Ok(s) => s,
        Err(e) => return Loaded::Unavailable(e),
    };
    let raw = store.get_item(DOCUMENT_KEY).ok().flatten();
    let reason = match decode(raw.as_deref()) {
        Decoded::Empty => return ready(Document::default(), None),
        Decoded::Current(document) => return ready(document, None),
        Decoded::Migrated { document, from } => return ready(document, Some(from)),
        Decoded::Corrupt(why) => format!("the saved exemptions could not be read ({why})"),
        Decoded::Newer(v) => {
            format!("the saved exemptions were written by a newer version of Exempt (schema {v})")
        }
    };
    let raw = raw.unwrap_or_default();
    Loaded::Recovered {
        reason,
        backup: keep_aside(&store, &raw),
        raw,
    }
}

/// Copies unreadable text to a backup key that holds nothing else: the
/// usual one, or one named after the time if that is taken by other text.
fn keep_aside(store: &Storage, raw: &str) -> Option<String> {
    let key = match store.get_item(BACKUP_KEY).ok().flatten() {
        None => BACKUP_KEY.to_string(),
        Some(kept) if kept == raw => return Some(BACKUP_KEY.to_string()),
        Some(_) => format!("{BACKUP_KEY}.{}", js_sys::Date::now() as u64),
    };
    store.set_item(&key, raw).ok().map(|()| key)
}

fn ready(document: Document, migrated_from: Option<u64>) -> Loaded {
    Loaded::Ready {
        document,
        migrated_from,
    }
}

/// Writes the document whole, or reports why it could not.
pub fn save(document: &Document) -> Result<(), String> {
    let text = encode(document);
    storage()?.set_item(DOCUMENT_KEY, &text).map_err(|e| {
        let name = js_sys::Reflect::get(&e, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if name == "QuotaExceededError" {
            "the browser's storage is full: the last change is shown but not saved".to_string()
        } else {
            "the browser refused to save: the last change is shown but not saved".to_string()
        }
    })
}

/// The document as another tab just saved it, when a `storage` event names
/// the document's key.
pub fn changed_elsewhere(event: &web_sys::StorageEvent) -> Option<Document> {
    if event.key().as_deref() != Some(DOCUMENT_KEY) {
        return None;
    }
    match decode(event.new_value().as_deref()) {
        Decoded::Current(document) | Decoded::Migrated { document, .. } => Some(document),
        Decoded::Empty => Some(Document::default()),
        Decoded::Corrupt(_) | Decoded::Newer(_) => None,
    }
}

/// Where the draft of a new exemption (`None`) or of an edit is kept, so
/// that drafts for different exemptions never replace each other.
fn draft_key(editing: Option<&str>) -> String {
    match editing {
        None => format!("{DRAFT_KEY}.new"),
        Some(id) => format!("{DRAFT_KEY}.edit.{id}"),
    }
}

/// The wizard draft's text, if one is kept.
pub fn load_draft(editing: Option<&str>) -> Option<String> {
    storage().ok()?.get_item(&draft_key(editing)).ok().flatten()
}

/// Keeps the wizard draft; failures are ignored (the draft is a convenience).
pub fn save_draft(editing: Option<&str>, text: &str) {
    if let Ok(s) = storage() {
        let _ = s.set_item(&draft_key(editing), text);
    }
}

/// Forgets the wizard draft.
pub fn clear_draft(editing: Option<&str>) {
    if let Ok(s) = storage() {
        let _ = s.remove_item(&draft_key(editing));
    }
}
