//! The worker's state and the answer to each request. This only converts:
//! every number and every decision comes from the core's [`Session`] and
//! [`Store`].

use crate::protocol::{
    Answer, EditReply, EditRequest, EnvironmentChoice, ExemptionDetail, HistoryRow, MergeReply,
    OpenReport, Request, Summary,
};
use chrono::{DateTime, Utc};
use exempt_core::document::{
    decode, repair, Change, Decoded, Document, Edit, EditOutcome, MergeOutcome, Store,
};
use exempt_core::session::ReviewStage;
use exempt_core::synth::{Spec, Synth};
use exempt_core::{Error, Exemption, Session};

/// Work per slice of the background review, in assessments: a slice takes
/// a few tens of milliseconds, so a request waits at most that long.
const REVIEW_BUDGET: usize = 40_000;

/// How many generated exemptions the Settings page may ask for.
pub const MAX_GENERATED: u32 = 200_000;

/// The session, the stored document, and what loading found.
pub struct Engine {
    session: Option<Session>,
    environment: EnvironmentChoice,
    store: Store,
    /// Generated exemptions, kept in memory only.
    generated: Option<Store>,
    repairs: Vec<String>,
    revision: u64,
}

fn now() -> DateTime<Utc> {
    // The worker's clock; whole milliseconds are plenty for expiry.
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

fn fresh_id() -> String {
    let hex = |n: usize| -> String {
        (0..n)
            .map(|_| {
                let d = (js_sys::Math::random() * 16.0).floor() as u32;
                char::from_digit(d.min(15), 16).unwrap_or('0')
            })
            .collect()
    };
    format!("{}-{}-4{}-a{}-{}", hex(8), hex(4), hex(3), hex(3), hex(12))
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

fn parse(json: &str) -> Result<Exemption, Error> {
    let value =
        exempt_core::json::parse(json).map_err(|e| Error::exemption_file(None, e.to_string()))?;
    Exemption::from_value(1, &value).map_err(|p| Error::exemptions(None, p))
}

fn no_environment() -> Error {
    Error::not_found("no environment is loaded yet")
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            session: None,
            environment: EnvironmentChoice::Demo,
            store: Store::default(),
            generated: None,
            repairs: Vec::new(),
            revision: 0,
        }
    }
}

impl Engine {
    fn session(&self) -> Result<&Session, Error> {
        self.session.as_ref().ok_or_else(no_environment)
    }

    /// The exemptions shown: generated ones, or the stored document's.
    fn store(&self) -> &Store {
        self.generated.as_ref().unwrap_or(&self.store)
    }

    fn store_mut(&mut self) -> &mut Store {
        self.generated.as_mut().unwrap_or(&mut self.store)
    }

    /// Hands the store's exemptions to the session at the current time.
    fn sync(&mut self) -> Result<(), Error> {
        let list = self.store().exemptions();
        if let Some(s) = self.session.as_mut() {
            s.set_time(now())?;
            s.set_exemptions(list)?;
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
            dirty: self.generated.is_none() && self.store.dirty(),
            generated: self.generated.is_some(),
            undo: store.undo_name(),
            conflicts: store.conflicts().to_vec(),
            repairs: self.repairs.clone(),
            set_aside: u32::try_from(store.document().set_aside.len()).unwrap_or(u32::MAX),
            findings_ready: s.is_some_and(Session::findings_ready),
            worth_ready: s.is_some_and(Session::worth_ready),
            heap_bytes: heap_bytes(),
        }
    }

    /// Whether the answer to `request` changed the state.
    pub fn changes_state(request: &Request) -> bool {
        matches!(
            request,
            Request::Open { .. }
                | Request::Edit(_)
                | Request::Generate(_)
                | Request::Merge { .. }
                | Request::Saved(_)
                | Request::External(_)
        )
    }

    /// Loads an environment: the long step of opening.
    pub fn load_environment(&mut self, environment: &EnvironmentChoice) -> Result<(), Error> {
        if self.session.is_some() && &self.environment == environment {
            return Ok(());
        }
        let env = match environment {
            EnvironmentChoice::Demo => exempt_core::demo::environment()?,
            EnvironmentChoice::Large => Synth::new(Spec::large()).environment(),
        };
        self.session = Some(Session::new(env, now()));
        self.environment = environment.clone();
        Ok(())
    }

    /// Reads the stored document and evaluates it.
    pub fn open_document(&mut self, text: Option<&str>) -> Result<OpenReport, Error> {
        let mut report = OpenReport {
            unreadable: None,
            migrated_from: None,
        };
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
        let (doc, repairs) = repair(doc, &mut fresh_id);
        self.repairs = repairs.into_iter().map(|r| r.message).collect();
        self.store = Store::new(doc);
        if !self.repairs.is_empty() {
            // What was mended is saved, so the ids the page acts on are the
            // ones storage holds.
            self.store.mark_dirty();
        }
        self.generated = None;
        self.sync()?;
        Ok(report)
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

    /// Answers a request.
    pub fn answer(&mut self, request: Request) -> Result<Answer, Error> {
        let page = |offset: u32, limit: u32| (offset as usize, (limit as usize).min(1000));
        Ok(match request {
            Request::Open { document, .. } => {
                Answer::Opened(self.open_document(document.as_deref())?)
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
                let wanted = name.trim().to_lowercase();
                Answer::NameTaken(
                    !wanted.is_empty()
                        && self.store().document().exemptions.iter().any(|r| {
                            r.exemption.id != except
                                && r.exemption.name.trim().to_lowercase() == wanted
                        }),
                )
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
                if self.generated.is_none() && self.store.take_external(stored.as_deref()).is_some()
                {
                    self.sync()?;
                }
                Answer::Done
            }
        })
    }

    fn edit(&mut self, edit: EditRequest) -> Result<EditReply, Error> {
        let edit = match edit {
            EditRequest::Create(json) => Edit::Create(parse(&json)?),
            EditRequest::Update {
                exemption,
                base_revision,
                overwrite,
            } => Edit::Update {
                exemption: parse(&exemption)?,
                base_revision,
                overwrite,
            },
            EditRequest::Renew {
                id,
                expires_on,
                justification,
            } => Edit::Renew {
                id,
                expires_on: DateTime::parse_from_rfc3339(&expires_on)
                    .map_err(|e| Error::invalid(format!("expiresOn: {e}")).at_field("expiresOn"))?
                    .with_timezone(&Utc),
                justification,
            },
            EditRequest::Delete(id) => Edit::Delete(id),
            EditRequest::Undo => Edit::Undo,
            EditRequest::Resolve { id, keep_mine } => Edit::Resolve { id, keep_mine },
        };
        match self.store_mut().apply(edit, now())? {
            EditOutcome::Done => {
                self.sync()?;
                Ok(EditReply::Done)
            }
            EditOutcome::Conflict(c) => Ok(EditReply::Conflict(c)),
        }
    }

    fn generate(&mut self, count: u32) -> Result<(), Error> {
        let count = count.min(MAX_GENERATED) as usize;
        let spec = Spec {
            exemptions: count,
            ..Spec::large()
        };
        let records = Synth::new(spec)
            .exemptions()
            .into_iter()
            .enumerate()
            .map(|(i, mut exemption)| {
                exemption.id = Some(format!("generated-{i}"));
                exempt_core::document::Record {
                    exemption,
                    revision: 1,
                }
            })
            .collect();
        self.generated = Some(Store::new(Document {
            exemptions: records,
            ..Document::default()
        }));
        self.sync()
    }

    fn merge(&mut self, stored: Option<&str>, unreadable_kept: bool) -> MergeReply {
        if self.generated.is_some() || !self.store.dirty() {
            return MergeReply::Clean;
        }
        match self.store.merge_for_save(stored, unreadable_kept) {
            MergeOutcome::Write {
                text,
                adopted,
                conflicts,
            } => {
                if adopted > 0 || conflicts > 0 {
                    // Another tab's exemptions came in with the merge.
                    let _ = self.sync();
                }
                MergeReply::Write {
                    text,
                    adopted: u32::try_from(adopted).unwrap_or(u32::MAX),
                    conflicts: u32::try_from(conflicts).unwrap_or(u32::MAX),
                }
            }
            MergeOutcome::Unreadable { reason } => MergeReply::Unreadable(reason),
        }
    }

    fn history(&self, text: &str, limit: usize) -> (Vec<HistoryRow>, u32) {
        let store = self.store();
        let q = text.trim().to_lowercase();
        let matching: Vec<_> = store
            .document()
            .history
            .iter()
            .rev()
            .filter(|h| q.is_empty() || h.name.to_lowercase().contains(&q))
            .collect();
        let total = u32::try_from(matching.len()).unwrap_or(u32::MAX);
        let rows = matching
            .into_iter()
            .take(limit)
            .map(|h| {
                let (event, details) = match &h.change {
                    Change::Created => ("Created", Vec::new()),
                    Change::Edited { fields, changes } if changes.is_empty() => {
                        ("Edited", vec![format!("changed: {}", fields.join(", "))])
                    }
                    Change::Edited { changes, .. } => (
                        "Edited",
                        changes
                            .iter()
                            .map(|c| {
                                format!("{}: {} → {}", c.field, shown(&c.before), shown(&c.after))
                            })
                            .collect(),
                    ),
                    Change::Renewed { from, to } => (
                        "Renewed",
                        vec![format!(
                            "expiry {} → {}",
                            from.as_deref().unwrap_or("none"),
                            to
                        )],
                    ),
                    Change::Deleted => ("Deleted", Vec::new()),
                    Change::Restored => ("Restored", vec!["by Undo".to_string()]),
                };
                HistoryRow {
                    at: h.at.clone(),
                    id: h.id.clone(),
                    name: h.name.clone(),
                    exists: store.record(&h.id).is_some(),
                    event: event.to_string(),
                    details,
                }
            })
            .collect();
        (rows, total)
    }
}

fn shown(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "(none)".to_string(),
        serde_json::Value::String(s) => format!("“{s}”"),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}
