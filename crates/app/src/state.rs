//! The app's state and its one reducer. Reducing is pure: saving happens in
//! an effect that watches [`AppState::saved_revision`].

use chrono::{DateTime, SecondsFormat, Utc};
use exempt_core::document::{changed_fields, Change, Dataset, Document, HistoryEntry, Record};
use std::rc::Rc;
use yew::Reducible;

/// A notice about storage, shown as a banner until dismissed.
#[derive(Debug, Clone, PartialEq)]
pub enum Banner {
    /// Stored text was unreadable; offer it for download.
    Recovered {
        /// Why it was unreadable.
        reason: String,
        /// The text itself.
        raw: String,
        /// Where it is kept; `None` if it could not be copied aside.
        backup: Option<String>,
    },
    /// The stored exemptions were converted from an older schema.
    Migrated(u64),
    /// Saving failed; the screen shows changes that are not stored.
    SaveFailed(String),
    /// Storage cannot be used; nothing will be kept.
    Unavailable(String),
}

/// A deletion that can still be undone.
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    /// The deleted exemption.
    pub record: Record,
    /// Where it was in the list.
    pub index: usize,
    /// Distinguishes successive deletions, so an old timer cannot dismiss a new one.
    pub token: u64,
}

/// Everything the app holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// The exemptions, shared cheaply with memoised computations.
    pub records: Rc<Vec<Record>>,
    /// What happened to every exemption, oldest first.
    pub history: Rc<Vec<HistoryEntry>>,
    /// The persisted document's settings.
    pub document_settings: exempt_core::document::Settings,
    /// Bumped on every change of records or settings.
    pub revision: u64,
    /// The revision that should be written to storage (local changes only).
    pub saved_revision: u64,
    /// False until storage has been read.
    pub loaded: bool,
    /// Generated in memory for benchmarks: never saved.
    pub ephemeral: bool,
    /// Unreadable stored text could not be copied aside: saving would lose it.
    pub read_only: bool,
    /// The last deletion, while it can be undone.
    pub undo: Option<Undo>,
    /// Storage notices.
    pub banners: Vec<Banner>,
}

/// Everything that can happen to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Storage was read; `true` when saving must wait (see `read_only`).
    Loaded(Document, Option<Banner>, bool),
    /// The user accepts that unreadable stored text is overwritten.
    AllowSaving,
    /// Another tab saved a new document.
    External(Document),
    /// A new exemption, appended.
    Create(Record, DateTime<Utc>),
    /// An edited exemption, in place (matched by id).
    Update(Record, DateTime<Utc>),
    /// A new expiry and justification for an exemption.
    Renew {
        /// The exemption's id.
        id: String,
        /// The new expiry.
        expires_on: DateTime<Utc>,
        /// The new justification (the description).
        justification: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// Delete by id; it can be undone for a while.
    Delete(String, DateTime<Utc>),
    /// Put the last deleted exemption back.
    Undo(DateTime<Utc>),
    /// The undo offer ran out.
    ExpireUndo(u64),
    /// Saving failed.
    SaveFailed(String),
    /// Hide a banner.
    Dismiss(usize),
    /// Choose the environment.
    SetDataset(Dataset),
    /// Replace the exemptions with generated ones, in memory only.
    Generated(Vec<Record>),
}

impl AppState {
    /// The document to save.
    pub fn document(&self) -> Document {
        Document {
            exemptions: self.records.as_ref().clone(),
            settings: self.document_settings,
            history: self.history.as_ref().clone(),
        }
    }

    fn log(&mut self, record: &Record, at: DateTime<Utc>, change: Change) {
        let mut history = self.history.as_ref().clone();
        history.push(HistoryEntry {
            id: record.exemption.id.clone().unwrap_or_default(),
            name: record.exemption.name.clone(),
            at: at.to_rfc3339_opts(SecondsFormat::Secs, true),
            change,
        });
        self.history = Rc::new(history);
    }

    /// The exemption with this id.
    pub fn find(&self, id: &str) -> Option<&Record> {
        self.records
            .iter()
            .find(|r| r.exemption.id.as_deref() == Some(id))
    }

    fn changed(mut self, records: Vec<Record>, local: bool) -> Self {
        self.records = Rc::new(records);
        self.revision += 1;
        if local && !self.ephemeral {
            self.saved_revision = self.revision;
        }
        self
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let records = || self.records.as_ref().clone();
        let next = match action {
            Action::Loaded(doc, banner, read_only) => {
                s.document_settings = doc.settings;
                s.history = Rc::new(doc.history);
                s.loaded = true;
                s.read_only = read_only;
                s.banners.extend(banner);
                s.changed(doc.exemptions, false)
            }
            Action::External(doc) => {
                if s.ephemeral {
                    return self;
                }
                s.document_settings = doc.settings;
                s.history = Rc::new(doc.history);
                s.changed(doc.exemptions, false)
            }
            Action::Create(record, at) => {
                s.log(&record, at, Change::Created);
                let mut list = records();
                list.push(record);
                s.changed(list, true)
            }
            Action::Update(record, at) => {
                let mut list = records();
                match list
                    .iter()
                    .position(|r| r.exemption.id == record.exemption.id)
                {
                    Some(i) => {
                        let fields = changed_fields(&list[i].exemption, &record.exemption);
                        s.log(&record, at, Change::Edited { fields });
                        list[i] = record;
                    }
                    None => {
                        s.log(&record, at, Change::Created);
                        list.push(record);
                    }
                }
                s.changed(list, true)
            }
            Action::Renew {
                id,
                expires_on,
                justification,
                at,
            } => {
                let mut list = records();
                let Some(record) = list
                    .iter_mut()
                    .find(|r| r.exemption.id.as_deref() == Some(id.as_str()))
                else {
                    return self;
                };
                let from = record
                    .exemption
                    .expires_on
                    .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true));
                record.exemption.expires_on = Some(expires_on);
                record.exemption.description = Some(justification);
                record.revision += 1;
                let renewed = record.clone();
                let to = expires_on.to_rfc3339_opts(SecondsFormat::Secs, true);
                s.log(&renewed, at, Change::Renewed { from, to });
                s.changed(list, true)
            }
            Action::Delete(id, at) => {
                let mut list = records();
                let Some(index) = list
                    .iter()
                    .position(|r| r.exemption.id.as_deref() == Some(id.as_str()))
                else {
                    return self;
                };
                let record = list.remove(index);
                s.log(&record, at, Change::Deleted);
                let token = s.undo.as_ref().map_or(1, |u| u.token + 1);
                s.undo = Some(Undo {
                    record,
                    index,
                    token,
                });
                s.changed(list, true)
            }
            Action::Undo(at) => {
                let Some(undo) = s.undo.take() else {
                    return self;
                };
                s.log(&undo.record, at, Change::Restored);
                let mut list = records();
                list.insert(undo.index.min(list.len()), undo.record);
                s.changed(list, true)
            }
            Action::AllowSaving => {
                s.read_only = false;
                s.banners
                    .retain(|b| !matches!(b, Banner::Recovered { backup: None, .. }));
                let list = records();
                s.changed(list, true)
            }
            Action::ExpireUndo(token) => {
                if s.undo.as_ref().is_some_and(|u| u.token == token) {
                    s.undo = None;
                }
                s
            }
            Action::SaveFailed(message) => {
                s.banners.retain(|b| !matches!(b, Banner::SaveFailed(_)));
                s.banners.push(Banner::SaveFailed(message));
                s
            }
            Action::Dismiss(i) => {
                if i < s.banners.len() {
                    s.banners.remove(i);
                }
                s
            }
            Action::SetDataset(dataset) => {
                s.document_settings.dataset = dataset;
                let list = records();
                s.changed(list, true)
            }
            Action::Generated(list) => {
                s.ephemeral = true;
                s.undo = None;
                s.changed(list, false)
            }
        };
        Rc::new(next)
    }
}
