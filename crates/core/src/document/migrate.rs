//! Schema 1 kept exemptions in the exemption file format; schemas 2 and 3
//! are read by the codec, as schema 4 without kept rows.

use super::{Document, Record};
use crate::error::Error;
use crate::exemption::Exemption;
use serde_json::Value;
use std::sync::Arc;

/// Schema 1 kept exemptions in the exemption file format.
pub(super) fn read_v1(value: &Value) -> Result<Document, Error> {
    let items = value["exemptions"]
        .as_array()
        .ok_or("exemptions: missing")?;
    let exemptions = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            Exemption::from_value(i + 1, item)
                .map(|mut exemption| {
                    // The app finds exemptions by id; older files may lack one.
                    exemption
                        .id
                        .get_or_insert_with(|| format!("migrated-{}", i + 1));
                    Record {
                        exemption: Arc::new(exemption),
                        revision: 1,
                    }
                })
                .map_err(|problems| {
                    problems
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                })
        })
        .collect::<Result<_, _>>()?;
    Ok(Document {
        policy: None,
        exemptions,
        history: Vec::new(),
        set_aside: Vec::new(),
    })
}
