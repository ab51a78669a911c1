//! Opening: an environment, the stored document, or exemptions held in
//! memory only.

use super::{Held, Workspace};
use crate::document::{decode, repair, repair_identities, Decoded, Document, Edit, Record, Store};
use crate::environment::Environment;
use crate::error::Error;
use crate::exemption::{Exemption, ExemptionFile};
use crate::session::Session;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What opening the stored document found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opened {
    /// The stored text could not be read, and why: the workspace started
    /// empty, and the first save must keep the text aside first.
    pub unreadable: Option<String>,
    /// The schema the document was migrated from.
    pub migrated_from: Option<u64>,
}

impl Workspace {
    /// Shows `env`, with no exemptions: open its document or hold
    /// exemptions next (evaluating the previous environment's exemptions on
    /// it would be an evaluation thrown away).
    pub fn set_environment(&mut self, env: Environment, at: DateTime<Utc>) {
        self.session = Some(Session::new(env, at));
        self.store = Store::default();
        self.held = None;
        self.repairs.clear();
        self.read = None;
        self.revision += 1;
    }

    /// Shows an environment made of export files, each given as its name
    /// (for messages) and its text, with no exemptions, held in memory.
    pub fn load<'a>(
        &mut self,
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        let session = Session::load(files, at)?;
        self.session = Some(session);
        self.hold(Vec::new(), Held::Hosted, at)
    }

    /// Opens the stored document `text` (none: nothing is stored yet),
    /// mending what can be mended; with `seed` and nothing stored, starts
    /// with those exemptions, each created at `at`.
    pub fn open(
        &mut self,
        text: Option<&str>,
        seed: Option<Vec<Exemption>>,
        at: DateTime<Utc>,
    ) -> Result<Opened, Error> {
        let mut opened = Opened {
            unreadable: None,
            migrated_from: None,
        };
        let doc = match decode(text) {
            Decoded::Empty => Document::default(),
            Decoded::Current(d) => d,
            Decoded::Migrated { document, from } => {
                opened.migrated_from = Some(from);
                document
            }
            Decoded::Corrupt(why) => {
                opened.unreadable = Some(format!("the saved exemptions could not be read ({why})"));
                Document::default()
            }
            Decoded::Newer(v) => {
                opened.unreadable = Some(format!(
                    "the saved exemptions were written by a newer version of Exempt (schema {v})"
                ));
                Document::default()
            }
        };
        let (doc, repairs) = repair(doc);
        self.repairs = repairs.into_iter().map(|r| r.message).collect();
        self.store = Store::new(doc);
        if !self.repairs.is_empty() {
            // What was mended is saved, so the ids acted on are the ones
            // storage holds.
            self.store.mark_dirty();
        }
        if let Some(seed) = seed.filter(|_| text.is_none()) {
            for mut e in seed {
                e.id = Some((self.fresh_id)());
                e.created_on = Some(at);
                self.store.apply(Edit::Create(e), at)?;
            }
        }
        self.held = None;
        self.sync(at)?;
        Ok(opened)
    }

    /// Holds `exemptions` in memory only (never saved), in place of the
    /// stored ones. Those without an id get one, so they can be edited.
    /// Ids or names a host gave twice are mended, and said so; generated
    /// ones are unique by construction.
    pub fn hold(
        &mut self,
        exemptions: Vec<Exemption>,
        why: Held,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.hold_file(
            ExemptionFile {
                exemptions,
                ..ExemptionFile::default()
            },
            why,
            at,
        )
    }

    /// Holds a whole exemption file in memory only: its exemptions, judged
    /// by its policy.
    pub fn hold_file(
        &mut self,
        file: ExemptionFile,
        why: Held,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        let ExemptionFile {
            exemptions, policy, ..
        } = file;
        let mut exemptions: Vec<Record> = exemptions
            .into_iter()
            .map(|mut exemption| {
                if exemption.id.is_none() {
                    exemption.id = Some((self.fresh_id)());
                }
                Record {
                    exemption: exemption.into(),
                    revision: 1,
                }
            })
            .collect();
        // The collect reuses the file's buffer, sized for whole exemptions.
        exemptions.shrink_to_fit();
        let doc = Document {
            exemptions,
            policy,
            ..Document::default()
        };
        let doc = match why {
            Held::Hosted => {
                let (doc, repairs) = repair_identities(doc);
                self.repairs = repairs.into_iter().map(|r| r.message).collect();
                doc
            }
            Held::Generated => {
                self.repairs.clear();
                doc
            }
        };
        self.store = Store::new(doc);
        self.held = Some(why);
        self.sync(at)
    }
}
