//! The answer to each request.

use super::engine::Engine;
use crate::clock::now;
use crate::protocol::{Answer, EvidenceFormat, Request};
use exempt_core::document::EditOutcome;
use exempt_core::evidence::PackFormat;
use exempt_core::workspace::ExportFile;
use exempt_core::Error;

impl Engine {
    /// Answers a request.
    pub fn answer(&mut self, request: Request) -> Result<Answer, Error> {
        let page = |offset: u32, limit: u32| (offset as usize, (limit as usize).min(1000));
        Ok(match request {
            Request::Open { document, seed, .. } => {
                Answer::Opened(self.open_document(document.as_deref(), seed)?)
            }
            Request::Overview(cloud) => Answer::Overview(self.workspace.session()?.overview(cloud)),
            Request::Gap(cloud) => Answer::Gap(self.workspace.session()?.gap(10, cloud)),
            Request::Recommendations {
                query,
                offset,
                limit,
            } => {
                let (o, l) = page(offset, limit);
                Answer::Recommendations(self.workspace.session()?.recommendations(&query, o, l))
            }
            Request::RecommendationFilters => {
                Answer::RecommendationFilters(self.workspace.session()?.recommendation_filters())
            }
            Request::Recommendation(key) => {
                Answer::Recommendation(self.workspace.session()?.recommendation_detail(&key)?)
            }
            Request::Resources {
                recommendation,
                status,
                offset,
                limit,
            } => {
                let (o, l) = page(offset, limit);
                Answer::Resources(self.workspace.session()?.recommendation_resources(
                    recommendation,
                    status,
                    o,
                    l,
                )?)
            }
            Request::RecommendationFindings {
                recommendation,
                query,
                offset,
                limit,
            } => {
                let (o, l) = page(offset, limit);
                Answer::RecommendationFindings(self.workspace.session()?.recommendation_findings(
                    recommendation,
                    &query,
                    o,
                    l,
                )?)
            }
            Request::Explain(a) => Answer::Explain(self.workspace.session()?.explain_view(a)?),
            Request::ExemptionView(id) => {
                Answer::ExemptionView(Box::new(self.workspace.exemption_view(&id)?))
            }
            Request::EnvironmentTree => {
                Answer::EnvironmentTree(self.workspace.session()?.environment_tree())
            }
            Request::Exemptions {
                query,
                offset,
                limit,
            } => {
                let (o, l) = page(offset, limit);
                Answer::Exemptions(self.workspace.exemption_rows(&query, o, l)?)
            }
            Request::Findings(limit) => {
                Answer::Findings(self.workspace.session()?.findings_view(limit as usize))
            }
            Request::ScopeTree(cloud) => {
                Answer::ScopeTree(self.workspace.session()?.scope_tree(cloud))
            }
            Request::ScopeResources {
                cloud,
                scope,
                offset,
                limit,
            } => {
                let (o, l) = page(offset, limit);
                Answer::Scopes(
                    self.workspace
                        .session()?
                        .scope_resources(cloud, &scope, o, l)?,
                )
            }
            Request::ScopeSearch { cloud, text, limit } => Answer::Scopes(
                self.workspace
                    .session()?
                    .scope_search(cloud, &text, (limit as usize).min(1000)),
            ),
            Request::Targets { cloud, scopes } => {
                Answer::Targets(self.workspace.session()?.targets(cloud, &scopes))
            }
            Request::Review { draft, editing } => {
                let s = self.workspace.session()?;
                let editing = match editing {
                    Some(id) => Some(s.find_exemption(&id).ok_or_else(|| {
                        Error::not_found(
                            "the exemption being edited was deleted, in this tab or another",
                        )
                    })?),
                    None => None,
                };
                Answer::Review(s.draft_review(&draft, editing)?)
            }
            Request::Exemption(id) => Answer::Exemption(self.workspace.detail(&id)?),
            Request::NameTaken { name, except } => {
                Answer::NameTaken(self.workspace.name_taken(&name, except.as_deref()))
            }
            Request::History { text, limit } => {
                Answer::History(self.workspace.history(&text, limit as usize))
            }
            Request::Edit(edit) => Answer::Edit(self.workspace.apply(edit, now())?),
            Request::EditAll(edits) => Answer::Count(
                u32::try_from(self.workspace.apply_all(edits, now())?).unwrap_or(u32::MAX),
            ),
            Request::Preview(edits) => Answer::Preview(self.workspace.preview_all(edits, now())?),
            Request::SetPolicy(policy) => {
                self.workspace.set_policy(policy, now())?;
                Answer::Done
            }
            Request::Governance => Answer::Governance(self.workspace.session()?.governance_view()),
            Request::Problems(limit) => {
                Answer::Problems(self.workspace.problems((limit as usize).min(1000))?)
            }
            Request::DraftProblems(draft) => {
                Answer::DraftProblems(self.workspace.draft_problems(&draft, now()))
            }
            Request::Evidence(format) => {
                let format = match format {
                    EvidenceFormat::Html => PackFormat::Html,
                    EvidenceFormat::Csv => PackFormat::Csv,
                };
                let text = self.workspace.evidence()?.write(format)?;
                Answer::Exported(Box::new(ExportFile {
                    name: format.file_name().to_string(),
                    mime: format.mime().to_string(),
                    text,
                    notes: Vec::new(),
                }))
            }
            Request::Adopt(names) => {
                self.workspace.adopt(names.as_deref(), now())?;
                Answer::Edit(EditOutcome::Done)
            }
            Request::Generate(count) => {
                self.generate(count)?;
                Answer::Done
            }
            Request::Merge {
                stored,
                unreadable_kept,
            } => Answer::Merge(self.workspace.merge_for_save(
                stored.as_deref(),
                unreadable_kept,
                now(),
            )?),
            Request::Saved(ok) => {
                self.workspace.saved(ok);
                Answer::Done
            }
            Request::External(stored) => {
                self.workspace.external(stored.as_deref(), now())?;
                Answer::Done
            }
            Request::Load(files) => {
                self.load_files(&files)?;
                Answer::Done
            }
            // Handled by the worker's queue, which waits on storage.
            Request::ImportBegin
            | Request::ImportFile(_)
            | Request::ImportFinish
            | Request::ImportCancel
            | Request::ImportKeep(_)
            | Request::Forget(_) => return Err(Error::not_found("not an engine request")),
            Request::ReadExemptions(files) => {
                Answer::Comparison(Box::new(self.workspace.read_files(files)?))
            }
            Request::Export(request) => {
                Answer::Exported(Box::new(self.workspace.export(&request, now())?))
            }
            Request::HostExemptions(text) => {
                self.host_exemptions(&text)?;
                Answer::Done
            }
        })
    }
}
