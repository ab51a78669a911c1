//! The name or e-mail this browser records as requester and approver. It
//! is what the user typed, never checked: the pages that show it say so.

use super::{locks, read, remove, write};

/// Where it is kept.
pub const IDENTITY_KEY: &str = "exempt.identity";

/// The name kept, if one is.
pub fn load() -> Option<String> {
    read(IDENTITY_KEY)
        .ok()
        .flatten()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
}

/// Keeps `name` (blank: forgets it), under the lock the tabs share, so that
/// two tabs saving at once leave one whole value.
pub async fn save(name: String) -> Result<(), String> {
    locks::with_lock(IDENTITY_KEY, async move {
        let name = name.trim();
        if name.is_empty() {
            remove(IDENTITY_KEY);
            Ok(())
        } else {
            write(IDENTITY_KEY, name)
        }
    })
    .await
}
