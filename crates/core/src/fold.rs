//! Case folding for ids, keys and names.
//!
//! Azure compares resource ids, assessment keys and enum-like strings without
//! regard to case. Nearly all of them are ASCII, so the ASCII path avoids the
//! cost of Unicode lowercasing on the hot load path.

use std::borrow::Cow;

/// The folded form used for every case-insensitive comparison.
pub(crate) fn fold(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        if s.is_ascii() {
            Cow::Owned(s.to_ascii_lowercase())
        } else {
            Cow::Owned(s.to_lowercase())
        }
    } else {
        Cow::Borrowed(s)
    }
}

/// Case-insensitive equality with the same folding as [`fold`].
pub(crate) fn eq(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        fold(a) == fold(b)
    }
}
