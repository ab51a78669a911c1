//! A tenant's files read beside what is shown: staged in the worker until
//! the user chooses to use them, so a failed or cancelled import changes
//! nothing. Kept environments live in IndexedDB (see `storage::idb`).

use crate::protocol::Answer;
use exempt_core::input::{Import, ImportSummary};
use exempt_core::{Environment, Error};

/// A file is read in slices this large, so that the worker holds its bytes
/// once, in its own memory, rather than twice.
const SLICE: f64 = 8.0 * 1024.0 * 1024.0;

/// Reads a file the page handed over. Reading blocks, which is what the
/// worker is for: the page's thread never touches the bytes.
pub fn read(name: &str, file: &web_sys::Blob) -> Result<Vec<u8>, Error> {
    let unreadable = |_| Error::input(name, None, "the browser could not read the file");
    let size = file.size();
    // A tab's memory is addressed with 32 bits: a larger file is refused,
    // not cut short.
    if !(0.0..=usize::MAX as f64).contains(&size) {
        return Err(Error::input(
            name,
            None,
            format!(
                "the file has {size} bytes, more than a browser tab can hold ({} bytes)",
                usize::MAX
            ),
        ));
    }
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(size as usize).map_err(|_| {
        Error::input(
            name,
            None,
            format!("the file has {size} bytes, more than this tab has memory left for"),
        )
    })?;
    let reader = web_sys::FileReaderSync::new().map_err(unreadable)?;
    let mut start = 0.0;
    while start < size {
        let end = (start + SLICE).min(size);
        let slice = file
            .slice_with_f64_and_f64(start, end)
            .map_err(unreadable)?;
        let buffer = reader.read_as_array_buffer(&slice).map_err(unreadable)?;
        let array = js_sys::Uint8Array::new(&buffer);
        let at = bytes.len();
        bytes.resize(at + array.length() as usize, 0);
        array.copy_to(&mut bytes[at..]);
        start = end;
    }
    Ok(bytes)
}

/// The import under way, and environments kept but not yet opened.
#[derive(Default)]
pub struct Importing {
    reading: Option<Import>,
    built: Option<Environment>,
    /// Kept in IndexedDB in this session: opened from memory, not read back.
    kept: Vec<(String, Environment)>,
}

impl Importing {
    /// Starts over, dropping any unfinished import.
    pub fn begin(&mut self) {
        self.reading = Some(Import::new());
        self.built = None;
    }

    /// Reads one file.
    pub fn file(&mut self, name: &str, bytes: &[u8]) -> Result<Answer, Error> {
        let import = self
            .reading
            .as_mut()
            .ok_or_else(|| Error::not_found("no import is under way: choose the files again"))?;
        match import.add(name, bytes) {
            Ok(summary) => Ok(Answer::ImportFile(summary.clone())),
            Err(e) => {
                // One bad file ends the import: what was read is dropped.
                self.reading = None;
                Err(e)
            }
        }
    }

    /// Builds the environment from the files read, and says what it holds.
    pub fn finish(&mut self) -> Result<ImportSummary, Error> {
        let import = self
            .reading
            .take()
            .ok_or_else(|| Error::not_found("no import is under way: choose the files again"))?;
        let (env, summary) = import.finish()?;
        self.built = Some(env);
        Ok(summary)
    }

    /// Drops the import.
    pub fn cancel(&mut self) {
        self.reading = None;
        self.built = None;
    }

    /// The environment built by [`finish`](Self::finish), to keep.
    pub fn take_built(&mut self) -> Result<Environment, Error> {
        self.built.take().ok_or_else(|| {
            Error::not_found("the import was cancelled or replaced: choose the files again")
        })
    }

    /// Puts back an environment that could not be kept, so the user can try again.
    pub fn restore_built(&mut self, env: Environment) {
        self.built = Some(env);
    }

    /// Remembers a kept environment until it is opened.
    pub fn kept(&mut self, id: String, env: Environment) {
        self.kept.retain(|(i, _)| i != &id);
        self.kept.push((id, env));
    }

    /// A kept environment still in memory.
    pub fn take_kept(&mut self, id: &str) -> Option<Environment> {
        let i = self.kept.iter().position(|(k, _)| k == id)?;
        Some(self.kept.swap_remove(i).1)
    }
}
