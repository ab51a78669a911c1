//! What the last save wrote under each document key, as a digest kept in
//! IndexedDB.
//!
//! localStorage is not one store shared by the tabs: Chromium keeps a copy
//! in each tab, which another tab's write reaches only a moment later (tens
//! of milliseconds on a busy machine), even when the writer has released
//! the tabs' lock. A save that read its tab's copy then would merge with
//! text older than what storage holds, and write over the other tab's
//! change. IndexedDB's committed writes are read the same by every tab at
//! once, so each save records the digest of the text it wrote there,
//! before it releases the lock, and the next save waits until its own copy
//! of localStorage shows that text.

use super::idb;
use gloo_timers::future::TimeoutFuture;

/// How long a save waits for another tab's write to reach this tab's copy.
/// Past it, the text is taken as it is: something other than Exempt's save
/// (an older version of Exempt, a person with the developer tools) wrote it.
const PATIENCE_MS: u32 = 2_000;
const STEP_MS: u32 = 10;

/// The IndexedDB key of a document's digest; environment ids never hold
/// a `/`.
fn marker(key: &str) -> String {
    format!("written/{key}")
}

/// FNV-1a over the text: any tab of any version computes the same.
fn digest(text: Option<&str>) -> Vec<u8> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    match text {
        None => return b"absent".to_vec(),
        Some(t) => {
            for b in t.as_bytes() {
                h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    format!("{h:016x}:{}", text.map_or(0, str::len)).into_bytes()
}

/// The text under `key` once this tab's copy of localStorage holds what the
/// last save wrote (or after [`PATIENCE_MS`]). Call it under the tabs' lock.
pub async fn settled(key: &str) -> Result<Option<String>, String> {
    let mut text = super::read(key)?;
    // Without IndexedDB (a browser that refuses it) the copy is taken as is.
    let Ok(Some(wanted)) = idb::get(&marker(key)).await else {
        return Ok(text);
    };
    let mut waited = 0;
    while digest(text.as_deref()) != wanted && waited < PATIENCE_MS {
        TimeoutFuture::new(STEP_MS).await;
        waited += STEP_MS;
        text = super::read(key)?;
    }
    Ok(text)
}

/// Records that `text` was written under `key`. A failure only costs the
/// next save in another tab its wait, so it is not reported.
pub async fn record(key: &str, text: &str) {
    let _ = idb::put(&marker(key), &digest(Some(text))).await;
}

#[cfg(test)]
mod tests {
    use super::digest;

    #[test]
    fn texts_that_differ_have_different_digests() {
        assert_ne!(digest(Some("{}")), digest(Some("{ }")));
        assert_ne!(digest(Some("")), digest(None));
        assert_eq!(digest(Some("é")), digest(Some("é")));
    }
}
