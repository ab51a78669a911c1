//! The worker's state: the session, the stored document (or exemptions
//! kept in memory only), and opening an environment. The answers to
//! requests are in `answer.rs`, edits in `edits.rs`. This only converts:
//! every number and every decision comes from the core's [`Session`] and
//! [`Store`].

use crate::protocol::{EnvironmentChoice, MemoryOnly, OpenReport, Summary};
use chrono::{DateTime, Utc};
use exempt_core::document::{decode, repair, Decoded, Document, Edit, Store};
use exempt_core::session::ReviewStage;
use exempt_core::synth::{Spec, Synth};
use exempt_core::{Error, Exemption, ExemptionFile, Session};

/// Work per slice of the background review, in assessments: a slice takes
/// a few tens of milliseconds, so a request waits at most that long.
const REVIEW_BUDGET: usize = 40_000;

/// How many generated exemptions the Settings page may ask for.
pub const MAX_GENERATED: u32 = 200_000;

/// The session, the stored document, and what loading found.
pub struct Engine {
    pub(super) session: Option<Session>,
    environment: EnvironmentChoice,
    pub(super) store: Store,
    /// Exemptions shown instead of the stored ones, and why.
    pub(super) memory: Option<(MemoryOnly, Store)>,
    repairs: Vec<String>,
    revision: u64,
    /// Exemption files read for Import exemptions or a comparison, until
    /// adopted or replaced.
    pub(super) read: Option<exempt_core::formats::Imported>,
}

pub(super) fn now() -> DateTime<Utc> {
    // The worker's clock; whole milliseconds are plenty for expiry.
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// The worker's wasm memory: it only grows, so this is its peak.
fn heap_bytes() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) as u64) * 65_536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

pub(super) fn parse(json: &str) -> Result<Exemption, Error> {
    let value =
        exempt_core::json::parse(json).map_err(|e| Error::exemption_file(None, e.to_string()))?;
    Exemption::from_value(1, &value).map_err(|p| Error::exemptions(None, p))
}

pub(super) fn no_environment() -> Error {
    Error::not_found("no environment is loaded yet")
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            session: None,
            environment: EnvironmentChoice::Demo,
            store: Store::default(),
            memory: None,
            repairs: Vec::new(),
            revision: 0,
            read: None,
        }
    }
}

impl Engine {
    pub(super) fn session(&self) -> Result<&Session, Error> {
        self.session.as_ref().ok_or_else(no_environment)
    }

    /// The exemptions shown: those kept in memory only, or the stored
    /// document's.
    pub(super) fn store(&self) -> &Store {
        self.memory.as_ref().map_or(&self.store, |(_, s)| s)
    }

    pub(super) fn store_mut(&mut self) -> &mut Store {
        match &mut self.memory {
            Some((_, s)) => s,
            None => &mut self.store,
        }
    }

    /// Hands the store's exemptions to the session at the current time: one
    /// evaluation at most.
    pub(super) fn sync(&mut self) -> Result<(), Error> {
        let list = self.store().exemptions();
        if let Some(s) = self.session.as_mut() {
            s.set_exemptions_at(list, now())?;
        }
        self.revision += 1;
        Ok(())
    }

    /// The state the page shows everywhere.
    pub fn summary(&self) -> Summary {
        let s = self.session.as_ref();
        let store = self.store();
        Summary {
            revision: self.revision,
            environment: self.environment.clone(),
            assessments: s.map_or(0, |s| s.environment().assessment_count() as u64),
            resources: s.map_or(0, |s| s.environment().resource_count() as u64),
            exemptions: store.document().exemptions.len() as u64,
            score: s.map(Session::score).unwrap_or_default(),
            without: s.map(Session::score_without_exemptions).unwrap_or_default(),
            dirty: self.memory.is_none() && self.store.dirty(),
            memory_only: self.memory.as_ref().map(|(why, _)| *why),
            undo: store.undo_name(),
            conflicts: store.conflicts().to_vec(),
            repairs: self.repairs.clone(),
            set_aside: u32::try_from(store.document().set_aside.len()).unwrap_or(u32::MAX),
            findings_ready: s.is_some_and(Session::findings_ready),
            worth_ready: s.is_some_and(Session::worth_ready),
            heap_bytes: heap_bytes(),
        }
    }

    /// Loads an environment: the long step of opening.
    pub fn load_environment(&mut self, environment: &EnvironmentChoice) -> Result<(), Error> {
        if self.session.is_some() && &self.environment == environment {
            return Ok(());
        }
        let env = match environment {
            EnvironmentChoice::Demo => exempt_core::demo::environment()?,
            EnvironmentChoice::Large => Synth::new(Spec::large()).environment(),
            EnvironmentChoice::Hosted => {
                return Err(Error::not_found(
                    "a hosted environment comes only from its host page",
                ))
            }
            // Read from IndexedDB by the worker's queue, then installed.
            EnvironmentChoice::Imported(_) => {
                return Err(Error::not_found(
                    "an imported environment is read from storage",
                ))
            }
        };
        self.session = Some(Session::new(env, now()));
        self.environment = environment.clone();
        Ok(())
    }

    /// Reads the stored document and evaluates it; with `seed`, and no
    /// document, starts the demo with its example exemptions (those the
    /// command line's demo uses), so a first visit shows it working.
    pub fn open_document(&mut self, text: Option<&str>, seed: bool) -> Result<OpenReport, Error> {
        let mut report = OpenReport {
            unreadable: None,
            migrated_from: None,
        };
        let seed = seed && text.is_none() && self.environment == EnvironmentChoice::Demo;
        let doc = match decode(text) {
            Decoded::Empty => Document::default(),
            Decoded::Current(d) => d,
            Decoded::Migrated { document, from } => {
                report.migrated_from = Some(from);
                document
            }
            // Started empty; the page keeps the text aside, and the first
            // save asks again before writing over it.
            Decoded::Corrupt(why) => {
                report.unreadable = Some(format!("the saved exemptions could not be read ({why})"));
                Document::default()
            }
            Decoded::Newer(v) => {
                report.unreadable = Some(format!(
                    "the saved exemptions were written by a newer version of Exempt (schema {v})"
                ));
                Document::default()
            }
        };
        let (doc, repairs) = repair(doc);
        self.repairs = repairs.into_iter().map(|r| r.message).collect();
        self.store = Store::new(doc);
        if !self.repairs.is_empty() {
            // What was mended is saved, so the ids the page acts on are the
            // ones storage holds.
            self.store.mark_dirty();
        }
        if seed {
            let at = now();
            for mut e in exempt_core::demo::exemptions()?.exemptions {
                e.id = Some(crate::random::uuid());
                e.created_on = Some(at);
                self.store.apply(Edit::Create(e), at)?;
            }
        }
        self.memory = None;
        self.sync()?;
        Ok(report)
    }

    /// Shows `env` (read from storage or just imported) as `environment`;
    /// its document is opened next.
    pub fn install(&mut self, env: exempt_core::Environment, environment: EnvironmentChoice) {
        self.session = Some(Session::new(env, now()));
        self.environment = environment;
    }

    /// Whether `environment` is the one loaded.
    pub fn holds(&self, environment: &EnvironmentChoice) -> bool {
        self.session.is_some() && &self.environment == environment
    }

    /// The loaded environment's kept bytes.
    pub fn environment_bytes(&self) -> Result<Vec<u8>, Error> {
        self.session()?.environment().to_bytes()
    }

    /// Shows an environment made of export files, with no exemptions, kept
    /// in memory only.
    pub fn load_files(&mut self, files: &[(String, String)]) -> Result<(), Error> {
        let session = Session::load(files.iter().map(|(n, t)| (n.as_str(), t.as_str())), now())?;
        self.session = Some(session);
        self.environment = EnvironmentChoice::Hosted;
        self.repairs.clear();
        self.memory = Some((MemoryOnly::Hosted, Store::default()));
        self.sync()
    }

    /// Shows the exemptions of an exemption file, kept in memory only.
    /// Exemptions without an id get one, so they can be edited.
    pub fn host_exemptions(&mut self, text: &str) -> Result<(), Error> {
        let file = ExemptionFile::parse(text)?;
        let records = file
            .exemptions
            .into_iter()
            .map(|mut exemption| {
                exemption.id.get_or_insert_with(crate::random::uuid);
                exempt_core::document::Record {
                    exemption,
                    revision: 1,
                }
            })
            .collect();
        let doc = Document {
            exemptions: records,
            ..Document::default()
        };
        // Ids the host gave twice would make edits ambiguous: mended, and
        // said so.
        let (doc, repairs) = repair(doc);
        self.repairs = repairs.into_iter().map(|r| r.message).collect();
        self.memory = Some((MemoryOnly::Hosted, Store::new(doc)));
        self.sync()
    }

    /// A slice of the lifecycle review: what it worked on and how far it
    /// has come, or `None` when there is nothing left to do.
    pub fn review_step(&mut self) -> Option<(&'static str, usize, usize)> {
        let s = self.session.as_ref()?;
        if !s.rows_prepared() {
            s.prepare_rows();
            return Some(("Preparing the exemptions list", 0, 0));
        }
        let p = s.review_step(REVIEW_BUDGET);
        let label = match p.stage {
            ReviewStage::Done => return None,
            ReviewStage::Matching => "Matching exemptions to assessments",
            ReviewStage::Findings => "Checking exemptions for overlaps and stale ones",
            ReviewStage::Worth => "Measuring each exemption's effect",
        };
        Some((label, p.done, p.total))
    }
}
