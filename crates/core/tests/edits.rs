//! Edits as data: every file in `tests/data/edits` is a starting list of
//! exemptions, a sequence of edits with their times, and what must come
//! of them: each edit's outcome, the exemptions with their revisions, the
//! history (stored, and in the words every front end shows), and the secure
//! score on the demo environment. Every edit goes through the workspace,
//! as the app's worker, the command line and the package make them. One
//! test per file; see `tests/data/edits/README.md` for the keys.

use chrono::{DateTime, Utc};
use exempt_core::document::{encode, Document, Edit, EditOutcome, Record};
use exempt_core::exemption::{Decision, Policy};
use exempt_core::workspace::numbered_ids;
use exempt_core::{Exemption, Workspace};
use serde::Deserialize;
use serde_json::Value;
use std::path::Path;

datatest_stable::harness! {
    { test = check, root = "../../tests/data/edits", pattern = r"^[^/]+\.json$" },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    #[allow(dead_code)]
    description: String,
    #[serde(default)]
    exemptions: Vec<Value>,
    /// The team's rules the document starts with.
    policy: Option<Value>,
    edits: Vec<Step>,
    expect: Expect,
}

/// One edit: `at`, and exactly one of the edit keys.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Step {
    at: String,
    create: Option<Value>,
    update: Option<Value>,
    base_revision: Option<u32>,
    #[serde(default)]
    overwrite: bool,
    renew: Option<Renew>,
    delete: Option<String>,
    #[serde(default)]
    delete_all: bool,
    #[serde(default)]
    undo: bool,
    decide: Option<Decide>,
    /// A new policy (`null`: none) instead of an edit.
    #[serde(default, deserialize_with = "some")]
    set_policy: Option<Value>,
    /// Several edits as one change (a bulk action).
    all: Option<Vec<Step>>,
}

fn some<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Decide {
    id: String,
    decision: String,
    by: String,
    comment: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Renew {
    id: String,
    expires_on: String,
    justification: String,
}

/// What must come of the edits. Every key is checked; a key the loader
/// does not know is refused, so a misspelt one cannot pass unchecked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// Per edit: `done`, `conflict`, or `error: <part of the message>`.
    outcomes: Vec<String>,
    /// The exemptions in order, each a subset of its file form plus
    /// `revision`.
    exemptions: Vec<Value>,
    /// The history, oldest first, each entry a subset of its stored form.
    history: Vec<Value>,
    /// The history as shown, newest first: each row a subset of
    /// `{at, id, name, exists, event, details}`.
    #[serde(default)]
    shown: Option<Vec<Value>>,
    /// The demo environment's secure score (percentage) with the result.
    score: Option<f64>,
}

fn instant(text: &str) -> Result<DateTime<Utc>, String> {
    text.parse().map_err(|e| format!("{text}: {e}"))
}

fn exemption(v: &Value) -> Result<Exemption, String> {
    Exemption::from_value(1, v).map_err(|p| format!("{p:?}"))
}

fn edit(step: &Step) -> Result<Edit, String> {
    let given = [
        step.create.is_some(),
        step.update.is_some(),
        step.renew.is_some(),
        step.delete.is_some(),
        step.delete_all,
        step.undo,
        step.decide.is_some(),
    ];
    if given.iter().filter(|g| **g).count() != 1 {
        return Err(
            "an edit names exactly one of create, update, renew, delete, deleteAll, undo, decide"
                .into(),
        );
    }
    Ok(if let Some(v) = &step.create {
        Edit::Create(exemption(v)?)
    } else if let Some(v) = &step.update {
        Edit::Update {
            exemption: exemption(v)?,
            base_revision: step.base_revision.ok_or("update needs baseRevision")?,
            overwrite: step.overwrite,
        }
    } else if let Some(r) = &step.renew {
        Edit::Renew {
            id: r.id.clone(),
            expires_on: instant(&r.expires_on)?,
            justification: r.justification.clone(),
        }
    } else if let Some(id) = &step.delete {
        Edit::Delete(id.clone())
    } else if let Some(d) = &step.decide {
        Edit::Decide {
            id: d.id.clone(),
            decision: Decision::parse(&d.decision).ok_or("decision: approved or rejected")?,
            by: d.by.clone(),
            comment: d.comment.clone(),
        }
    } else if step.delete_all {
        Edit::DeleteAll
    } else {
        Edit::Undo
    })
}

/// Whether `got` holds every key of `wanted` with the same value
/// (objects recursively; everything else exactly).
fn subset(wanted: &Value, got: &Value) -> bool {
    match (wanted, got) {
        (Value::Object(w), Value::Object(g)) => w
            .iter()
            .all(|(k, v)| g.get(k).is_some_and(|x| subset(v, x))),
        (w, g) => w == g,
    }
}

fn compare(what: &str, wanted: &[Value], got: &[Value]) -> Result<(), String> {
    if wanted.len() != got.len() || !wanted.iter().zip(got).all(|(w, g)| subset(w, g)) {
        return Err(format!(
            "{what}: wanted {}\ngot {}",
            serde_json::to_string_pretty(wanted).unwrap(),
            serde_json::to_string_pretty(got).unwrap()
        ));
    }
    Ok(())
}

fn check(_path: &Path, text: String) -> datatest_stable::Result<()> {
    let case: Case = serde_json::from_str(&text).map_err(|e| format!("not a case: {e}"))?;
    let records = case
        .exemptions
        .iter()
        .map(|v| {
            Ok(Record {
                exemption: exemption(v)?.into(),
                revision: 1,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let start = match case.edits.first() {
        Some(s) => instant(&s.at)?,
        None => Utc::now(),
    };
    let policy = match &case.policy {
        None => None,
        Some(p) => Some(Policy::from_value(p).map_err(|e| format!("policy: {e:?}"))?),
    };
    let stored = encode(&Document {
        exemptions: records,
        policy,
        ..Document::default()
    });
    let mut workspace = Workspace::new(numbered_ids());
    workspace.set_environment(exempt_core::demo::environment()?, start);
    workspace.open(Some(&stored), None, start)?;
    let mut outcomes = Vec::new();
    for step in &case.edits {
        let at = instant(&step.at)?;
        let outcome = if let Some(p) = &step.set_policy {
            let policy = match p {
                Value::Null => None,
                p => Some(Policy::from_value(p).map_err(|e| format!("setPolicy: {e:?}"))?),
            };
            workspace.set_policy(policy, at).map(|()| EditOutcome::Done)
        } else if let Some(all) = &step.all {
            let edits = all.iter().map(edit).collect::<Result<Vec<_>, _>>()?;
            workspace.apply_all(edits, at).map(|_| EditOutcome::Done)
        } else {
            workspace.apply(edit(step)?, at)
        };
        outcomes.push(match outcome {
            Ok(EditOutcome::Done) => "done".to_string(),
            Ok(EditOutcome::Conflict(_)) => "conflict".to_string(),
            Err(e) => format!("error: {e}"),
        });
    }
    for (i, (w, g)) in case.expect.outcomes.iter().zip(&outcomes).enumerate() {
        let same = match w.strip_prefix("error: ") {
            Some(part) => g.starts_with("error: ") && g.contains(part),
            None => w == g,
        };
        if !same {
            return Err(format!("edit {}: wanted {w:?}, got {g:?}", i + 1).into());
        }
    }
    if case.expect.outcomes.len() != outcomes.len() {
        return Err(format!(
            "outcomes: wanted {:?}, got {outcomes:?}",
            case.expect.outcomes
        )
        .into());
    }
    let exemptions: Vec<Value> = workspace
        .document()
        .exemptions
        .iter()
        .map(|r| {
            let mut v = r.exemption.to_value();
            v["revision"] = r.revision.into();
            v
        })
        .collect();
    compare("exemptions", &case.expect.exemptions, &exemptions)?;
    let history: Vec<Value> = workspace
        .document()
        .history
        .iter()
        .map(|h| serde_json::to_value(h).unwrap())
        .collect();
    compare("history", &case.expect.history, &history)?;
    if let Some(wanted) = &case.expect.shown {
        let rows = workspace.history("", usize::MAX).rows;
        let rows: Vec<Value> = rows
            .iter()
            .map(|r| serde_json::to_value(r).unwrap())
            .collect();
        compare("shown", wanted, &rows)?;
    }
    if let Some(wanted) = case.expect.score {
        // The workspace's own figure, evaluated at the last edit's time.
        let got = workspace.status().score.percentage;
        if (got - wanted).abs() > 1e-9 {
            return Err(format!("score: wanted {wanted}, got {got}").into());
        }
    }
    Ok(())
}
