//! The Exemptions list: rows prepared once per change of the exemptions,
//! sorted once per order, filtered per keystroke, sent a window at a time;
//! what the review and the linter found is in `findings.rs`.

use super::findings::{FindingFlag, ProblemCounts};
use super::{Expiry, Page};
use crate::exemption::{Exemption, State, Target};
use crate::fold::fold;
use crate::ids::ExemptionIx;
use crate::lint::Level;
use crate::model::{Cloud, ExemptionCategory};
use crate::session::Session;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// The column the list is sorted by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExemptionSort {
    /// Name, without case.
    #[default]
    Name,
    /// Mitigated before Waiver.
    Category,
    /// Azure, AWS, GCP.
    Cloud,
    /// Soonest expiry first; none last.
    Expiry,
    /// Resources affected now.
    Affected,
    /// Creation date.
    Created,
}

/// Where the exemptions shown stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StatusFilter {
    /// In force now.
    Active,
    /// Waiting for approval.
    Pending,
    /// Refused.
    Rejected,
    /// Past its expiry.
    Expired,
}

impl StatusFilter {
    fn state(self) -> State {
        match self {
            StatusFilter::Active => State::Active,
            StatusFilter::Pending => State::Pending,
            StatusFilter::Rejected => State::Rejected,
            StatusFilter::Expired => State::Expired,
        }
    }
}

/// The list's search, filters and order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExemptionQuery {
    /// Words in the name, description, scopes or what is exempted.
    pub text: String,
    /// Only this category.
    pub category: Option<ExemptionCategory>,
    /// Only this cloud.
    pub cloud: Option<Cloud>,
    /// Only active or only expired ones.
    pub status: Option<StatusFilter>,
    /// Only those with a lint problem at this level or a more serious one.
    pub problems: Option<Level>,
    /// Only those with a lifecycle finding.
    pub with_findings: bool,
    /// The order.
    pub sort: ExemptionSort,
    /// Ascending (else descending).
    pub ascending: bool,
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExemptionRow {
    /// The exemption.
    pub exemption: ExemptionIx,
    /// Its id, for links and actions.
    pub id: Option<String>,
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: Option<String>,
    /// Mitigated or waiver.
    pub category: ExemptionCategory,
    /// Active, pending, rejected or expired.
    pub state: State,
    /// Who answers for it.
    pub owner: Option<String>,
    /// Its ticket: an id or a URL.
    pub ticket: Option<String>,
    /// Who asked for it, as recorded.
    pub requested_by: Option<String>,
    /// Its cloud.
    pub cloud: Cloud,
    /// The first scope's name, and how many more.
    pub scope: String,
    /// Every scope id.
    pub scopes: Vec<String>,
    /// What it exempts: a recommendation's title, a count, or a category.
    pub target: String,
    /// Expired, or in how many days.
    pub expiry: Expiry,
    /// When it expires, as every page shows an instant.
    pub expires: Option<String>,
    /// Resources it decides something on now.
    pub affected: usize,
    /// Creation date, `YYYY-MM-DD`.
    pub created: Option<String>,
    /// What the review found, once it has run.
    pub flags: Vec<FindingFlag>,
    /// Its lint problems, once the linter has run.
    pub problems: Option<ProblemCounts>,
}

/// The rows of a query, and whether findings are in them yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExemptionPage {
    /// The window.
    pub page: Page<ExemptionRow>,
    /// Whether the lifecycle review has run (flags are empty until then).
    pub findings_ready: bool,
    /// Whether the linter has run (problems are absent until then).
    pub problems_ready: bool,
}

/// A row's text and sort keys, prepared once per change of the exemptions.
/// The description and the scopes are left out (each row in a window
/// takes them from its exemption): at 50,000 exemptions a copy of them
/// would hold megabytes of the worker's heap for nothing.
pub(crate) struct PreparedRow {
    row: ExemptionRow,
    name_key: String,
    expires: i64,
    created: i64,
    /// What search looks in, folded; made on the first search, since most
    /// visits of the list never search.
    haystack: std::cell::OnceCell<String>,
}

impl PreparedRow {
    fn haystack(&self, e: &Exemption) -> &str {
        self.haystack.get_or_init(|| {
            let r = &self.row;
            fold(&format!(
                "{}\n{}\n{}\n{}\n{}\n{}\n{}",
                r.name,
                e.description.as_deref().unwrap_or(""),
                r.scope,
                e.scopes.join("\n"),
                r.target,
                r.owner.as_deref().unwrap_or(""),
                r.ticket.as_deref().unwrap_or("")
            ))
            .into_owned()
        })
    }
}

impl Session {
    fn prepared_rows(&self) -> &[PreparedRow] {
        self.views.rows.get_or_init(|| {
            let now = self.time();
            self.exemptions()
                .iter()
                .zip(self.evaluation().outcomes())
                .enumerate()
                .map(|(i, (e, o))| {
                    let scope = match e.scopes.as_slice() {
                        [one] => self.scope_label(one),
                        [first, rest @ ..] => {
                            format!("{} and {} more", self.scope_label(first), rest.len())
                        }
                        [] => String::new(),
                    };
                    let target = match &e.target {
                        Target::Recommendations(keys) if keys.len() == 1 => self
                            .environment()
                            .recommendation_index(&keys[0])
                            .map(|k| self.environment().recommendation(k).title().to_string())
                            .unwrap_or_else(|| keys[0].clone()),
                        Target::Recommendations(keys) => format!("{} recommendations", keys.len()),
                        Target::Category(c) => {
                            format!("Category: {}", crate::model::category_label(c))
                        }
                        Target::Vulnerabilities(v) => v.describe(),
                    };

                    PreparedRow {
                        name_key: fold(&e.name).into_owned(),
                        expires: e.expires_on.map_or(i64::MAX, |t| t.timestamp()),
                        created: e.created_on.map_or(0, |t| t.timestamp()),
                        haystack: std::cell::OnceCell::new(),
                        row: ExemptionRow {
                            exemption: ExemptionIx::at(i),
                            id: e.id.clone(),
                            name: e.name.clone(),
                            description: None,
                            category: e.category,
                            state: self.policy().state(e, now),
                            owner: e.governance.owner.clone(),
                            ticket: e.governance.ticket.clone(),
                            requested_by: e.governance.requested_by.clone(),
                            cloud: e.cloud,
                            scope,
                            scopes: Vec::new(),
                            target,
                            expiry: Expiry::of(e.expires_on, now),
                            expires: e.expires_on.map(crate::exemption::shown_instant),
                            affected: o.resources,
                            created: e.created_on.map(|t| t.format("%Y-%m-%d").to_string()),
                            flags: Vec::new(),
                            problems: None,
                        },
                    }
                })
                .collect()
        })
    }

    fn order(&self, sort: ExemptionSort, ascending: bool) -> Rc<Vec<u32>> {
        if let Some((_, order)) = self
            .views
            .orders
            .borrow()
            .iter()
            .find(|(k, _)| *k == (sort, ascending))
        {
            return order.clone();
        }
        let rows = self.prepared_rows();
        let mut list: Vec<u32> = (0..rows.len()).map(|i| ExemptionIx::at(i).0).collect();
        list.sort_by(|&a, &b| {
            let (x, y) = (&rows[a as usize], &rows[b as usize]);
            let o = match sort {
                ExemptionSort::Name => x.name_key.cmp(&y.name_key),
                ExemptionSort::Category => x.row.category.cmp(&y.row.category),
                ExemptionSort::Cloud => x.row.cloud.cmp(&y.row.cloud),
                ExemptionSort::Expiry => x.expires.cmp(&y.expires),
                ExemptionSort::Affected => x.row.affected.cmp(&y.row.affected),
                ExemptionSort::Created => x.created.cmp(&y.created),
            }
            .then(a.cmp(&b));
            if ascending {
                o
            } else {
                o.reverse()
            }
        });
        let list = Rc::new(list);
        self.views
            .orders
            .borrow_mut()
            .push(((sort, ascending), list.clone()));
        list
    }

    /// The list's rows for `query`, a window at a time. Findings appear in
    /// the rows once the review has run ([`Session::findings`]); lint
    /// problems when `problems` (one entry per exemption) is given.
    pub fn exemption_rows(
        &self,
        query: &ExemptionQuery,
        offset: usize,
        limit: usize,
        problems: Option<&[ProblemCounts]>,
    ) -> ExemptionPage {
        let rows = self.prepared_rows();
        let held = self.exemptions();
        let order = self.order(query.sort, query.ascending);
        let flags = self.flags();
        let text = fold(query.text.trim()).into_owned();
        let visible: Vec<u32> = order
            .iter()
            .copied()
            .filter(|&i| {
                let r = &rows[i as usize];
                (text.is_empty() || r.haystack(&held[i as usize]).contains(&text))
                    && query.category.is_none_or(|c| r.row.category == c)
                    && query.cloud.is_none_or(|c| r.row.cloud == c)
                    && query.status.is_none_or(|s| r.row.state == s.state())
                    && (!query.with_findings
                        || flags.as_ref().is_some_and(|f| !f[i as usize].is_empty()))
                    && query.problems.is_none_or(|at_least| {
                        problems
                            .and_then(|p| p.get(i as usize))
                            .and_then(|p| p.worst())
                            .is_some_and(|worst| worst <= at_least)
                    })
            })
            .collect();
        ExemptionPage {
            findings_ready: flags.is_some(),
            problems_ready: problems.is_some(),
            page: Page::window(&visible, rows.len(), offset, limit, |i| {
                let mut row = self.full_row(i as usize);
                if let Some(f) = &flags {
                    row.flags = f[i as usize].clone();
                }
                row.problems = problems.and_then(|p| p.get(i as usize)).copied();
                row
            }),
        }
    }

    /// One exemption's row, as the list shows it, with what the review
    /// found once it has run.
    pub fn exemption_row(&self, ix: ExemptionIx) -> ExemptionRow {
        let mut row = self.full_row(ix.index());
        if let Some(f) = self.flags() {
            row.flags = f[ix.index()].clone();
        }
        row
    }

    /// The prepared row of exemption `i`, with its description and scopes.
    fn full_row(&self, i: usize) -> ExemptionRow {
        let e = &self.exemptions()[i];
        ExemptionRow {
            description: e.description.clone(),
            scopes: e.scopes.clone(),
            ..self.prepared_rows()[i].row.clone()
        }
    }

    /// Prepares the list's rows and its first order, so that the first visit
    /// of the list after a change is quick.
    pub fn prepare_rows(&self) {
        self.order(ExemptionSort::Name, true);
    }

    /// Whether the list's rows are prepared since the last change.
    pub fn rows_prepared(&self) -> bool {
        self.views.rows.get().is_some()
    }
}
