//! The history in words: what every front end shows of it.

use super::Workspace;
use crate::document::Change;
use crate::error::field_words;
use crate::exemption::{shown_instant_text, Decision};
use crate::fold::fold;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One history entry, ready to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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

/// The newest history rows that matched, and how many matched in all.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HistoryPage {
    /// Newest first.
    pub rows: Vec<HistoryRow>,
    /// Entries that matched.
    pub total: u32,
}

impl Workspace {
    /// The history, newest first: at most `limit` entries whose name
    /// contains `text` (compared as names are, without case).
    pub fn history(&self, text: &str, limit: usize) -> HistoryPage {
        let q = fold(text.trim());
        self.history_where(
            |h| q.is_empty() || fold(&h.name).contains(q.as_ref()),
            limit,
        )
    }

    /// The newest `limit` events of the exemption with this id, under
    /// whatever names it had.
    pub fn history_of(&self, id: &str, limit: usize) -> HistoryPage {
        self.history_where(|h| h.id == id, limit)
    }

    fn history_where(
        &self,
        keep: impl Fn(&crate::document::HistoryEntry) -> bool,
        limit: usize,
    ) -> HistoryPage {
        let doc = self.store.document();
        let matching = || doc.history.iter().rev().filter(|h| keep(h));
        let total = u32::try_from(matching().count()).unwrap_or(u32::MAX);
        // Looked up once, not by a scan of the exemptions per row.
        let held: FxHashSet<&str> = doc
            .exemptions
            .iter()
            .filter_map(|r| r.exemption.id.as_deref())
            .collect();
        // Recommendations by title where the environment knows them, not
        // by key.
        let title = |key: &str| {
            let env = self.session.as_ref()?.environment();
            env.recommendation_index(key)
                .map(|r| env.recommendation(r).title().to_string())
        };
        let rows = matching()
            .take(limit)
            .map(|h| {
                let (event, details) = words(&h.change, &title);
                HistoryRow {
                    at: shown_instant_text(&h.at),
                    id: h.id.clone(),
                    name: h.name.clone(),
                    exists: held.contains(h.id.as_str()),
                    event: event.to_string(),
                    details,
                }
            })
            .collect();
        HistoryPage { rows, total }
    }
}

fn words(change: &Change, title: &dyn Fn(&str) -> Option<String>) -> (&'static str, Vec<String>) {
    match change {
        Change::Created => ("Created", Vec::new()),
        Change::Edited { fields, changes } if changes.is_empty() => {
            let labels: Vec<String> = fields.iter().map(|f| field_words(f)).collect();
            ("Edited", vec![format!("changed: {}", labels.join(", "))])
        }
        Change::Edited { changes, .. } => (
            "Edited",
            changes
                .iter()
                .map(|c| {
                    let value = |v: &Value| match (c.field.as_str(), v) {
                        ("expiresOn" | "createdOn", Value::String(t)) => shown_instant_text(t),
                        ("recommendations", Value::Array(keys)) => keys
                            .iter()
                            .map(|k| {
                                let key = k.as_str().unwrap_or_default();
                                title(key).map_or_else(|| shown(k), |t| format!("“{t}”"))
                            })
                            .collect::<Vec<_>>()
                            .join(", "),
                        _ => shown(v),
                    };
                    format!(
                        "{}: {} → {}",
                        field_words(&c.field),
                        value(&c.before),
                        value(&c.after)
                    )
                })
                .collect(),
        ),
        Change::Renewed { from, to } => (
            "Renewed",
            vec![format!(
                "expiry {} → {}",
                from.as_deref()
                    .map_or("none".to_string(), shown_instant_text),
                shown_instant_text(to)
            )],
        ),
        Change::Decided {
            decision,
            by,
            comment,
        } => {
            let event = match decision {
                Decision::Approved => "Approved",
                Decision::Rejected => "Rejected",
            };
            let mut details = vec![format!("by “{by}” (recorded, not verified)")];
            details.extend(comment.as_ref().map(|c| format!("comment: “{c}”")));
            (event, details)
        }
        Change::Lapsed { on } => (
            "Expired",
            vec![format!(
                "expiry {} passed; recorded by Exempt",
                shown_instant_text(on)
            )],
        ),
        Change::Deleted => ("Deleted", Vec::new()),
        Change::Restored => ("Restored", vec!["by Undo".to_string()]),
    }
}

/// A field's value in words, for the history and comparisons.
pub(super) fn shown(v: &Value) -> String {
    match v {
        Value::Null => "(none)".to_string(),
        Value::String(s) => format!("“{s}”"),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}
