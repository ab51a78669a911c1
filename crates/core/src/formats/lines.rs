//! Telling formats apart by how their lines begin.

/// Whether a line of `text` (without its indentation) passes `test`: formats
/// are told apart by how their statements begin, never by words that a
/// value inside them could also hold.
pub(crate) fn any_line(text: &str, test: impl Fn(&str) -> bool) -> bool {
    text.lines().any(|l| test(l.trim_start()))
}
