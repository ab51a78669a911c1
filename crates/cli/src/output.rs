//! Everything the command writes: standard output that survives a closed
//! pipe or a full disk, and human-readable text with control characters
//! escaped, so that names in the input cannot drive the terminal.

use exempt_core::text::escape_controls_keep_lines;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

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
                eprintln!("{}", human(&message));
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

/// A warning or note on standard error, escaped. Errors writing it (a
/// closed standard error) are ignored: there is nowhere left to say so.
pub fn note(line: &str) {
    let _ = writeln!(io::stderr(), "{}", human(line));
}
