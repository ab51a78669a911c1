//! The compact encoding of schema 4: each exemption a positional array,
//! every scope and recommendation key stored once in a string table, and the
//! rows that could not be read kept verbatim beside them.

use super::migrate::read_v1;
use super::row::{read_row, row, Strings};
use super::{Decoded, Document, HistoryEntry, SetAside, SCHEMA};
use crate::error::Error;
use crate::exemption::Policy;
use serde_json::{json, Value};

/// Reads stored text.
pub fn decode(raw: Option<&str>) -> Decoded {
    let Some(raw) = raw else {
        return Decoded::Empty;
    };
    let value: Value = match serde_json::from_str(raw) {
        Ok(v) => v,
        Err(e) => return Decoded::Corrupt(format!("not JSON: {e}")),
    };
    let schema = value.get("schema").and_then(Value::as_u64);
    let result = match schema {
        Some(SCHEMA) => read_rows(&value).map(Decoded::Current),
        // Schemas 2 and 3 are schema 4 without kept rows (and 2 without
        // history); a row they cannot read made the whole text unusable.
        Some(n @ (2 | 3)) => {
            read_rows(&value).map(|document| Decoded::Migrated { document, from: n })
        }
        Some(1) => read_v1(&value).map(|document| Decoded::Migrated { document, from: 1 }),
        Some(n) if n > SCHEMA => return Decoded::Newer(n),
        _ => Err(Error::from("no known schema number")),
    };
    result.unwrap_or_else(|e| Decoded::Corrupt(e.message))
}

/// Writes the current schema.
pub fn encode(doc: &Document) -> String {
    let mut strings = Strings::default();
    let rows: Vec<Value> = doc
        .exemptions
        .iter()
        .map(|r| row(r, &mut strings))
        .collect();
    let set_aside: Vec<Value> = doc
        .set_aside
        .iter()
        .map(|s| json!({"row": s.row, "reason": s.reason}))
        .collect();
    json!({
        "schema": SCHEMA,
        "strings": strings.list,
        "exemptions": rows,
        "history": doc.history,
        "setAside": set_aside,
        "policy": doc.policy.as_ref().map(Policy::to_value),
    })
    .to_string()
}

/// Rows, history and kept rows. A row that cannot be read is set aside with
/// the reason (schema 4), or makes the text unusable (older schemas, which
/// had nowhere to keep it).
fn read_rows(value: &Value) -> Result<Document, Error> {
    let lenient = value.get("schema").and_then(Value::as_u64) == Some(SCHEMA);
    let strings: Vec<&str> = value["strings"]
        .as_array()
        .ok_or("strings: missing")?
        .iter()
        .map(|s| s.as_str().ok_or("strings: not all strings"))
        .collect::<Result<_, _>>()?;
    let rows = value["exemptions"]
        .as_array()
        .ok_or("exemptions: missing")?;
    let mut exemptions = Vec::with_capacity(rows.len());
    let mut set_aside = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        match read_row(r, &strings) {
            Ok(record) => exemptions.push(record),
            Err(e) if lenient => set_aside.push(SetAside {
                row: r.clone(),
                reason: format!("stored row {} could not be read: {e}", i + 1),
            }),
            Err(e) => return Err(format!("exemption {}: {e}", i + 1).into()),
        }
    }
    let history: Vec<HistoryEntry> = match value.get("history") {
        None | Some(Value::Null) => Vec::new(),
        Some(h) => serde_json::from_value(h.clone()).map_err(|e| format!("history: {e}"))?,
    };
    for kept in value["setAside"].as_array().into_iter().flatten() {
        set_aside.push(SetAside {
            row: kept["row"].clone(),
            reason: kept["reason"].as_str().unwrap_or("kept").to_string(),
        });
    }
    let policy = match value.get("policy") {
        None | Some(Value::Null) => None,
        Some(p) => Some(Policy::from_value(p).map_err(|problems| {
            let why: Vec<String> = problems.iter().map(ToString::to_string).collect();
            format!("policy: {}", why.join("; "))
        })?),
    };
    Ok(Document {
        exemptions,
        history,
        set_aside,
        policy,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{changed_fields, Change, HistoryEntry, Record};
    use crate::model::Cloud;
    use crate::synth::{Spec, Synth};

    fn sample() -> Document {
        let text = r#"{"exemptions": [
            {"id": "a", "name": "One", "cloud": "AWS", "scopes": ["/subscriptions/s"], "category": "waiver",
             "expiresOn": "2027-01-01T00:00:00Z", "recommendationCategory": "Compute", "createdOn": "2026-01-01T10:00:00Z",
             "metadata": {"ticketRef": "SEC-1"}, "owner": "me", "ticket": "https://t/1",
             "requestedBy": "bob", "requestedOn": "2026-01-01T09:00:00.5Z",
             "approval": {"by": "carol", "on": "2026-01-02T10:00:00Z", "decision": "approved", "comment": "ok"}},
            {"id": "b", "name": "Two", "description": "why", "cloud": "Azure", "scopes": ["/subscriptions/s", "/subscriptions/t"],
             "category": "mitigated", "recommendations": ["k1", "k2"], "createdOn": "2026-01-01T10:00:00.1234567Z"}]}"#;
        let file = crate::ExemptionFile::parse(text).unwrap();
        Document {
            policy: Some(crate::exemption::Policy {
                require_approval: crate::exemption::Approvals::Waivers,
                max_days: Some(400),
                ..Default::default()
            }),
            exemptions: file
                .exemptions
                .into_iter()
                .map(|exemption| Record {
                    exemption: exemption.into(),
                    revision: 3,
                })
                .collect(),
            set_aside: Vec::new(),
            history: vec![
                HistoryEntry {
                    id: "a".into(),
                    name: "One".into(),
                    at: "2026-01-01T10:00:00Z".into(),
                    change: Change::Created,
                },
                HistoryEntry {
                    id: "b".into(),
                    name: "Two".into(),
                    at: "2026-02-01T10:00:00Z".into(),
                    change: Change::Edited {
                        fields: vec!["scopes".into()],
                        changes: Vec::new(),
                    },
                },
            ],
        }
    }

    #[test]
    fn round_trip() {
        let doc = sample();
        assert_eq!(decode(Some(&encode(&doc))), Decoded::Current(doc));
    }

    #[test]
    fn schema_1_is_migrated() {
        let v1 = r#"{"schema": 1, "exemptions": [{"name": "Old", "cloud": "gcp", "scopes": ["/subscriptions/s"],
                     "category": "Waiver", "recommendations": ["k"]}]}"#;
        let Decoded::Migrated { document, from: 1 } = decode(Some(v1)) else {
            panic!("not migrated")
        };
        assert_eq!(document.exemptions[0].exemption.name, "Old");
        assert_eq!(document.exemptions[0].exemption.cloud, Cloud::Gcp);
        assert_eq!(document.exemptions[0].revision, 1);
        assert_eq!(
            document.exemptions[0].exemption.id.as_deref(),
            Some("migrated-1")
        );
    }

    #[test]
    fn schema_2_gains_an_empty_history() {
        let mut doc = sample();
        doc.history.clear();
        let text = encode(&doc).replace("\"schema\":4", "\"schema\":2");
        assert_eq!(
            decode(Some(&text)),
            Decoded::Migrated {
                document: doc,
                from: 2
            }
        );
    }

    #[test]
    fn edits_name_their_fields() {
        let before = crate::Exemption::clone(&sample().exemptions[1].exemption);
        let mut after = before.clone();
        after.name = "Renamed".into();
        after.scopes.pop();
        assert_eq!(changed_fields(&before, &after), ["name", "scopes"]);
    }

    #[test]
    fn unusable_text_is_reported_not_guessed() {
        assert_eq!(decode(None), Decoded::Empty);
        assert!(matches!(decode(Some("{oops")), Decoded::Corrupt(_)));
        assert!(
            matches!(decode(Some(r#"{"schema": 2, "strings": [], "exemptions": [[1]]}"#)), Decoded::Corrupt(m) if m.starts_with("exemption 1"))
        );
        // Schema 4 keeps an unreadable row aside instead of losing the rest.
        let Decoded::Current(doc) = decode(Some(
            r#"{"schema": 4, "strings": [], "exemptions": [[1]], "history": []}"#,
        )) else {
            panic!("not read")
        };
        assert!(doc.exemptions.is_empty());
        assert_eq!(doc.set_aside[0].row, serde_json::json!([1]));
        assert!(doc.set_aside[0].reason.contains("row 1"));
        let again = decode(Some(&encode(&doc)));
        assert_eq!(again, Decoded::Current(doc));
        assert_eq!(decode(Some(r#"{"schema": 9}"#)), Decoded::Newer(9));
        assert!(matches!(
            decode(Some(r#"{"exemptions": []}"#)),
            Decoded::Corrupt(_)
        ));
    }

    #[test]
    fn ten_thousand_exemptions_fit_the_quota() {
        let synth = Synth::new(Spec::large());
        let exemptions = synth.exemptions();
        assert_eq!(exemptions.len(), 10_000);
        let doc = Document {
            policy: None,
            exemptions: exemptions
                .into_iter()
                .enumerate()
                .map(|(i, mut exemption)| {
                    exemption.id = Some(format!("{i:08x}-0000-4000-8000-000000000000"));
                    exemption.description =
                        Some("Compensating control documented in the risk register".into());
                    exemption.created_on = Some(crate::synth::reference_time());
                    Record {
                        exemption: exemption.into(),
                        revision: 1,
                    }
                })
                .collect(),
            history: Vec::new(),
            set_aside: Vec::new(),
        };
        let text = encode(&doc);
        eprintln!(
            "10,000 exemptions encode to {} characters",
            text.chars().count()
        );
        assert!(
            text.chars().count() < 5_000_000,
            "{} characters",
            text.chars().count()
        );
        assert_eq!(decode(Some(&text)), Decoded::Current(doc.clone()));
        // What a history adds: one edit event per exemption.
        let mut with_history = doc.clone();
        with_history.history = doc
            .exemptions
            .iter()
            .map(|r| HistoryEntry {
                id: r.exemption.id.clone().unwrap_or_default(),
                name: r.exemption.name.clone(),
                at: "2026-11-24T06:00:00Z".into(),
                change: Change::Edited {
                    fields: vec!["expiresOn".into(), "description".into()],
                    changes: Vec::new(),
                },
            })
            .collect();
        let per_event =
            (encode(&with_history).chars().count() - text.chars().count()) / doc.exemptions.len();
        eprintln!("each history event adds {per_event} characters");
        assert!(per_event < 200, "{per_event} characters an event");
    }
}
