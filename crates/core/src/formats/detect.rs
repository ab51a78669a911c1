//! Recognising a file's format by its content, and reading REST-shaped
//! rows (lists, single resources, Resource Graph rows, the Azure CLI's
//! flattened output) one by one.

use super::item::Item;
use super::parts::Part;
use super::{arm, az, bicep, defender, epac, policy, terraform, Reading};
use crate::error::Error;
use crate::exemption::ExemptionFile;
use crate::fold::fold;
use crate::text::quote;
use serde_json::Value;

pub(crate) fn read(file: &str, text: &str, r: &mut Reading) -> Result<(), Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let not_json = match crate::json::parse(text) {
        Ok(value) => return json(file, &value, r),
        Err(e) => e,
    };
    match text_format(text) {
        Some(TextFormat::EpacCsv) => epac::read_csv(file, text, r),
        Some(TextFormat::Terraform) => terraform::read(file, text, r),
        Some(TextFormat::Bicep) => bicep::read(file, text, r),
        Some(TextFormat::Az) => az::read(file, text, r),
        None => Err(Error::input(
            file,
            None,
            format!("not an exemption file of a known format: not JSON ({not_json}), nor an EPAC CSV file, Terraform, Bicep or an Azure CLI script (az rest or az policy exemption create)"),
        )),
    }
}

/// What kind of exemption file `text` is, in words, when it is one that
/// only `exempt import` reads (not the project's own file), so that a
/// command given it in the wrong place can say where it goes.
pub fn describe(text: &str) -> Option<&'static str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match crate::json::parse(text) {
        Ok(value) => describe_value(&value),
        Err(_) => describe_text(text),
    }
}

/// [`describe`] of a file that is not JSON.
pub fn describe_text(text: &str) -> Option<&'static str> {
    match text_format(text)? {
        TextFormat::EpacCsv => Some("an EPAC exemption file (CSV)"),
        TextFormat::Terraform => Some("a Terraform file of exemptions"),
        TextFormat::Bicep => Some("a Bicep file of exemptions"),
        TextFormat::Az => Some("an Azure CLI script of exemptions"),
    }
}

/// [`describe`] of a file already read as JSON.
pub fn describe_value(value: &Value) -> Option<&'static str> {
    let first_type = |list: &[Value]| {
        list.iter()
            .find_map(|v| v.get("type").and_then(Value::as_str))
            .map(|t| fold(t).into_owned())
    };
    let kind = match value {
        Value::Object(o) if o.get("exemptions").is_some_and(Value::is_array) => {
            return epac::is_epac(o).then_some("an EPAC exemption file");
        }
        Value::Object(o) if arm::is_template(o) => return Some("an ARM template"),
        Value::Object(o) => match o.get("value").or_else(|| o.get("data")) {
            Some(Value::Array(list)) => first_type(list),
            _ => first_type(std::slice::from_ref(value)),
        },
        Value::Array(list) => first_type(list),
        _ => None,
    }?;
    if kind.ends_with("/policyexemptions") {
        Some("a list of Azure Policy exemptions")
    } else if kind.ends_with("/standardassignments") {
        Some("a list of Defender standard assignments")
    } else {
        None
    }
}

/// The formats that are not JSON, told apart by how their lines begin.
enum TextFormat {
    EpacCsv,
    Terraform,
    Bicep,
    Az,
}

fn text_format(text: &str) -> Option<TextFormat> {
    if epac::is_csv(text) {
        Some(TextFormat::EpacCsv)
    } else if terraform::looks_like(text) {
        Some(TextFormat::Terraform)
    } else if bicep::looks_like(text) {
        Some(TextFormat::Bicep)
    } else if az::looks_like(text) {
        Some(TextFormat::Az)
    } else {
        None
    }
}

fn json(file: &str, value: &Value, r: &mut Reading) -> Result<(), Error> {
    let rows = |list: &Vec<Value>, prefix: &str, r: &mut Reading| -> Result<(), Error> {
        for (i, v) in list.iter().enumerate() {
            row(
                Item::new(file, i as u64 + 1, format!("{prefix}[{i}]."), v),
                r,
            )?;
        }
        Ok(())
    };
    match value {
        Value::Object(o) if o.get("exemptions").is_some_and(Value::is_array) => {
            if epac::is_epac(o) {
                return epac::read_json(file, value, r);
            }
            let own = ExemptionFile::from_value(value.clone()).map_err(|e| e.in_file(file))?;
            for (i, e) in own.exemptions.into_iter().enumerate() {
                r.parts.push(Part {
                    exemption: e,
                    merge: false,
                    file: file.to_string(),
                    row: i as u64 + 1,
                    order: Some(i as u64),
                });
            }
            Ok(())
        }
        Value::Object(o) if arm::is_template(o) => arm::read(file, value, r),
        Value::Object(o) => match o.get("value").or_else(|| o.get("data")) {
            Some(Value::Array(list)) => rows(
                list,
                if o.contains_key("value") {
                    "value"
                } else {
                    "data"
                },
                r,
            ),
            _ => row(Item::new(file, 1, String::new(), value), r),
        },
        Value::Array(list) => rows(list, "", r),
        _ => Err(Error::input(
            file,
            None,
            "holds no exemptions: expected an object or an array",
        )),
    }
}

/// One REST-shaped row: a standard assignment or a policy exemption, by
/// its `type`, or by its fields when it has none (the CLI's output).
pub(crate) fn row(mut item: Item, r: &mut Reading) -> Result<(), Error> {
    let mut kind = fold(item.text("type")?.unwrap_or("")).into_owned();
    let props = item.get("properties").is_some_and(Value::is_object);
    let p = if props { "properties." } else { "" };
    if kind.ends_with("/standardassignments")
        || (kind.is_empty()
            && (item.get("properties.exemptionData").is_some()
                || item.get("properties.effect").is_some()))
    {
        return defender::read(&mut item, None, r);
    }
    if kind.ends_with("/policyexemptions")
        || (kind.is_empty() && item.get(&format!("{p}policyAssignmentId")).is_some())
    {
        return policy::read(&mut item, p, r);
    }
    item.name = item.get("name").and_then(Value::as_str).map(str::to_string);
    // Built-in initiatives, as Azure/azure-policy keeps them, have no type.
    if kind.is_empty() && item.get("properties.policyDefinitions").is_some() {
        kind = "microsoft.authorization/policysetdefinitions".into();
    }
    if kind.is_empty() {
        return Err(item.error(
            "type",
            "is neither a standard assignment nor a policy exemption, and has no type",
        ));
    }
    const FILTERS: &str = "properties.metadata.subAssessmentSettings.filters";
    if kind.ends_with("/policyassignments")
        && item
            .get(FILTERS)
            .is_some_and(|f| !f.is_null() && f != "" && f != &Value::Array(Vec::new()))
    {
        let why = super::disable_rules::why(item.get(FILTERS).unwrap_or(&Value::Null));
        r.rejected.push(item.reject(FILTERS, why));
        return Ok(());
    }
    let hint = if [
        "/policysetdefinitions",
        "/assessmentmetadata",
        "/policyassignments",
        "/securityconnectors",
    ]
    .iter()
    .any(|k| kind.ends_with(k))
    {
        "; give it as a definition, beside the exemption files"
    } else {
        ""
    };
    let why = format!("`{}` is not an exemption{hint}", quote(&kind));
    r.rejected.push(item.reject("type", why));
    Ok(())
}
