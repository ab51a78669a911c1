//! The shapes a JSON export comes in: a bare array of rows, an object with a
//! `data` or `value` array (streamed, row by row), or a single row object.

use super::kinds::State;
use super::row::Row;
use super::Loaded;
use crate::builder::EnvironmentBuilder;
use crate::error::Error;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::fmt;

/// Reads a JSON export into the builder. A refusal says how many rows
/// were read into the builder before it.
pub(super) fn load(
    builder: &mut EnvironmentBuilder,
    file: u32,
    text: &str,
) -> Result<Loaded, Box<(Error, usize)>> {
    let mut state = State::new(builder, file);
    let mut de = serde_json::Deserializer::from_str(text);
    let outcome = Document(&mut state)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    let failed = state.failed.take();
    let read = state.loaded.rows;
    match (outcome, failed) {
        (_, Some((row, error))) => Err(Box::new((error.at_row(row as u64), read))),
        (Err(e), None) => Err(Box::new((Error::invalid(describe(&e, text)), read))),
        (Ok(()), None) => Ok(state.loaded),
    }
}

/// A parse error in words a user can act on.
fn describe(e: &serde_json::Error, text: &str) -> String {
    let start = text.trim_start();
    if e.is_eof() {
        format!("the file ends too early ({e}): was it cut short while downloading or copying?")
    } else if !start.starts_with(['[', '{']) {
        format!("not JSON ({e}): export with `-o json` (or give a Defender CSV report)")
    } else {
        e.to_string()
    }
}

struct Document<'s, 'b>(&'s mut State<'b>);

impl<'de> DeserializeSeed<'de> for Document<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Document<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(r#"an array of rows, an object with a "data" or "value" array, or one row"#)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        Rows(self.0).visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // Keys other than the rows' are kept: without a `data` or `value`
        // array, the object is itself a row (a REST `GET`).
        let mut found = false;
        let mut rest = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "data" || key == "value" {
                if found {
                    return Err(de::Error::custom(
                        r#"both "data" and "value" arrays are present"#,
                    ));
                }
                found = true;
                map.next_value_seed(Rows(&mut *self.0))?;
            } else if found {
                // Paging fields (`nextLink`, `skip_token`, `count`, …).
                map.next_value::<de::IgnoredAny>()?;
            } else {
                rest.insert(key, map.next_value::<Value>()?);
            }
        }
        if found {
            Ok(())
        } else {
            single(self.0, rest)
        }
    }
}

fn single<E: de::Error>(state: &mut State<'_>, object: Map<String, Value>) -> Result<(), E> {
    let row_like = [
        "type",
        "subscriptionId",
        "cloudName",
        "homeTenantId",
        "exemptions",
    ]
    .iter()
    .any(|k| object.contains_key(*k));
    if !row_like {
        return Err(E::custom(
            r#"expected an array of rows, an object with a "data" or "value" array, or one row with a `type`"#,
        ));
    }
    let value = Value::Object(object);
    state.loaded.rows = 1;
    let row = Row::deserialize(&value).map_err(|e| E::custom(e.to_string()))?;
    if let Err(error) = state.add(1, row) {
        let message = error.message.clone();
        state.failed = Some((1, error));
        return Err(E::custom(message));
    }
    Ok(())
}

struct Rows<'s, 'b>(&'s mut State<'b>);

impl<'de> DeserializeSeed<'de> for Rows<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Rows<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of rows")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let state = self.0;
        loop {
            let index = state.loaded.rows + 1;
            match seq.next_element::<Row<'de>>() {
                Ok(Some(row)) => {
                    state.loaded.rows = index;
                    if let Err(error) = state.add(index, row) {
                        let message = error.message.clone();
                        state.failed = Some((index, error));
                        return Err(de::Error::custom(message));
                    }
                }
                Ok(None) => return Ok(()),
                Err(e) => {
                    let message = if e.to_string().starts_with("EOF while parsing") {
                        format!("the file ends inside this row ({e}): was it cut short while downloading or copying?")
                    } else {
                        e.to_string()
                    };
                    state.failed = Some((index, Error::invalid(message)));
                    return Err(e);
                }
            }
        }
    }
}
