//! One exemption as a positional row of schema 4: its fields by place,
//! scopes and recommendation keys as indexes into the document's string
//! table, later columns absent when empty (rows written before them read
//! as none).

use super::Record;
use crate::error::Error;
use crate::exemption::{Exemption, Target};
use crate::model::{Cloud, ExemptionCategory};
use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;
use serde_json::{json, Map, Value};
use std::sync::Arc;

#[derive(Default)]
pub(super) struct Strings {
    pub(super) list: Vec<String>,
    index: FxHashMap<String, usize>,
}

impl Strings {
    pub(super) fn id(&mut self, s: &str) -> usize {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        self.list.push(s.to_string());
        self.index.insert(s.to_string(), self.list.len() - 1);
        self.list.len() - 1
    }
}

/// An instant as whole seconds, or as its RFC 3339 text when it has a
/// fraction (Azure's 7 digits, a browser's milliseconds): storing it cut to
/// seconds would make the stored row differ from the one held, and every
/// save would take the difference for another tab's change.
fn seconds(t: Option<DateTime<Utc>>) -> Value {
    match t {
        None => Value::Null,
        Some(t) if t.timestamp_subsec_nanos() == 0 => json!(t.timestamp()),
        Some(t) => json!(crate::exemption::instant(t)),
    }
}

// Positions in a row.
const ID: usize = 0;
const NAME: usize = 1;
const DESCRIPTION: usize = 2;
const CLOUD: usize = 3;
const SCOPES: usize = 4;
const CATEGORY: usize = 5;
const EXPIRES: usize = 6;
const TARGET: usize = 7;
const CREATED_ON: usize = 8;
const CREATED_BY: usize = 9;
const REVISION: usize = 10;
const METADATA: usize = 11;
const EXTRA: usize = 12;
/// The Azure resources it came from: a column rows written before it was
/// added lack, read as none.
const AZURE: usize = 13;
/// Owner, ticket, request and decision, as the file format writes them: a
/// later column still, absent when nothing is recorded.
const GOVERNANCE: usize = 14;

pub(super) fn row(r: &Record, strings: &mut Strings) -> Value {
    let e = &r.exemption;
    let target = match &e.target {
        Target::Recommendations(keys) => {
            json!(keys.iter().map(|k| strings.id(k)).collect::<Vec<_>>())
        }
        Target::Category(c) => json!(c),
        Target::Vulnerabilities(v) => v.to_value(),
    };
    let mut row = json!([
        e.id,
        e.name,
        e.description,
        Cloud::ALL.iter().position(|&c| c == e.cloud),
        e.scopes.iter().map(|s| strings.id(s)).collect::<Vec<_>>(),
        u8::from(e.category == ExemptionCategory::Waiver),
        seconds(e.expires_on),
        target,
        seconds(e.created_on),
        e.created_by,
        r.revision,
        e.metadata,
        if e.extra.is_empty() {
            Value::Null
        } else {
            Value::Object(e.extra.clone())
        },
    ]);
    if let Value::Array(fields) = &mut row {
        if !e.azure.is_empty() || !e.governance.is_empty() {
            fields.push(e.azure.iter().map(|a| a.to_value()).collect());
        }
        if !e.governance.is_empty() {
            let mut g = Map::new();
            e.governance.write(&mut g);
            fields.push(Value::Object(g));
        }
    }
    row
}

pub(super) fn read_row(row: &Value, strings: &[&str]) -> Result<Record, Error> {
    let f = row
        .as_array()
        .filter(|f| (EXTRA + 1..=GOVERNANCE + 1).contains(&f.len()))
        .ok_or("not a row")?;
    let text = |i: usize| -> Result<Option<String>, Error> {
        match &f[i] {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.clone())),
            _ => Err(format!("field {i} is not text").into()),
        }
    };
    let instant = |i: usize| -> Result<Option<DateTime<Utc>>, Error> {
        match &f[i] {
            Value::Null => Ok(None),
            Value::String(s) => DateTime::parse_from_rfc3339(s)
                .map(|t| Some(t.to_utc()))
                .map_err(|_| format!("field {i} is not a time").into()),
            v => v
                .as_i64()
                .and_then(|s| DateTime::from_timestamp(s, 0))
                .map(Some)
                .ok_or_else(|| format!("field {i} is not a time").into()),
        }
    };
    let string_ids = |v: &Value| -> Result<Vec<String>, Error> {
        v.as_array()
            .ok_or("not a list")?
            .iter()
            .map(|i| {
                i.as_u64()
                    .and_then(|i| usize::try_from(i).ok().and_then(|i| strings.get(i)))
                    .map(|s| s.to_string())
                    .ok_or_else(|| Error::from("bad string index"))
            })
            .collect()
    };
    let target = match &f[TARGET] {
        Value::String(c) => Target::Category(c.clone()),
        v @ Value::Object(_) => Target::Vulnerabilities(
            crate::exemption::Vulnerabilities::from_value(v, &mut |_, _| {})
                .ok_or("a vulnerabilities condition that does not read")?,
        ),
        v => Target::Recommendations(string_ids(v)?),
    };
    let exemption = Exemption {
        name: text(NAME)?.unwrap_or_default(),
        description: text(DESCRIPTION)?,
        cloud: f[CLOUD]
            .as_u64()
            .and_then(|c| {
                usize::try_from(c)
                    .ok()
                    .and_then(|c| Cloud::ALL.get(c))
                    .copied()
            })
            .ok_or("bad cloud")?,
        scopes: string_ids(&f[SCOPES])?,
        category: match f[CATEGORY].as_u64() {
            Some(0) => ExemptionCategory::Mitigated,
            Some(1) => ExemptionCategory::Waiver,
            _ => return Err("bad category".into()),
        },
        expires_on: instant(EXPIRES)?,
        target,
        id: text(ID)?,
        created_on: instant(CREATED_ON)?,
        created_by: text(CREATED_BY)?,
        metadata: Some(f[METADATA].clone()).filter(|m| !m.is_null()),
        governance: match f.get(GOVERNANCE) {
            None => Default::default(),
            Some(v) => serde_json::from_value(v.clone()).map_err(|e| format!("governance: {e}"))?,
        },
        azure: match f.get(AZURE) {
            None => Vec::new(),
            Some(v) => v
                .as_array()
                .ok_or("azure: not a list")?
                .iter()
                .map(crate::exemption::AzureResource::from_value)
                .collect::<Result<_, _>>()
                .map_err(|m| format!("azure: {m}"))?,
        },
        extra: match &f[EXTRA] {
            Value::Object(m) => m.clone(),
            _ => Map::new(),
        },
    };
    let revision = f[REVISION]
        .as_u64()
        .and_then(|r| u32::try_from(r).ok())
        .ok_or("bad revision")?;
    Ok(Record {
        exemption: Arc::new(exemption),
        revision,
    })
}
