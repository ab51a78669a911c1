//! A tenant's files read beside what is shown: staged in the worker until
//! the user chooses to use them, so a failed or cancelled import changes
//! nothing. Kept environments live in IndexedDB (see `storage::idb`).

use crate::protocol::Answer;
use exempt_core::input::{Import, ImportSummary};
use exempt_core::{Environment, Error};

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
