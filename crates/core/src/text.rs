//! Values as they appear in messages: control characters escaped, so that a
//! name cannot move a terminal's cursor or retitle its window, and long values
//! cut, so that one huge field cannot bury the message that names it.

use std::fmt::Write;

/// How many characters of a value a message quotes.
pub const QUOTE_LIMIT: usize = 200;

/// `value` made safe for a message: control characters escaped, and cut
/// after [`QUOTE_LIMIT`] characters with a note of the full length.
pub fn quote(value: &str) -> String {
    let total = value.chars().count();
    let mut out = escape_controls(&value.chars().take(QUOTE_LIMIT).collect::<String>());
    if total > QUOTE_LIMIT {
        let _ = write!(out, "… ({total} characters)");
    }
    out
}

/// `text` with every control character (C0, DEL, C1, and the bidirectional
/// overrides) written as `\u{..}`, except newlines and tabs when `keep_lines`.
pub fn escape_controls(text: &str) -> String {
    escape(text, false)
}

/// Like [`escape_controls`], but newlines and tabs are kept, for output that
/// is laid out in lines.
pub fn escape_controls_keep_lines(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, keep_lines: bool) -> String {
    if !text.chars().any(|c| needs_escape(c, keep_lines)) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c, keep_lines) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_escape(c: char, keep_lines: bool) -> bool {
    if keep_lines && (c == '\n' || c == '\t') {
        return false;
    }
    moves_text(c)
}

/// Whether a terminal or an editor could act on `c` rather than show it:
/// control characters (C0, DEL, C1), the bidirectional overrides and
/// isolates that reorder what follows (CVE-2021-42574, "Trojan Source"),
/// and the Unicode line and paragraph separators. Every output that
/// a person reads or a tool runs escapes these.
pub fn moves_text(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'
        )
}

/// The first `shown` of `items`, then how many more: a message names a few
/// of them, not a wall. Only those shown are put into words.
pub fn few<I>(items: I, shown: usize) -> String
where
    I: IntoIterator,
    I::IntoIter: ExactSizeIterator,
    I::Item: std::fmt::Display,
{
    let items = items.into_iter();
    let total = items.len();
    let mut out = items
        .take(shown)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if total > shown {
        out.push_str(&format!(" and {} more", total - shown));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_sequences_are_escaped() {
        assert_eq!(quote("a\u{1b}]0;pwned\u{7}b"), "a\\u{1b}]0;pwned\\u{7}b");
        assert_eq!(quote("x\u{1b}[2J"), "x\\u{1b}[2J");
        assert_eq!(quote("plain / ids-ok"), "plain / ids-ok");
        assert_eq!(escape_controls_keep_lines("a\nb\u{9b}"), "a\nb\\u{9b}");
    }

    #[test]
    fn long_values_are_cut() {
        let long = "s".repeat(1_000_000);
        let q = quote(&long);
        assert!(q.len() < 300, "{}", q.len());
        assert!(q.ends_with("… (1000000 characters)"));
    }
}
