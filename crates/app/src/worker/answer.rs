//! The answer to each request.

use super::engine::{parse, Engine};
use crate::protocol::{Answer, ExemptionDetail, Request};
use exempt_core::Error;

impl Engine {
    /// Answers a request.
    pub fn answer(&mut self, request: Request) -> Result<Answer, Error> {
        let page = |offset: u32, limit: u32| (offset as usize, (limit as usize).min(1000));
        Ok(match request {
            Request::Open { document, seed, .. } => {
                Answer::Opened(self.open_document(document.as_deref(), seed)?)
            }
            Request::Overview(cloud) => Answer::Overview(self.session()?.overview(cloud)),
            Request::Gap => Answer::Gap(self.session()?.gap(10)),
            Request::Recommendations {
                query,
                offset,
                limit,
            } => {
                let (o, l) = page(offset, limit);
                Answer::Recommendations(self.session()?.recommendations(&query, o, l))
            }
            Request::RecommendationFilters => {
                Answer::RecommendationFilters(self.session()?.recommendation_filters())
            }
            Request::Recommendation(key) => {
                Answer::Recommendation(self.session()?.recommendation_detail(&key)?)
            }
            Request::Resources {
                recommendation,
                status,
                offset,
                limit,
            } => {
                let (o, l) = page(offset, limit);
                Answer::Resources(self.session()?.recommendation_resources(
                    recommendation,
                    status,
                    o,
                    l,
                )?)
            }
            Request::Explain(a) => Answer::Explain(self.session()?.explain_view(a)?),
            Request::EnvironmentTree => Answer::EnvironmentTree(self.session()?.environment_tree()),
            Request::Exemptions {
                query,
                offset,
                limit,
            } => {
                let (o, l) = page(offset, limit);
                Answer::Exemptions(self.session()?.exemption_rows(&query, o, l))
            }
            Request::Findings(limit) => {
                Answer::Findings(self.session()?.findings_view(limit as usize))
            }
            Request::ScopeTree(cloud) => Answer::ScopeTree(self.session()?.scope_tree(cloud)),
            Request::ScopeResources {
                cloud,
                scope,
                offset,
                limit,
            } => {
                let (o, l) = page(offset, limit);
                Answer::Scopes(self.session()?.scope_resources(cloud, &scope, o, l)?)
            }
            Request::ScopeSearch { cloud, text, limit } => Answer::Scopes(
                self.session()?
                    .scope_search(cloud, &text, (limit as usize).min(1000)),
            ),
            Request::Targets { cloud, scopes } => {
                Answer::Targets(self.session()?.targets(cloud, &scopes))
            }
            Request::Review { draft, editing } => {
                let s = self.session()?;
                let draft = parse(&draft)?;
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
            Request::Exemption(id) => {
                let r = self.store().record(&id).ok_or_else(|| {
                    Error::not_found(
                        "no such exemption: it may have been deleted, in this tab or another",
                    )
                })?;
                Answer::Exemption(ExemptionDetail {
                    json: r.exemption.to_value().to_string(),
                    revision: r.revision,
                })
            }
            Request::NameTaken { name, except } => {
                Answer::NameTaken(self.store().name_taken(&name, except.as_deref()))
            }
            Request::History { text, limit } => {
                let (rows, total) = self.history(&text, limit as usize);
                Answer::History(rows, total)
            }
            Request::Edit(edit) => Answer::Edit(self.edit(edit)?),
            Request::Generate(count) => {
                self.generate(count)?;
                Answer::Done
            }
            Request::Merge {
                stored,
                unreadable_kept,
            } => Answer::Merge(self.merge(stored.as_deref(), unreadable_kept)),
            Request::Saved(ok) => {
                if ok {
                    self.store.saved();
                } else {
                    self.store.save_failed();
                }
                Answer::Done
            }
            Request::External(stored) => {
                if self.memory.is_none() && self.store.take_external(stored.as_deref()).is_some() {
                    self.sync()?;
                }
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
                Answer::Comparison(Box::new(self.read_exemptions(files)?))
            }
            Request::Export(request) => Answer::Exported(Box::new(self.export(request)?)),
            Request::HostExemptions(text) => {
                self.host_exemptions(&text)?;
                Answer::Done
            }
        })
    }
}
