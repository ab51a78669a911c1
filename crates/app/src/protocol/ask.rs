//! Requests that name their answer's type. A page asks with an [`Ask`]
//! made by one of this module's functions and gets that type back, so no
//! page picks its answer out of [`Answer`] at run time; the one place an
//! answer is taken apart is [`FromAnswer`], and the native tests check each
//! function's type against what the worker answers.

use super::{Answer, EnvironmentChoice, EvidenceFormat, Kept, Request};
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
    Comparison, ExemptionDetail, ExportFile, ExportRequest, HistoryPage, Opened,
};
use exempt_core::workspace::{Preview, ProblemRow, ProblemsView};
use exempt_core::{AssessmentIx, Cloud, Exemption, RecommendationIx, Status};
use std::marker::PhantomData;

/// A request whose answer is an `A`.
pub struct Ask<A> {
    /// What is sent.
    pub request: Request,
    answer: PhantomData<fn() -> A>,
}

impl<A> Ask<A> {
    fn new(request: Request) -> Self {
        Ask {
            request,
            answer: PhantomData,
        }
    }
}

impl<A> Clone for Ask<A> {
    fn clone(&self) -> Self {
        Ask::new(self.request.clone())
    }
}

impl<A> PartialEq for Ask<A> {
    fn eq(&self, other: &Self) -> bool {
        self.request == other.request
    }
}

impl<A> std::fmt::Debug for Ask<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.request.fmt(f)
    }
}

/// An answer's type, taken out of the message that carried it.
pub trait FromAnswer: Sized {
    /// The value, or `None` when the message carries another type.
    fn from_answer(answer: Answer) -> Option<Self>;
}

macro_rules! from_answer {
    ($($variant:ident => $ty:ty),* $(,)?) => {
        $(impl FromAnswer for $ty {
            fn from_answer(answer: Answer) -> Option<Self> {
                match answer {
                    Answer::$variant(x) => Some(x),
                    _ => None,
                }
            }
        })*
    };
}

from_answer! {
    Opened => Opened,
    Overview => Overview,
    Gap => Gap,
    Recommendations => Page<RecommendationRow>,
    RecommendationFilters => RecommendationFilters,
    Recommendation => RecommendationDetail,
    Resources => Page<ResourceRow>,
    RecommendationFindings => Page<exempt_core::session::FindingRow>,
    Explain => ExplainView,
    ExemptionView => Box<exempt_core::workspace::ExemptionView>,
    EnvironmentTree => Vec<TreeItem>,
    Exemptions => ExemptionPage,
    Findings => FindingsView,
    ScopeTree => Vec<ScopeItem>,
    Scopes => Page<ScopeItem>,
    Targets => Targets,
    Review => DraftReview,
    Exemption => ExemptionDetail,
    NameTaken => bool,
    History => HistoryPage,
    Edit => EditOutcome,
    Merge => MergeOutcome,
    ImportFile => FileSummary,
    ImportSummary => Box<ImportSummary>,
    Comparison => Box<Comparison>,
    Exported => Box<ExportFile>,
    Kept => Kept,
    Count => u32,
    Preview => Preview,
    Governance => GovernanceView,
    Problems => ProblemsView,
    DraftProblems => Vec<ProblemRow>,
}

impl FromAnswer for () {
    fn from_answer(answer: Answer) -> Option<Self> {
        matches!(answer, Answer::Done).then_some(())
    }
}

/// Open an environment with its stored document.
pub fn open(environment: EnvironmentChoice, document: Option<String>, seed: bool) -> Ask<Opened> {
    Ask::new(Request::Open {
        environment,
        document,
        seed,
    })
}

/// The Overview, for all clouds or one.
pub fn overview(cloud: Option<Cloud>) -> Ask<Overview> {
    Ask::new(Request::Overview(cloud))
}

/// The gap by exemption and category, for all clouds or one.
pub fn gap(cloud: Option<Cloud>) -> Ask<Gap> {
    Ask::new(Request::Gap(cloud))
}

/// A window of the Recommendations list.
pub fn recommendations(
    query: RecommendationQuery,
    offset: u32,
    limit: u32,
) -> Ask<Page<RecommendationRow>> {
    Ask::new(Request::Recommendations {
        query,
        offset,
        limit,
    })
}

/// What the Recommendations filters offer.
pub fn recommendation_filters() -> Ask<RecommendationFilters> {
    Ask::new(Request::RecommendationFilters)
}

/// One recommendation, by assessment key.
pub fn recommendation(key: String) -> Ask<RecommendationDetail> {
    Ask::new(Request::Recommendation(key))
}

/// A window of a recommendation's resources with one status.
pub fn resources(
    recommendation: RecommendationIx,
    status: Status,
    offset: u32,
    limit: u32,
) -> Ask<Page<ResourceRow>> {
    Ask::new(Request::Resources {
        recommendation,
        status,
        offset,
        limit,
    })
}

/// A window of a recommendation's vulnerability findings matching `query`.
pub fn recommendation_findings(
    recommendation: RecommendationIx,
    query: String,
    offset: u32,
    limit: u32,
) -> Ask<Page<exempt_core::session::FindingRow>> {
    Ask::new(Request::RecommendationFindings {
        recommendation,
        query,
        offset,
        limit,
    })
}

/// One exemption, for its own page.
pub fn exemption_view(id: String) -> Ask<Box<exempt_core::workspace::ExemptionView>> {
    Ask::new(Request::ExemptionView(id))
}

/// Why an assessment has its status.
pub fn explain(a: AssessmentIx) -> Ask<ExplainView> {
    Ask::new(Request::Explain(a))
}

/// Management groups, subscriptions and connectors with scores.
pub fn environment_tree() -> Ask<Vec<TreeItem>> {
    Ask::new(Request::EnvironmentTree)
}

/// A window of the Exemptions list.
pub fn exemptions(query: ExemptionQuery, offset: u32, limit: u32) -> Ask<ExemptionPage> {
    Ask::new(Request::Exemptions {
        query,
        offset,
        limit,
    })
}

/// The first findings in words.
pub fn findings(limit: u32) -> Ask<FindingsView> {
    Ask::new(Request::Findings(limit))
}

/// The scope picker's tree for a cloud.
pub fn scope_tree(cloud: Cloud) -> Ask<Vec<ScopeItem>> {
    Ask::new(Request::ScopeTree(cloud))
}

/// Resources right below a scope in the picker.
pub fn scope_resources(
    cloud: Cloud,
    scope: String,
    offset: u32,
    limit: u32,
) -> Ask<Page<ScopeItem>> {
    Ask::new(Request::ScopeResources {
        cloud,
        scope,
        offset,
        limit,
    })
}

/// Scopes whose name or id contains the text.
pub fn scope_search(cloud: Cloud, text: String, limit: u32) -> Ask<Page<ScopeItem>> {
    Ask::new(Request::ScopeSearch { cloud, text, limit })
}

/// Recommendations and categories for a cloud and scopes.
pub fn targets(cloud: Cloud, scopes: Vec<String>) -> Ask<Targets> {
    Ask::new(Request::Targets { cloud, scopes })
}

/// The impact and overlaps of a draft, editing the exemption with this id.
pub fn review(draft: Exemption, editing: Option<String>) -> Ask<DraftReview> {
    Ask::new(Request::Review { draft, editing })
}

/// One exemption, by id.
pub fn exemption(id: String) -> Ask<ExemptionDetail> {
    Ask::new(Request::Exemption(id))
}

/// Whether another exemption (not `except`) has this name.
pub fn name_taken(name: String, except: Option<String>) -> Ask<bool> {
    Ask::new(Request::NameTaken { name, except })
}

/// The history, newest first, filtered by name.
pub fn history(text: String, limit: u32) -> Ask<HistoryPage> {
    Ask::new(Request::History { text, limit })
}

/// Change the exemptions.
pub fn edit(edit: Edit) -> Ask<EditOutcome> {
    Ask::new(Request::Edit(edit))
}

/// Change several exemptions as one: all or none; answers how many.
pub fn edit_all(edits: Vec<Edit>) -> Ask<u32> {
    Ask::new(Request::EditAll(edits))
}

/// What a bulk action would do to the overall score.
pub fn preview(edits: Vec<Edit>) -> Ask<Preview> {
    Ask::new(Request::Preview(edits))
}

/// Set the team's rules.
pub fn set_policy(policy: Option<Policy>) -> Ask<()> {
    Ask::new(Request::SetPolicy(policy))
}

/// The linter's first `limit` problems with the exemptions shown.
pub fn problems(limit: u32) -> Ask<ProblemsView> {
    Ask::new(Request::Problems(limit))
}

/// The linter's problems with a draft.
pub fn draft_problems(draft: Exemption) -> Ask<Vec<ProblemRow>> {
    Ask::new(Request::DraftProblems(draft))
}

/// The Overview's governance panel.
pub fn governance() -> Ask<GovernanceView> {
    Ask::new(Request::Governance)
}

/// The evidence pack of the exemptions shown, as a file to save.
pub fn evidence(format: EvidenceFormat) -> Ask<Box<ExportFile>> {
    Ask::new(Request::Evidence(format))
}

/// Adopt exemptions read by [`read_exemptions`]: those named, or all.
pub fn adopt(names: Option<Vec<String>>) -> Ask<EditOutcome> {
    Ask::new(Request::Adopt(names))
}

/// Replace the exemptions, in memory only, by generated ones.
pub fn generate(count: u32) -> Ask<()> {
    Ask::new(Request::Generate(count))
}

/// Merge with what storage holds now, for a save.
pub fn merge(stored: Option<String>, unreadable_kept: bool) -> Ask<MergeOutcome> {
    Ask::new(Request::Merge {
        stored,
        unreadable_kept,
    })
}

/// The merged text was written, or could not be.
pub fn saved(ok: bool) -> Ask<()> {
    Ask::new(Request::Saved(ok))
}

/// Another tab wrote this.
pub fn external(stored: Option<String>) -> Ask<()> {
    Ask::new(Request::External(stored))
}

/// Show an environment made of these export files, in memory only.
pub fn load(files: Vec<(String, String)>) -> Ask<()> {
    Ask::new(Request::Load(files))
}

/// Show these exemptions (an exemption file), in memory only.
pub fn host_exemptions(text: String) -> Ask<()> {
    Ask::new(Request::HostExemptions(text))
}

/// Start reading a tenant's files.
pub fn import_begin() -> Ask<()> {
    Ask::new(Request::ImportBegin)
}

/// One file of the import; its bytes travel beside the message.
pub fn import_file(name: String) -> Ask<FileSummary> {
    Ask::new(Request::ImportFile(name))
}

/// All files are read: build the environment and summarise it.
pub fn import_finish() -> Ask<Box<ImportSummary>> {
    Ask::new(Request::ImportFinish)
}

/// Drop the import.
pub fn import_cancel() -> Ask<()> {
    Ask::new(Request::ImportCancel)
}

/// Keep the built environment in IndexedDB under this id.
pub fn import_keep(id: String) -> Ask<Kept> {
    Ask::new(Request::ImportKeep(id))
}

/// Forget a kept environment.
pub fn forget(id: String) -> Ask<()> {
    Ask::new(Request::Forget(id))
}

/// Read exemption files and compare them with the exemptions shown.
pub fn read_exemptions(files: Vec<(String, String)>) -> Ask<Box<Comparison>> {
    Ask::new(Request::ReadExemptions(files))
}

/// The exemptions shown (all, or some) in a format.
pub fn export(request: ExportRequest) -> Ask<Box<ExportFile>> {
    Ask::new(Request::Export(request))
}
