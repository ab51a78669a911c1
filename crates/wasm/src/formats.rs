//! Exemptions in and out of Defender's, Azure Policy's and their tools'
//! formats: `exempt import`, `exempt export` and `exempt diff`, converted.

use crate::convert::{at, exemption_file, fail, file_text, out};
use exempt_core::formats::{self, Definitions, ExportOptions, Format, Imported};
use exempt_core::Session;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `{ definitions }`, declared in `types.d.ts`.
    #[wasm_bindgen(typescript_type = "ImportOptions")]
    pub type ImportOptions;

    /// `{ definitions, environment, at, assignments, within }`, declared in `types.d.ts`.
    #[wasm_bindgen(typescript_type = "ExportOptions")]
    pub type ExportOptionsArg;
}

/// `options[key]`, or undefined.
fn option(options: &JsValue, key: &str) -> JsValue {
    if options.is_object() {
        Reflect::get(options, &key.into()).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// A list of files (texts or parsed JSON) named `what[0]`, … in messages.
fn named(list: &JsValue, what: &str) -> Result<Vec<(String, String)>, JsValue> {
    if list.is_undefined() || list.is_null() {
        return Ok(Vec::new());
    }
    if !js_sys::Array::is_array(list) {
        return Err(js_sys::TypeError::new(&format!("{what} must be an array of files")).into());
    }
    js_sys::Array::from(list)
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let name = format!("{what}[{i}]");
            let text = file_text(&f, &name)?;
            Ok((name, text))
        })
        .collect()
}

fn definitions(options: &JsValue) -> Result<Definitions, JsValue> {
    let files = named(&option(options, "definitions"), "definitions")?;
    Definitions::load(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))).map_err(fail)
}

fn import(files: &[(String, String)], defs: &Definitions) -> Result<Imported, JsValue> {
    formats::import(files.iter().map(|(n, t)| (n.as_str(), t.as_str())), defs).map_err(fail)
}

/// Reads exemption files of any format `exempt import` reads into one
/// exemption file: `{ file, rejected, notes }`.
#[wasm_bindgen(js_name = importExemptions, unchecked_return_type = "ImportResult")]
pub fn import_exemptions(
    #[wasm_bindgen(unchecked_param_type = "ExportFile[]")] files: JsValue,
    options: Option<ImportOptions>,
) -> Result<JsValue, JsValue> {
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    let defs = definitions(&options)?;
    let files = named(&files, "files")?;
    out(&import(&files, &defs)?.to_value())
}

/// Writes an exemption file in `format`, as `exempt export --to` does:
/// `{ text, notes }`.
#[wasm_bindgen(js_name = exportExemptions, unchecked_return_type = "ExportResult")]
pub fn export_exemptions(
    #[wasm_bindgen(js_name = exemptionFile, unchecked_param_type = "ExemptionFileInput")]
    exemption_file_arg: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ExportFormat")] format: &str,
    options: Option<ExportOptionsArg>,
) -> Result<JsValue, JsValue> {
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    let format = Format::parse(format).map_err(fail)?;
    let file = exemption_file(&exemption_file_arg)?;
    let when = at(&options)?;
    let environment = named(&option(&options, "environment"), "environment")?;
    let environment = if environment.is_empty() {
        None
    } else {
        Some(
            Session::load(
                environment.iter().map(|(n, t)| (n.as_str(), t.as_str())),
                when,
            )
            .map_err(fail)?,
        )
    };
    let strings = |key: &str| -> Result<Vec<String>, JsValue> {
        let v = option(&options, key);
        if v.is_undefined() || v.is_null() {
            return Ok(Vec::new());
        }
        serde_wasm_bindgen::from_value(v).map_err(|_| {
            js_sys::TypeError::new(&format!("options.{key} must be an array of strings")).into()
        })
    };
    let within = option(&options, "within").as_string();
    let exported = formats::export(
        &file,
        format,
        ExportOptions {
            definitions: definitions(&options)?,
            environment,
            at: when,
            assignments: strings("assignments")?,
            within,
        },
    )
    .map_err(fail)?;
    out(&serde_json::json!({ "text": exported.text, "notes": exported.notes }))
}

/// Compares two exemption files of any importable format, as
/// `exempt diff --format json` does.
#[wasm_bindgen(js_name = diffExemptions, unchecked_return_type = "Diff")]
pub fn diff_exemptions(
    #[wasm_bindgen(unchecked_param_type = "ExportFile")] ours: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ExportFile")] theirs: JsValue,
    options: Option<ImportOptions>,
) -> Result<JsValue, JsValue> {
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    let defs = definitions(&options)?;
    let a = import(&[("ours".into(), file_text(&ours, "ours")?)], &defs)?;
    let b = import(&[("theirs".into(), file_text(&theirs, "theirs")?)], &defs)?;
    out(&formats::diff_imported(&a, &b))
}

/// `exempt lint --format json`: every problem of the exemption file (its
/// text, so that lines and columns point into it), with the environment's
/// export files (`environment`) and definitions (`definitions`) when
/// given, judged at `at`. Problems are an answer, not an exception.
#[wasm_bindgen(js_name = lintExemptions, unchecked_return_type = "LintReport")]
pub fn lint_exemptions(
    #[wasm_bindgen(js_name = exemptionFile)] exemption_file: String,
    options: Option<ExportOptionsArg>,
) -> Result<JsValue, JsValue> {
    let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
    let when = at(&options)?;
    let defs = definitions(&options)?;
    let env = named(&option(&options, "environment"), "environment")?;
    let mut session = if env.is_empty() {
        None
    } else {
        Some(Session::load(env.iter().map(|(n, t)| (n.as_str(), t.as_str())), when).map_err(fail)?)
    };
    let report = exempt_core::lint::lint(
        &exemption_file,
        exempt_core::lint::Inputs {
            session: session.as_mut(),
            definitions: Some(&defs),
            at: when,
        },
    )
    .map_err(fail)?;
    out(&report)
}
