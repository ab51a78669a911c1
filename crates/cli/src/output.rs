//! Everything the command writes: standard output that survives a closed
//! pipe or a full disk, and human-readable text with control characters
//! escaped, so that names in the input cannot drive the terminal.

use exempt_core::text::{escape_controls, escape_controls_keep_lines, moves_text};
use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

/// The most characters a line of a message or warning keeps. The engine
/// quotes values to a couple of hundred characters, but a message may
/// still echo a whole value (a JSON reader's "invalid type: string ..."
/// does), and one huge field must not bury the message that names it.
pub const MAX_MESSAGE_LINE: usize = 1_000;

/// Of a longer line, the characters kept before and after the cut: the
/// place (file, row, field) comes first and the position in the file last.
const KEEP_HEAD: usize = 300;
const KEEP_TAIL: usize = 150;

/// How a command ended.
pub enum Exit {
    /// Exit 0.
    Success,
    /// Exit 1: a `--fail-*` gate tripped.
    Gate,
    /// Exit 2: bad input or usage, with the message to print.
    Failure(String),
    /// Standard output was closed early (`| head`): stop quietly, as Unix
    /// tools do, with the status a SIGPIPE would give.
    ClosedPipe,
}

impl Exit {
    /// The process's exit code, after printing what must be printed.
    pub fn code(self) -> ExitCode {
        match self {
            Exit::Success => ExitCode::SUCCESS,
            Exit::Gate => ExitCode::from(1),
            Exit::Failure(message) => {
                note(&message);
                ExitCode::from(2)
            }
            Exit::ClosedPipe => ExitCode::from(141),
        }
    }
}

impl From<String> for Exit {
    fn from(message: String) -> Exit {
        Exit::Failure(message)
    }
}

/// `text` as a terminal may show it: control characters escaped, lines kept.
pub fn human(text: &str) -> String {
    escape_controls_keep_lines(text)
}

/// A value that must stay on its line (a name, an id): every control
/// character escaped, newlines and tabs included.
pub fn field(text: &str) -> String {
    escape_controls(text)
}

/// A message or warning as printed: control characters escaped, and each
/// line longer than [`MAX_MESSAGE_LINE`] characters cut in the middle.
pub fn message(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(1 << 16));
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let total = line.chars().count();
        if total <= MAX_MESSAGE_LINE {
            out.push_str(&human(line));
            continue;
        }
        let head: String = line.chars().take(KEEP_HEAD).collect();
        let tail: String = line.chars().skip(total - KEEP_TAIL).collect();
        let _ = write!(
            out,
            "{} … ({} characters left out) … {}",
            human(&head),
            total - KEEP_HEAD - KEEP_TAIL,
            human(&tail)
        );
    }
    out
}

/// The name an input is shown by in messages: its path, with control
/// characters (line breaks too) escaped, since a file's name can hold them.
pub fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        "(stdin)".to_string()
    } else {
        exempt_core::text::escape_controls(&path.display().to_string())
    }
}

/// Writes to standard output through a buffer; a closed pipe ends quietly,
/// any other failure (a full disk) is an error naming what failed.
pub fn stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), Exit> {
    let out = io::stdout();
    let mut buffered = BufWriter::with_capacity(1 << 20, out.lock());
    let result = write(&mut buffered).and_then(|()| buffered.flush());
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(Exit::ClosedPipe),
        Err(e) => Err(Exit::Failure(format!("error: writing the output: {e}"))),
    }
}

/// `value` as indented JSON, with every character a terminal could act on
/// (DEL, C1 controls, bidirectional overrides: [`moves_text`]) written as
/// `\uXXXX`, as the human-readable outputs escape them; serde_json escapes
/// only C0 controls. The JSON reads back to the same value.
pub fn json(out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, SafePretty::default());
    value.serialize(&mut ser).map_err(io::Error::from)
}

/// serde_json's pretty printer, with string fragments escaped as [`json`] says.
#[derive(Default)]
struct SafePretty(serde_json::ser::PrettyFormatter<'static>);

/// Forwards the layout methods to serde_json's pretty printer.
macro_rules! forward {
    ($($name:ident $(($arg:ident: $ty:ty))?),*) => {$(
        fn $name<W: ?Sized + Write>(&mut self, w: &mut W $(, $arg: $ty)?) -> io::Result<()> {
            self.0.$name(w $(, $arg)?)
        }
    )*};
}

impl serde_json::ser::Formatter for SafePretty {
    forward!(
        begin_array, end_array, begin_array_value(first: bool), end_array_value,
        begin_object, end_object, begin_object_key(first: bool), begin_object_value,
        end_object_value
    );

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = rest.char_indices().find(|(_, c)| moves_text(*c)) {
            w.write_all(&rest.as_bytes()[..at])?;
            write!(w, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        w.write_all(rest.as_bytes())
    }
}

/// Writes a whole file: into a temporary file beside it, then renamed over
/// it, so a failure leaves whatever was there before untouched.
pub fn write_file(path: &Path, text: &str) -> Result<(), Exit> {
    let name = display_name(path);
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&temp, text).and_then(|()| std::fs::rename(&temp, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        Exit::Failure(format!("error: writing {name}: {e}"))
    })
}

/// A warning or note on standard error, as [`message`] prints it. Errors
/// writing it (a closed standard error) are ignored: there is nowhere left
/// to say so.
pub fn note(line: &str) {
    let _ = writeln!(io::stderr(), "{}", message(line));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_in_the_middle() {
        let line = format!("error: f.json: row 1: invalid type: string \"{}\", expected a boolean at line 1 column 9", "p".repeat(1_000_000));
        let printed = message(&format!("{line}\nsecond line"));
        assert!(printed.len() < 1_200, "{}", printed.len());
        assert!(printed.starts_with("error: f.json: row 1: invalid type: string \"ppp"));
        assert!(printed.contains("… (999"), "{printed}");
        assert!(printed.ends_with("expected a boolean at line 1 column 9\nsecond line"));
        assert_eq!(message("short\n\u{1b}[2J"), "short\n\\u{1b}[2J");
    }

    #[test]
    fn json_escapes_what_a_terminal_acts_on() {
        let v = serde_json::json!({"n\u{202e}": ["a\u{7f}\u{9b}b\u{1b}é"]});
        let mut out = Vec::new();
        json(&mut out, &v).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.chars().any(|c| moves_text(c) && c != '\n'), "{text}");
        assert!(text.contains(r"a\u007f\u009bb\u001bé"), "{text}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
    }
}
