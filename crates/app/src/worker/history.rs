//! The history page's rows, in words.

use super::engine::Engine;
use crate::protocol::HistoryRow;
use exempt_core::document::Change;

impl Engine {
    pub(super) fn history(&self, text: &str, limit: usize) -> (Vec<HistoryRow>, u32) {
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

/// A field's value in words, for the history and comparisons.
pub(super) fn shown(v: &serde_json::Value) -> String {
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
