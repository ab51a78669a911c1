//! The messages between the page and the engine's worker: typed enums,
//! encoded with postcard (compact, no field names on the wire).
//!
//! The page sends [`Envelope`]s, each a [`Request`] with an id; the worker
//! answers each id once with a [`Reply`] and, unasked, sends [`Event`]s:
//! ready, progress of long work, and the state after every change. Requests
//! that only read supersede queued ones of the same kind, so typing into a
//! filter never queues behind itself. Exemptions cross as JSON text in the
//! exemption file format, the one encoding the core validates.

use exempt_core::document::Conflict;
use exempt_core::input::{FileSummary, ImportSummary};
use exempt_core::session::{
    DraftReview, ExemptionPage, ExemptionQuery, ExplainView, FindingsView, Gap, Overview, Page,
    RecommendationDetail, RecommendationFilters, RecommendationQuery, RecommendationRow,
    ResourceRow, ScopeItem, Targets, TreeItem,
};
use exempt_core::{AssessmentIx, Cloud, Error, RecommendationIx, Score, Status};
use serde::{Deserialize, Serialize};

/// Which environment to show.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EnvironmentChoice {
    /// The embedded Contoso demo.
    Demo,
    /// The generated 1,000,000-assessment environment.
    Large,
    /// Export files the host page of an embedded view sent; never stored.
    Hosted,
    /// An imported environment, kept in IndexedDB under this id (`env-…`).
    Imported(String),
}

impl EnvironmentChoice {
    /// The name used in storage keys and settings.
    pub fn key(&self) -> &str {
        match self {
            EnvironmentChoice::Demo => "demo",
            EnvironmentChoice::Large => "large",
            EnvironmentChoice::Hosted => "hosted",
            EnvironmentChoice::Imported(id) => id,
        }
    }

    /// Reads [`key`](Self::key) of an environment that can be chosen again
    /// (a hosted one cannot: only its host can send it).
    pub fn from_key(key: &str) -> Option<EnvironmentChoice> {
        match key {
            "demo" => Some(EnvironmentChoice::Demo),
            "large" => Some(EnvironmentChoice::Large),
            id if id.starts_with("env-") => Some(EnvironmentChoice::Imported(id.to_string())),
            _ => None,
        }
    }
}

/// A request and the id its reply will carry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope {
    /// Chosen by the page, unique per page.
    pub id: u64,
    /// What is asked.
    pub request: Request,
}

/// Everything the page can ask.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Load an environment with its stored exemptions (the document text).
    Open {
        /// Which one.
        environment: EnvironmentChoice,
        /// The stored document, if any.
        document: Option<String>,
        /// Storage holds nothing for the demo: start it with the demo's
        /// example exemptions (a first visit).
        seed: bool,
    },
    /// The Overview, for all clouds or one.
    Overview(Option<Cloud>),
    /// The gap by exemption and category.
    Gap,
    /// A window of the Recommendations list.
    Recommendations {
        /// Search and filters.
        query: RecommendationQuery,
        /// First row.
        offset: u32,
        /// Rows.
        limit: u32,
    },
    /// What the Recommendations filters offer.
    RecommendationFilters,
    /// One recommendation, by assessment key.
    Recommendation(String),
    /// A window of a recommendation's resources with one status.
    Resources {
        /// The recommendation.
        recommendation: RecommendationIx,
        /// The tab.
        status: Status,
        /// First row.
        offset: u32,
        /// Rows.
        limit: u32,
    },
    /// Why an assessment has its status.
    Explain(AssessmentIx),
    /// Management groups, subscriptions and connectors with scores.
    EnvironmentTree,
    /// A window of the Exemptions list.
    Exemptions {
        /// Search, filters, order.
        query: ExemptionQuery,
        /// First row.
        offset: u32,
        /// Rows.
        limit: u32,
    },
    /// The first findings in words.
    Findings(u32),
    /// The scope picker's tree for a cloud.
    ScopeTree(Cloud),
    /// Resources right below a scope in the picker.
    ScopeResources {
        /// The cloud.
        cloud: Cloud,
        /// The parent scope.
        scope: String,
        /// First row.
        offset: u32,
        /// Rows.
        limit: u32,
    },
    /// Scopes whose name or id contains the text.
    ScopeSearch {
        /// The cloud.
        cloud: Cloud,
        /// The text.
        text: String,
        /// Rows.
        limit: u32,
    },
    /// Recommendations and categories for a cloud and scopes.
    Targets {
        /// The cloud.
        cloud: Cloud,
        /// The chosen scopes.
        scopes: Vec<String>,
    },
    /// The impact and overlaps of a draft (exemption file JSON).
    Review {
        /// The draft.
        draft: String,
        /// The id of the exemption it edits.
        editing: Option<String>,
    },
    /// One exemption, by id.
    Exemption(String),
    /// Whether another exemption (not `except`) has this name, without case.
    NameTaken {
        /// The name.
        name: String,
        /// The id of the exemption being edited.
        except: Option<String>,
    },
    /// The history, newest first, filtered by name.
    History {
        /// Words in the name.
        text: String,
        /// Rows.
        limit: u32,
    },
    /// Change the exemptions.
    Edit(EditRequest),
    /// Replace the exemptions, in memory only, by generated ones.
    Generate(u32),
    /// Merge with what storage holds now, for a save.
    Merge {
        /// The stored text.
        stored: Option<String>,
        /// Unreadable stored text has been kept aside.
        unreadable_kept: bool,
    },
    /// The merged text was written, or could not be.
    Saved(bool),
    /// Another tab wrote this.
    External(Option<String>),
    /// Show an environment made of these export files (name, text), with
    /// no exemptions, kept in memory only.
    Load(Vec<(String, String)>),
    /// Show these exemptions (an exemption file), kept in memory only.
    HostExemptions(String),
    /// Start reading a tenant's files, beside what is shown.
    ImportBegin,
    /// One file of the import; its bytes travel beside the message.
    ImportFile(String),
    /// All files are read: build the environment and summarise it.
    ImportFinish,
    /// Drop the import; nothing changes.
    ImportCancel,
    /// Keep the built environment in IndexedDB under this id.
    ImportKeep(String),
    /// Forget a kept environment.
    Forget(String),
    /// Read exemption files of any format `exempt import` reads (name,
    /// text), with definition files among them, and compare them with the
    /// exemptions shown; nothing changes until they are adopted.
    ReadExemptions(Vec<(String, String)>),
    /// The exemptions shown (all, or these ids) in a format `exempt export
    /// --to` names.
    Export(ExportRequest),
}

/// What Export writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportRequest {
    /// The format, as `--to` names it.
    pub format: String,
    /// Only these exemptions; all when absent.
    pub ids: Option<Vec<String>>,
    /// Initiative, assessment metadata and assignment files (name, text),
    /// for Azure Policy's formats.
    pub definitions: Vec<(String, String)>,
    /// Policy assignments: full ids, or a name for the assignment of that
    /// name at each subscription.
    pub assignments: Vec<String>,
}

/// Read exemption files set beside the exemptions shown.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Comparison {
    /// The exemption files read.
    pub files: Vec<String>,
    /// The files read as definitions (initiatives, assessment metadata).
    pub definitions: Vec<String>,
    /// Names only the files have: Apply adds them.
    pub added: Vec<String>,
    /// Exemptions both have whose content differs: Apply updates ours.
    pub updated: Vec<Changed>,
    /// How many both have alike.
    pub unchanged: u32,
    /// Names only the exemptions shown have.
    pub only_here: Vec<String>,
    /// What could not be brought over, each naming file, item and field.
    pub rejected: Vec<String>,
    /// What was changed on the way (a name already taken).
    pub notes: Vec<String>,
}

/// One exemption both sides have, and how it differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Changed {
    /// Its name.
    pub name: String,
    /// Each differing field: (field, ours, theirs), values as JSON text.
    pub fields: Vec<(String, String, String)>,
}

/// An export, ready to download.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    /// A file name for the download.
    pub name: String,
    /// Its media type.
    pub mime: String,
    /// Its text.
    pub text: String,
    /// What the format could not hold, and was left out.
    pub notes: Vec<String>,
}

impl Request {
    /// Requests that only read: a newer one of the same kind makes a queued
    /// older one pointless.
    pub fn supersedes(&self) -> bool {
        !matches!(
            self,
            Request::Open { .. }
                | Request::Edit(_)
                | Request::Generate(_)
                | Request::Merge { .. }
                | Request::Saved(_)
                | Request::External(_)
                | Request::Load(_)
                | Request::HostExemptions(_)
                | Request::ImportBegin
                | Request::ImportFile(_)
                | Request::ImportFinish
                | Request::ImportCancel
                | Request::ImportKeep(_)
                | Request::Forget(_)
                | Request::ReadExemptions(_)
                | Request::Export(_)
        )
    }

    /// Whether `other` is of the same kind (the same variant).
    pub fn same_kind(&self, other: &Request) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// A change to the exemptions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EditRequest {
    /// A new exemption (JSON, with its id and creation time set).
    Create(String),
    /// An edited exemption (JSON), started from `base_revision`.
    Update {
        /// The new version.
        exemption: String,
        /// The revision the edit started from.
        base_revision: u32,
        /// Save over another tab's change.
        overwrite: bool,
    },
    /// A new expiry (RFC 3339) and justification.
    Renew {
        /// The exemption's id.
        id: String,
        /// The new expiry.
        expires_on: String,
        /// The new justification.
        justification: String,
    },
    /// Delete by id.
    Delete(String),
    /// Delete every exemption ("Start empty").
    DeleteAll,
    /// Bring the last deletion back.
    Undo,
    /// Adopt exemptions read by `ReadExemptions`: those named, or every
    /// added and updated one.
    Adopt(Option<Vec<String>>),
    /// Settle a conflict with another tab.
    Resolve {
        /// The exemption's id.
        id: String,
        /// Keep this tab's version.
        keep_mine: bool,
    },
}

/// One exemption, for editing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExemptionDetail {
    /// In the exemption file format.
    pub json: String,
    /// Its revision, to notice edits made elsewhere meanwhile.
    pub revision: u32,
}

/// One history entry, ready to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryRow {
    /// When (RFC 3339).
    pub at: String,
    /// The exemption's id.
    pub id: String,
    /// Its name then.
    pub name: String,
    /// Whether it still exists.
    pub exists: bool,
    /// Created, Edited, Renewed, Deleted, Restored.
    pub event: String,
    /// The changes, in words (field: old → new).
    pub details: Vec<String>,
}

/// What an edit did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EditReply {
    /// Applied.
    Done,
    /// Not applied: another tab changed it meanwhile.
    Conflict(Box<Conflict>),
}

/// What a merge for a save found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum MergeReply {
    /// Nothing to save.
    Clean,
    /// Write this text.
    Write {
        /// The merged document.
        text: String,
        /// Exemptions taken from another tab.
        adopted: u32,
        /// Conflicts found.
        conflicts: u32,
    },
    /// The stored text cannot be read: keep it aside first.
    Unreadable(String),
}

/// What opening found in the stored document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenReport {
    /// Why the stored text could not be read (it must be kept aside).
    pub unreadable: Option<String>,
    /// The schema it was upgraded from.
    pub migrated_from: Option<u64>,
}

/// Every answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// Done, nothing to return.
    Done,
    /// An environment and its document are open.
    Opened(OpenReport),
    /// A newer request of the same kind took this one's place.
    Superseded,
    /// The Overview.
    Overview(Overview),
    /// The gap.
    Gap(Gap),
    /// Recommendations.
    Recommendations(Page<RecommendationRow>),
    /// The filters' choices.
    RecommendationFilters(RecommendationFilters),
    /// One recommendation.
    Recommendation(RecommendationDetail),
    /// Its resources.
    Resources(Page<ResourceRow>),
    /// An explanation.
    Explain(ExplainView),
    /// The environment tree.
    EnvironmentTree(Vec<TreeItem>),
    /// Exemption rows.
    Exemptions(ExemptionPage),
    /// Findings.
    Findings(FindingsView),
    /// The scope picker's tree.
    ScopeTree(Vec<ScopeItem>),
    /// Scopes (resources or search results).
    Scopes(Page<ScopeItem>),
    /// What the Recommendations step offers.
    Targets(Targets),
    /// A draft's review.
    Review(DraftReview),
    /// One exemption.
    Exemption(ExemptionDetail),
    /// Whether the name is taken.
    NameTaken(bool),
    /// History rows, and how many matched in all.
    History(Vec<HistoryRow>, u32),
    /// What an edit did.
    Edit(EditReply),
    /// What a merge found.
    Merge(MergeReply),
    /// What one imported file gave.
    ImportFile(FileSummary),
    /// What the import would bring.
    ImportSummary(Box<ImportSummary>),
    /// Exemption files set beside the exemptions shown.
    Comparison(Box<Comparison>),
    /// An export.
    Exported(Box<ExportFile>),
    /// The environment is kept: its counts and size.
    Kept {
        /// Assessments.
        assessments: u64,
        /// Resources.
        resources: u64,
        /// Bytes kept.
        bytes: u64,
    },
}

/// The reply to one request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reply {
    /// The request's id.
    pub id: u64,
    /// Its answer, or why there is none.
    pub answer: Result<Answer, Error>,
}

/// The state the page shows everywhere, sent after every change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Grows with every change; queries re-run when it does.
    pub revision: u64,
    /// The environment shown.
    pub environment: EnvironmentChoice,
    /// Assessments loaded.
    pub assessments: u64,
    /// Resources loaded.
    pub resources: u64,
    /// Exemptions.
    pub exemptions: u64,
    /// The secure score with exemptions.
    pub score: Score,
    /// Without.
    pub without: Score,
    /// Memory holds changes storage does not.
    pub dirty: bool,
    /// Why the exemptions shown are kept in memory only, when they are.
    pub memory_only: Option<MemoryOnly>,
    /// The name of the last deleted exemption, while Undo can bring it back.
    pub undo: Option<String>,
    /// Edits that met another tab's change.
    pub conflicts: Vec<Conflict>,
    /// What loading mended or set aside, in words.
    pub repairs: Vec<String>,
    /// Stored rows kept aside as unusable.
    pub set_aside: u32,
    /// The lifecycle review has run since the last change.
    pub findings_ready: bool,
    /// Each exemption's worth has been measured since the last change.
    pub worth_ready: bool,
    /// The engine's memory (its wasm heap), in bytes.
    pub heap_bytes: u64,
}

/// Why exemptions are shown but never saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemoryOnly {
    /// Generated for trying the app at scale.
    Generated,
    /// Sent by the host page of an embedded view.
    Hosted,
}

/// What the worker says unasked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// The worker's engine is loaded and listening.
    Ready,
    /// Long work under way for a request (or for the review, id 0).
    Progress {
        /// The request, or 0 for background work.
        id: u64,
        /// What is being done, in words.
        label: String,
        /// Steps done.
        done: u32,
        /// Steps in all.
        total: u32,
    },
    /// The state after a change.
    State(Box<Summary>),
    /// The worker failed and must be reloaded.
    Crashed(String),
}

/// What the worker sends.
// One message at a time, decoded once: boxing the large variant buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ToPage {
    /// An answer.
    Reply(Reply),
    /// Something unasked.
    Event(Event),
}

/// Encodes a message for posting.
pub fn encode<T: Serialize>(message: &T) -> Vec<u8> {
    // Every message type serializes: postcard fails only on types it cannot
    // represent, which the tests of this module rule out.
    postcard::to_allocvec(message).unwrap_or_default()
}

/// Decodes a posted message.
pub fn decode<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, String> {
    postcard::from_bytes(bytes).map_err(|e| format!("a message could not be read: {e}"))
}
