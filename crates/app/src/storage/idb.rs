//! IndexedDB: imported environments (and the generated large one), kept as
//! the core's compact bytes, too large for localStorage. The worker uses it;
//! every write is one transaction, so a failed or full write leaves what was
//! stored as it was.

use idb::{
    Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode, TransactionResult,
};
use wasm_bindgen::{JsCast, JsValue};

const DATABASE: &str = "exempt";
const STORE: &str = "environments";
const VERSION: u32 = 1;

/// Why storage failed, in words a user can act on.
fn say(e: impl std::fmt::Display) -> String {
    let text = e.to_string();
    if text.contains("QuotaExceeded") {
        "the browser's storage is full (free space, or delete an environment in Settings)".into()
    } else {
        format!("the browser's storage refused ({text})")
    }
}

async fn open() -> Result<Database, String> {
    let factory = Factory::new().map_err(|e| format!("IndexedDB is not available here ({e})"))?;
    let mut request = factory.open(DATABASE, Some(VERSION)).map_err(say)?;
    request.on_upgrade_needed(|event| {
        if let Ok(db) = event.database() {
            if !db.store_names().iter().any(|n| n == STORE) {
                let _ = db.create_object_store(STORE, ObjectStoreParams::new());
            }
        }
    });
    request.await.map_err(say)
}

/// Keeps `bytes` under `id`, replacing what was there only once the whole
/// write has committed.
pub async fn put(id: &str, bytes: &[u8]) -> Result<(), String> {
    let db = open().await?;
    let tx = db
        .transaction(&[STORE], TransactionMode::ReadWrite)
        .map_err(say)?;
    let store = tx.object_store(STORE).map_err(say)?;
    let value = js_sys::Uint8Array::from(bytes);
    store
        .put(&value, Some(&JsValue::from_str(id)))
        .map_err(say)?
        .await
        .map_err(say)?;
    let done = tx.commit().map_err(say)?.await.map_err(say)?;
    db.close();
    match done {
        TransactionResult::Committed => Ok(()),
        TransactionResult::Aborted => {
            Err("the browser did not keep it (the write was aborted)".into())
        }
    }
}

/// The bytes kept under `id`, if any.
pub async fn get(id: &str) -> Result<Option<Vec<u8>>, String> {
    let db = open().await?;
    let tx = db
        .transaction(&[STORE], TransactionMode::ReadOnly)
        .map_err(say)?;
    let store = tx.object_store(STORE).map_err(say)?;
    let value = store
        .get(JsValue::from_str(id))
        .map_err(say)?
        .await
        .map_err(say)?;
    db.close();
    Ok(value
        .and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok())
        .map(|a| a.to_vec()))
}

/// Forgets what is kept under `id`.
pub async fn delete(id: &str) -> Result<(), String> {
    let db = open().await?;
    let tx = db
        .transaction(&[STORE], TransactionMode::ReadWrite)
        .map_err(say)?;
    let store = tx.object_store(STORE).map_err(say)?;
    store
        .delete(JsValue::from_str(id))
        .map_err(say)?
        .await
        .map_err(say)?;
    tx.commit().map_err(say)?.await.map_err(say)?;
    db.close();
    Ok(())
}
