//! The workspace: one owned handle on an environment's session and the
//! exemptions kept for it, with every rule about changing them. The
//! command line, the browser app's worker and the JavaScript package all
//! hold one, so a rule added here (names unique as the file compares them,
//! ids for exemptions that have none, the history's wording, which
//! exemptions are in effect) holds in all three.
//!
//! Time is always passed in: nothing here reads a clock. Every change
//! hands the exemptions and the instant to the session in one step, so a
//! change costs one evaluation at most (see [`Session::set_exemptions_at`]).

mod detail;
mod edit;
mod history;
mod lint;
mod open;
mod transfer;

pub use detail::{DecidedRow, ExemptionView};
pub use edit::Preview;
pub use history::{HistoryPage, HistoryRow};
pub use lint::{ProblemRow, ProblemsView};
pub use open::Opened;
pub use transfer::{Changed, Comparison, ExportFile, ExportRequest};

use crate::document::{Conflict, Record, Store};
use crate::error::Error;
use crate::exemption::{Exemption, Policy};
use crate::formats::Imported;
use crate::score::Score;
use crate::session::Session;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Why the exemptions shown are held in memory only, never saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Held {
    /// Generated for a test of scale.
    Generated,
    /// Sent by the host page of an embedded view, or given by a caller
    /// (the command line's file, a dashboard's list).
    Hosted,
}

/// One exemption, for editing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExemptionDetail {
    /// In the exemption file format.
    pub json: String,
    /// Its revision, to notice edits made elsewhere meanwhile.
    pub revision: u32,
}

/// What every view shows of the workspace.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    /// Bumped on every change of what the views show.
    pub revision: u64,
    /// Assessments in the environment.
    pub assessments: u64,
    /// Resources in the environment.
    pub resources: u64,
    /// Exemptions held.
    pub exemptions: u64,
    /// The secure score with exemptions.
    pub score: Score,
    /// The secure score without them.
    pub without: Score,
    /// Changes not yet saved.
    pub dirty: bool,
    /// Held in memory only, and why.
    pub held: Option<Held>,
    /// The exemption Undo would bring back.
    pub undo: Option<String>,
    /// Edits that met another tab's change.
    pub conflicts: Vec<Conflict>,
    /// What was mended on opening, in words.
    pub repairs: Vec<String>,
    /// Stored rows that could not be used, kept as they were.
    pub set_aside: u32,
    /// The lifecycle findings are computed.
    pub findings_ready: bool,
    /// Each exemption's worth is computed.
    pub worth_ready: bool,
    /// The linter has run on the exemptions held.
    pub problems_ready: bool,
    /// The team's rules, when set.
    pub policy: Option<Policy>,
    /// Names of the definition files kept for exports (initiatives,
    /// assessment metadata, assignments).
    pub definitions: Vec<String>,
}

/// Where new ids come from: the caller's source of unique ids (random
/// UUIDs in the browser), since core draws no randomness of its own.
pub type IdSource = Box<dyn FnMut() -> String>;

/// Ids `exemption-1`, `exemption-2`, …: enough where exemptions live for
/// one run (the command line, a dashboard); the workspace skips those
/// already held.
pub fn numbered_ids() -> IdSource {
    let mut n = 0u64;
    Box::new(move || {
        n += 1;
        format!("exemption-{n}")
    })
}

/// The session and the exemptions kept for it.
pub struct Workspace {
    session: Option<Session>,
    store: Store,
    held: Option<Held>,
    repairs: Vec<String>,
    revision: u64,
    /// Exemption files read for adopting or comparing, until adopted or
    /// replaced.
    read: Option<Imported>,
    fresh_id: IdSource,
    /// The linter's findings, for the revision they were made at.
    linted: Option<lint::Linted>,
    /// The definition files read last, with exemption files or for an
    /// export, by name and as read: a read or an export given none uses
    /// these, so the initiative and metadata are chosen (and parsed) once.
    definitions: Option<(Vec<String>, crate::formats::Definitions)>,
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

fn no_environment() -> Error {
    Error::not_found("no environment is loaded yet")
}

impl Workspace {
    /// An empty workspace: no environment, no exemptions; new exemptions
    /// get their ids from `fresh_id`.
    pub fn new(fresh_id: IdSource) -> Workspace {
        Workspace {
            session: None,
            store: Store::default(),
            held: None,
            repairs: Vec::new(),
            revision: 0,
            read: None,
            fresh_id,
            linted: None,
            definitions: None,
        }
    }

    /// The session, for questions.
    pub fn session(&self) -> Result<&Session, Error> {
        self.session.as_ref().ok_or_else(no_environment)
    }

    /// Whether an environment is loaded.
    pub fn has_environment(&self) -> bool {
        self.session.is_some()
    }

    /// The document held: exemptions with revisions, and the history.
    pub fn document(&self) -> &crate::document::Document {
        self.store.document()
    }

    /// The exemptions held, in order.
    pub fn exemptions(&self) -> Vec<Exemption> {
        let held = &self.store.document().exemptions;
        held.iter()
            .map(|r| Exemption::clone(&r.exemption))
            .collect()
    }

    /// The exemption with this id.
    pub fn record(&self, id: &str) -> Option<&Record> {
        self.store.record(id)
    }

    /// The exemption with this id, for editing.
    pub fn detail(&self, id: &str) -> Result<ExemptionDetail, Error> {
        let r = self.store.record(id).ok_or_else(|| {
            Error::not_found("no such exemption: it may have been deleted, in this tab or another")
        })?;
        Ok(ExemptionDetail {
            json: r.exemption.to_value().to_string(),
            revision: r.revision,
        })
    }

    /// Whether another exemption than `except` (an id) has this name, as
    /// the exemption file compares names.
    pub fn name_taken(&self, name: &str, except: Option<&str>) -> bool {
        self.store.name_taken(name, except)
    }

    /// A new id from the caller's source that no exemption held has: a
    /// source such as [`numbered_ids`] may hand out one a file already
    /// used.
    fn unused_id(&mut self) -> String {
        loop {
            let id = (self.fresh_id)();
            if self.store.record(&id).is_none() {
                return id;
            }
        }
    }

    /// The team's rules, when set.
    pub fn policy(&self) -> Option<Policy> {
        self.store.document().policy.clone()
    }

    /// Sets the team's rules. Refused, with every problem named, when an
    /// exemption held breaks them: what is held must stay a file every
    /// command reads.
    pub fn set_policy(&mut self, policy: Option<Policy>, at: DateTime<Utc>) -> Result<(), Error> {
        if let Some(p) = &policy {
            let problems: Vec<_> = self
                .store
                .document()
                .exemptions
                .iter()
                .enumerate()
                .flat_map(|(i, r)| p.problems(i + 1, &r.exemption))
                .collect();
            if !problems.is_empty() {
                return Err(Error::exemptions(None, problems));
            }
        }
        self.store.set_policy(policy);
        self.sync(at)
    }

    /// Hands the exemptions and the policy to the session at `at`: one
    /// evaluation at most. Expiries passed are recorded in the stored
    /// history first (held exemptions keep none).
    fn sync(&mut self, at: DateTime<Utc>) -> Result<(), Error> {
        if self.held.is_none() {
            self.store.record_lapses(at);
        }
        let policy = self.store.document().policy.clone().unwrap_or_default();
        if let Some(s) = self.session.as_mut() {
            s.set_judged_at(self.store.exemptions(), policy, at)?;
        }
        self.revision += 1;
        Ok(())
    }

    /// Moves the clock: nothing is evaluated unless an exemption's state
    /// or days to expiry change, and the exemptions are not handed over
    /// again (the session holds them).
    pub fn set_time(&mut self, at: DateTime<Utc>) -> Result<(), Error> {
        let was = self.session.as_ref().map(Session::time);
        let passed = |e: &Exemption| {
            e.expires_on
                .is_some_and(|x| x <= at && was.is_none_or(|w| x > w))
        };
        if self.held.is_none()
            && self
                .store
                .document()
                .exemptions
                .iter()
                .any(|r| passed(&r.exemption))
        {
            self.store.record_lapses(at);
        }
        if let Some(s) = self.session.as_mut() {
            s.set_time(at)?;
        }
        self.revision += 1;
        Ok(())
    }

    /// What every view shows.
    pub fn status(&self) -> Status {
        let s = self.session.as_ref();
        let doc = self.store.document();
        Status {
            revision: self.revision,
            assessments: s.map_or(0, |s| count(s.environment().assessment_count())),
            resources: s.map_or(0, |s| count(s.environment().resource_count())),
            exemptions: count(doc.exemptions.len()),
            score: s.map(Session::score).unwrap_or_default(),
            without: s.map(Session::score_without_exemptions).unwrap_or_default(),
            dirty: self.held.is_none() && self.store.dirty(),
            held: self.held,
            undo: self.store.undo_name(),
            conflicts: self.store.conflicts().to_vec(),
            repairs: self.repairs.clone(),
            set_aside: u32::try_from(doc.set_aside.len()).unwrap_or(u32::MAX),
            findings_ready: s.is_some_and(Session::findings_ready),
            worth_ready: s.is_some_and(Session::worth_ready),
            problems_ready: self.problems_ready(),
            policy: doc.policy.clone(),
            definitions: self.definitions_kept().to_vec(),
        }
    }
}
