//! JavaScript values to the core's types and back.

use chrono::{DateTime, Utc};
use exempt_core::document::Edit;
use exempt_core::exemption::{parse_one, Decision};
use exempt_core::{Error, ExemptionFile};
use js_sys::{Date, Object, Reflect, JSON};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

/// A core error as a JavaScript `Error`: the command line's message, and the
/// error's fields (other than the bare `message`) as properties.
pub fn fail(e: Error) -> JsValue {
    let js = js_sys::Error::new(&e.to_string());
    js.set_name("ExemptError");
    if let Ok(fields) = e.serialize(&serde_wasm_bindgen::Serializer::json_compatible()) {
        if let Some(fields) = fields.dyn_ref::<Object>() {
            for entry in Object::entries(fields).iter() {
                let pair: js_sys::Array = entry.unchecked_into();
                let key = pair.get(0);
                if key.as_string().as_deref() != Some("message") {
                    let _ = Reflect::set(&js, &key, &pair.get(1));
                }
            }
        }
    }
    js.into()
}

/// A mistake in how the package was called, as a JavaScript `TypeError`.
fn misuse(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// An answer, with JSON's conventions so it equals the command line's JSON.
pub fn out<T: Serialize>(answer: &T) -> Result<JsValue, JsValue> {
    answer
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| misuse(&format!("cannot convert the answer: {e}")))
}

/// A plain JavaScript value as JSON.
pub fn value(v: &JsValue, what: &str) -> Result<serde_json::Value, JsValue> {
    serde_wasm_bindgen::from_value(v.clone())
        .map_err(|e| misuse(&format!("{what} is not JSON data: {e}")))
}

/// An export file's text. Parsed JSON is turned back into text because the
/// core reads exports as a stream of borrowed strings, which is what keeps
/// a million assessments cheap.
pub fn export_file(v: &JsValue, i: usize) -> Result<String, JsValue> {
    file_text(v, &format!("files[{i}]"))
}

/// A file's text, named `name` in messages.
pub fn file_text(v: &JsValue, name: &str) -> Result<String, JsValue> {
    if let Some(text) = v.as_string() {
        return Ok(text);
    }
    if !v.is_object() {
        return Err(misuse(&format!(
            "{name} must be the text of a file or its parsed JSON"
        )));
    }
    JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| misuse(&format!("{name} cannot be written as JSON")))
}

/// An exemption file given as text, as parsed JSON, or not at all (none).
pub fn exemption_file(v: &JsValue) -> Result<ExemptionFile, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(ExemptionFile::default());
    }
    match v.as_string() {
        Some(text) => ExemptionFile::parse(&text),
        None => ExemptionFile::from_value(value(v, "exemptionFile")?),
    }
    .map_err(fail)
}

/// The instant `options.at` names (a `Date` or an RFC 3339 string), or now.
pub fn at(options: &JsValue) -> Result<DateTime<Utc>, JsValue> {
    let given = if options.is_object() {
        Reflect::get(options, &"at".into()).unwrap_or(JsValue::UNDEFINED)
    } else if options.is_undefined() || options.is_null() {
        JsValue::UNDEFINED
    } else {
        return Err(misuse("options must be an object such as { at }"));
    };
    let millis = if given.is_undefined() || given.is_null() {
        Date::now()
    } else if let Some(date) = given.dyn_ref::<Date>() {
        date.get_time()
    } else if let Some(text) = given.as_string() {
        return DateTime::parse_from_rfc3339(text.trim())
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| {
                misuse(&format!(
                    "options.at \"{text}\" is not an RFC 3339 time: {e}"
                ))
            });
    } else {
        return Err(misuse("options.at must be a Date or an RFC 3339 string"));
    };
    // An invalid Date is NaN; the float-to-integer cast saturates, and
    // anything outside chrono's range is refused below.
    #[allow(clippy::cast_possible_truncation)]
    let whole = millis as i64;
    if millis.is_nan() {
        return Err(misuse("options.at is an invalid Date"));
    }
    DateTime::from_timestamp_millis(whole).ok_or_else(|| misuse("options.at is out of range"))
}

/// An edit as JavaScript writes it, one key naming what to do:
/// `{ create: exemption }`, `{ update: exemption }` (found by its `id`),
/// `{ renew: { id, expiresOn, justification } }`, `{ delete: id }`,
/// `{ deleteAll: true }`, `{ undo: true }`, or a decision:
/// `{ approve: { id, by, comment } }` or `{ reject: { id, by, comment } }`. A dashboard is the only
/// writer of its workspace, so an update never waits on another's change:
/// it starts from the revision held (`revision` gives it).
pub fn edit(
    v: &serde_json::Value,
    revision: impl Fn(&str) -> Option<u32>,
) -> Result<Edit, JsValue> {
    let shape = "edit must be one of { create }, { update }, { renew }, { delete }, { deleteAll: true }, { undo: true }, { approve }, { reject }";
    let Some((kind, body)) = v
        .as_object()
        .filter(|o| o.len() == 1)
        .and_then(|o| o.iter().next())
    else {
        return Err(misuse(shape));
    };
    let text = |field: &str| -> Result<String, JsValue> {
        body.get(field)
            .and_then(|f| f.as_str())
            .map(str::to_string)
            .ok_or_else(|| misuse(&format!("edit.{kind}.{field} must be a string")))
    };
    Ok(match kind.as_str() {
        "create" => Edit::Create(parse_one(body).map_err(fail)?),
        "update" => {
            let exemption = parse_one(body).map_err(fail)?;
            let id = exemption.id.clone().unwrap_or_default();
            Edit::Update {
                base_revision: revision(&id).unwrap_or_default(),
                exemption,
                overwrite: true,
            }
        }
        "renew" => Edit::Renew {
            id: text("id")?,
            expires_on: DateTime::parse_from_rfc3339(text("expiresOn")?.trim())
                .map_err(|e| {
                    misuse(&format!(
                        "edit.renew.expiresOn is not an RFC 3339 time: {e}"
                    ))
                })?
                .with_timezone(&Utc),
            justification: text("justification")?,
        },
        "delete" => Edit::Delete(
            body.as_str()
                .ok_or_else(|| misuse("edit.delete must be an exemption's id"))?
                .to_string(),
        ),
        "approve" | "reject" => Edit::Decide {
            id: text("id")?,
            decision: if kind == "approve" {
                Decision::Approved
            } else {
                Decision::Rejected
            },
            by: text("by")?,
            comment: body
                .get("comment")
                .and_then(|c| c.as_str())
                .map(str::to_string),
        },
        "deleteAll" if body == &serde_json::Value::Bool(true) => Edit::DeleteAll,
        "undo" if body == &serde_json::Value::Bool(true) => Edit::Undo,
        _ => return Err(misuse(shape)),
    })
}
