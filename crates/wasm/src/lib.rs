//! The JavaScript package: the core's session for dashboards, in browsers
//! (`await init()`) and in Node (`initSync({ module: bytes })`).
//!
//! This crate only converts types. Inputs arrive as JavaScript values and
//! leave as the core's own types; answers are the core's serializable
//! reports, converted by `serde-wasm-bindgen` with JSON's conventions
//! (absent fields as `null`, maps as objects), so `evaluate` gives field for
//! field what `exempt evaluate` prints. Core errors become JavaScript
//! `Error`s whose message is the command line's, with the error's place
//! (`kind`, `file`, `row`, `field`, `problems`) as properties.

mod convert;
#[cfg(feature = "formats")]
mod formats;

#[cfg(feature = "formats")]
pub use formats::{diff_exemptions, export_exemptions, import_exemptions, lint_exemptions};

use convert::{at, exemption_file, export_file, fail, out, value};
#[cfg(feature = "formats")]
use exempt_core::evidence::PackFormat;
use exempt_core::exemption::{check, parse_one, Decision, ExemptionFile, Policy};
use exempt_core::workspace::{numbered_ids, Held};
use exempt_core::Error;
use exempt_core::{Session as Core, Workspace};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("../types.d.ts");

#[wasm_bindgen]
extern "C" {
    /// `{ at }`, declared in `types.d.ts`.
    #[wasm_bindgen(typescript_type = "Options")]
    pub type Options;

    /// An exemption file's text or parsed JSON, declared in `types.d.ts`.
    #[wasm_bindgen(typescript_type = "ExemptionFileInput")]
    pub type FileArg;
}

/// The package's version, which is the engine's.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// An environment loaded from export files and the exemptions held for
/// it: the core's workspace. Questions asked with the same exemptions (or
/// none given, which asks about those held) cost no evaluation of their own.
#[wasm_bindgen(js_name = Session)]
pub struct JsSession(Workspace);

#[wasm_bindgen(js_class = Session)]
impl JsSession {
    /// Loads export files: each the text of one file or its parsed JSON,
    /// the same inputs `exempt` reads. Messages name them `files[0]`, ….
    pub fn load(
        #[wasm_bindgen(unchecked_param_type = "ExportFile[]")] files: Vec<JsValue>,
    ) -> Result<JsSession, JsValue> {
        let texts = files
            .iter()
            .enumerate()
            .map(|(i, f)| Ok((format!("files[{i}]"), export_file(f, i)?)))
            .collect::<Result<Vec<_>, JsValue>>()?;
        let now = at(&JsValue::UNDEFINED)?;
        let mut workspace = Workspace::new(numbered_ids());
        workspace
            .load(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())), now)
            .map_err(fail)?;
        Ok(JsSession(workspace))
    }

    /// What `exempt evaluate --at` prints as JSON.
    #[wasm_bindgen(unchecked_return_type = "EvaluationReport")]
    pub fn evaluate(
        &mut self,
        #[wasm_bindgen(js_name = exemptionFile)] exemption_file: Option<FileArg>,
        options: Option<Options>,
    ) -> Result<JsValue, JsValue> {
        self.prepare(exemption_file, options)?;
        out(&self.session()?.report())
    }

    /// What adding `draft` (one exemption, as the file format writes it)
    /// to the exemption file would change.
    #[wasm_bindgen(js_name = whatIf, unchecked_return_type = "WhatIfReport")]
    pub fn what_if(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Exemption | string")] draft: JsValue,
        #[wasm_bindgen(js_name = exemptionFile)] exemption_file: Option<FileArg>,
        options: Option<Options>,
    ) -> Result<JsValue, JsValue> {
        let draft = parse_one(&value(&draft, "draft")?).map_err(fail)?;
        self.prepare(exemption_file, options)?;
        out(&self.session()?.what_if_report(&draft))
    }

    /// Why one assessment (by its row id) has its status: what
    /// `exempt explain --format json` prints.
    #[wasm_bindgen(unchecked_return_type = "Explanation")]
    pub fn explain(
        &mut self,
        #[wasm_bindgen(js_name = assessmentId)] assessment_id: &str,
        #[wasm_bindgen(js_name = exemptionFile)] exemption_file: Option<FileArg>,
        options: Option<Options>,
    ) -> Result<JsValue, JsValue> {
        self.prepare(exemption_file, options)?;
        out(&self.session()?.explain_id(assessment_id).map_err(fail)?)
    }

    /// Holds these exemptions for the questions that follow without an
    /// exemption file of their own; `null` holds none. Returns the status.
    #[wasm_bindgen(js_name = setExemptions, unchecked_return_type = "WorkspaceStatus")]
    pub fn set_exemptions(
        &mut self,
        #[wasm_bindgen(js_name = exemptionFile)] exemption_file: FileArg,
        options: Option<Options>,
    ) -> Result<JsValue, JsValue> {
        self.prepare(Some(exemption_file), options)?;
        out(&self.0.status())
    }

    /// The exemptions held, as an exemption file; those given without an
    /// id have one (`exemption-1`, …), by which edits name them.
    #[wasm_bindgen(unchecked_return_type = "ExemptionFile")]
    pub fn exemptions(&self) -> Result<JsValue, JsValue> {
        out(&self.0.file().to_value())
    }

    /// Changes the exemptions held, with the workspace's rules (names
    /// unique without case, ids given to new exemptions) and an entry in
    /// the history. Returns the status after it.
    #[wasm_bindgen(unchecked_return_type = "WorkspaceStatus")]
    pub fn apply(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ExemptionEdit")] edit: JsValue,
        options: Option<Options>,
    ) -> Result<JsValue, JsValue> {
        let when = at(&options.map_or(JsValue::UNDEFINED, Into::into))?;
        let edit = convert::edit(&value(&edit, "edit")?, |id| {
            self.0.record(id).map(|r| r.revision)
        })?;
        self.0.apply(edit, when).map_err(fail)?;
        out(&self.0.status())
    }

    /// The history of the edits made with `apply`, newest first: at most
    /// `limit` entries (default 100) whose exemption name contains `text`.
    #[wasm_bindgen(unchecked_return_type = "HistoryPage")]
    pub fn history(&self, text: Option<String>, limit: Option<u32>) -> Result<JsValue, JsValue> {
        let limit = limit.unwrap_or(100) as usize;
        out(&self.0.history(text.as_deref().unwrap_or(""), limit))
    }

    /// Sets the team's rules for the exemptions held (`null`: none), as an
    /// exemption file's `policy` writes them; refused, naming every
    /// problem, when an exemption held breaks them. Returns the status.
    #[wasm_bindgen(js_name = setPolicy, unchecked_return_type = "WorkspaceStatus")]
    pub fn set_policy(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Policy | null")] policy: JsValue,
        options: Option<Options>,
    ) -> Result<JsValue, JsValue> {
        let when = at(&options.map_or(JsValue::UNDEFINED, Into::into))?;
        let policy = if policy.is_null() || policy.is_undefined() {
            None
        } else {
            Some(
                Policy::from_value(&value(&policy, "policy")?)
                    .map_err(|problems| fail(Error::exemptions(None, problems)))?,
            )
        };
        self.0.set_policy(policy, when).map_err(fail)?;
        out(&self.0.status())
    }

    /// The evidence pack of the exemptions held (or of `exemptionFile`)
    /// (in the package built with the formats, `dist/pkg/formats`):
    /// `html` (one self-contained file), `csv` (the exemptions table) or
    /// `json` (everything, as data; returned as its text too), as
    /// `exempt report` writes them.
    #[cfg(feature = "formats")]
    pub fn report(
        &mut self,
        format: &str,
        #[wasm_bindgen(js_name = exemptionFile)] exemption_file: Option<FileArg>,
        options: Option<Options>,
    ) -> Result<String, JsValue> {
        let format = PackFormat::parse(format).ok_or_else(|| {
            fail(Error::invalid(format!(
                "`{format}` is not a pack format: use html, csv or json"
            )))
        })?;
        self.prepare(exemption_file, options)?;
        self.0
            .evidence()
            .and_then(|pack| pack.write(format))
            .map_err(fail)
    }

    /// Scores, counts and the exemptions held, as every view shows them.
    #[wasm_bindgen(unchecked_return_type = "WorkspaceStatus")]
    pub fn status(&self) -> Result<JsValue, JsValue> {
        out(&self.0.status())
    }

    fn session(&self) -> Result<&Core, JsValue> {
        self.0.session().map_err(fail)
    }

    /// The exemptions and the time of a question: a file given replaces
    /// those held (the same file again costs a comparison, not an
    /// evaluation); none given asks about those held. A clock that moved
    /// without changing what any exemption does costs nothing either.
    fn prepare(&mut self, file: Option<FileArg>, options: Option<Options>) -> Result<(), JsValue> {
        let when = at(&options.map_or(JsValue::UNDEFINED, Into::into))?;
        let file: JsValue = file.map_or(JsValue::UNDEFINED, Into::into);
        if file.is_undefined() {
            return self.0.set_time(when).map_err(fail);
        }
        let list = exemption_file(&file)?;
        self.0.hold_file(list, Held::Hosted, when).map_err(fail)
    }
}

/// `exempt approve`: the exemption file with `by`'s approval of the
/// exemption named `name`, as parsed JSON. Refused when `by` asked for it.
#[wasm_bindgen(js_name = approveExemption, unchecked_return_type = "ExemptionFile")]
pub fn approve_exemption(
    #[wasm_bindgen(js_name = exemptionFile)] exemption_file: FileArg,
    name: &str,
    by: &str,
    comment: Option<String>,
    options: Option<Options>,
) -> Result<JsValue, JsValue> {
    decide(
        exemption_file,
        name,
        Decision::Approved,
        by,
        comment,
        options,
    )
}

/// `exempt reject`, as [`approve_exemption`] approves.
#[wasm_bindgen(js_name = rejectExemption, unchecked_return_type = "ExemptionFile")]
pub fn reject_exemption(
    #[wasm_bindgen(js_name = exemptionFile)] exemption_file: FileArg,
    name: &str,
    by: &str,
    comment: Option<String>,
    options: Option<Options>,
) -> Result<JsValue, JsValue> {
    decide(
        exemption_file,
        name,
        Decision::Rejected,
        by,
        comment,
        options,
    )
}

fn decide(
    file: FileArg,
    name: &str,
    decision: Decision,
    by: &str,
    comment: Option<String>,
    options: Option<Options>,
) -> Result<JsValue, JsValue> {
    let when = at(&options.map_or(JsValue::UNDEFINED, Into::into))?;
    let mut file = exemption_file(&file.into())?;
    file.decide(name, decision, by, comment, when)
        .map_err(fail)?;
    out(&file.to_value())
}

/// Every problem of an exemption file, as `exempt validate` lists them. An
/// invalid file is an answer (`valid: false`), not a thrown error.
#[wasm_bindgen(js_name = validateExemptions, unchecked_return_type = "Validation")]
pub fn validate_exemptions(
    #[wasm_bindgen(js_name = exemptionFile)] exemption_file: Option<FileArg>,
    options: Option<Options>,
) -> Result<JsValue, JsValue> {
    let when = at(&options.map_or(JsValue::UNDEFINED, Into::into))?;
    let file: JsValue = exemption_file.map_or(JsValue::UNDEFINED, Into::into);
    let read = match file.as_string() {
        Some(text) => ExemptionFile::parse(&text),
        None => ExemptionFile::from_value(value(&file, "exemptionFile")?),
    };
    out(&check(None, read, when))
}
