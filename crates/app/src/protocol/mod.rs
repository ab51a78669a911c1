//! The messages between the page and the engine's worker: typed enums,
//! encoded with postcard (compact, no field names on the wire).
//!
//! The page sends [`Envelope`]s, each a [`Request`] with an id; the worker
//! answers each id once with a [`Reply`] and, unasked, sends [`Event`]s:
//! ready, progress of long work, and the state after every change. Requests
//! that only read supersede queued ones of the same kind, so typing into a
//! filter never queues behind itself. Requests and answers are the core's own
//! types; exemptions cross as their text in the exemption file format, the
//! one encoding the core validates.

pub mod ask;
mod environment;
mod state;

pub use environment::EnvironmentChoice;
use exempt_core::document::{Edit, EditOutcome, MergeOutcome};
use exempt_core::exemption::Policy;
use exempt_core::input::{FileSummary, ImportSummary};
use exempt_core::session::GovernanceView;
use exempt_core::session::{
    DraftReview, ExemptionPage, ExemptionQuery, ExplainView, FindingsView, Gap, Overview, Page,
    RecommendationDetail, RecommendationFilters, RecommendationQuery, RecommendationRow,
    ResourceRow, ScopeItem, Targets, TreeItem,
};
use exempt_core::workspace::{
    Comparison, ExemptionDetail, ExportFile, ExportRequest, HistoryPage, Opened, Preview,
    ProblemRow, ProblemsView,
};
use exempt_core::{AssessmentIx, Cloud, Error, Exemption, RecommendationIx, Status};
use serde::{Deserialize, Serialize};
pub use state::Summary;

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
    /// The gap by exemption and category, for all clouds or one.
    Gap(Option<Cloud>),
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
    /// A window of a recommendation's vulnerability findings.
    RecommendationFindings {
        /// The recommendation.
        recommendation: RecommendationIx,
        /// CVE, title or resource text to look for.
        query: String,
        /// First row.
        offset: u32,
        /// Rows.
        limit: u32,
    },
    /// Why an assessment has its status.
    Explain(AssessmentIx),
    /// One exemption, for its own page, by id.
    ExemptionView(String),
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
    /// The impact and overlaps of a draft.
    Review {
        /// The draft.
        #[serde(with = "exempt_core::exemption::text")]
        draft: Exemption,
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
    Edit(Edit),
    /// Change several exemptions as one (a bulk action): all or none.
    EditAll(Vec<Edit>),
    /// What a bulk action would do to the overall score.
    Preview(Vec<Edit>),
    /// Set the team's rules (none: no rules).
    SetPolicy(Option<Policy>),
    /// The Overview's governance panel.
    Governance,
    /// The evidence pack of the exemptions shown.
    Evidence(EvidenceFormat),
    /// The linter's problems with the exemptions shown: the first ones.
    Problems(u32),
    /// The linter's problems with a draft.
    DraftProblems(#[serde(with = "exempt_core::exemption::text")] Exemption),
    /// Adopt exemptions read by `ReadExemptions`: those named, or every
    /// one read.
    Adopt(Option<Vec<String>>),
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

impl Request {
    /// Whether answering changes the state every page shows.
    pub fn changes_state(&self) -> bool {
        matches!(
            self,
            Request::Open { .. }
                | Request::Edit(_)
                | Request::EditAll(_)
                | Request::SetPolicy(_)
                | Request::Adopt(_)
                | Request::Generate(_)
                | Request::Merge { .. }
                | Request::Saved(_)
                | Request::External(_)
                | Request::Load(_)
                | Request::HostExemptions(_)
        )
    }

    /// Changes the user made: lost if the page goes before the worker
    /// has them (see `in_flight`).
    pub fn is_user_change(&self) -> bool {
        matches!(
            self,
            Request::Edit(_) | Request::EditAll(_) | Request::SetPolicy(_) | Request::Adopt(_)
        )
    }

    /// Requests that only read: a newer one of the same kind makes a queued
    /// older one pointless. Changes, imports (each file one step of one
    /// import), reading exemption files and exports are all kept.
    pub fn supersedes(&self) -> bool {
        !self.changes_state()
            && !matches!(
                self,
                Request::ImportBegin
                    | Request::ImportFile(_)
                    | Request::ImportFinish
                    | Request::ImportCancel
                    | Request::ImportKeep(_)
                    | Request::Forget(_)
                    | Request::ReadExemptions(_)
                    | Request::Export(_)
                    | Request::Evidence(_)
            )
    }

    /// Whether `other` is of the same kind (the same variant).
    pub fn same_kind(&self, other: &Request) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// Every answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// Done, nothing to return.
    Done,
    /// An environment and its document are open.
    Opened(Opened),
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
    /// Its findings.
    RecommendationFindings(Page<exempt_core::session::FindingRow>),
    /// An explanation.
    Explain(ExplainView),
    /// One exemption, for its own page.
    ExemptionView(Box<exempt_core::workspace::ExemptionView>),
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
    History(HistoryPage),
    /// What an edit did.
    Edit(EditOutcome),
    /// What a merge found.
    Merge(MergeOutcome),
    /// What one imported file gave.
    ImportFile(FileSummary),
    /// What the import would bring.
    ImportSummary(Box<ImportSummary>),
    /// Exemption files set beside the exemptions shown.
    Comparison(Box<Comparison>),
    /// An export.
    Exported(Box<ExportFile>),
    /// The environment is kept: its counts and size.
    Kept(Kept),
    /// How many exemptions a bulk action changed.
    Count(u32),
    /// A bulk action's effect.
    Preview(Preview),
    /// The governance panel.
    Governance(GovernanceView),
    /// The linter's problems.
    Problems(ProblemsView),
    /// A draft's problems.
    DraftProblems(Vec<ProblemRow>),
}

/// The evidence pack's formats, as the page asks for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EvidenceFormat {
    /// One self-contained HTML file.
    Html,
    /// The exemptions table.
    Csv,
}

/// An imported environment, kept: its counts and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    /// Assessments.
    pub assessments: u64,
    /// Resources.
    pub resources: u64,
    /// Bytes kept.
    pub bytes: u64,
}

/// The reply to one request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reply {
    /// The request's id.
    pub id: u64,
    /// Its answer, or why there is none.
    pub answer: Result<Answer, Error>,
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
