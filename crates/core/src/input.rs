//! Reading Defender data as users export it from Azure.
//!
//! A file is a bare JSON array of rows, `{"data": [...]}` (`az graph query -o
//! json`) or `{"value": [...]}` (a REST list). Each row is recognised by its
//! `type`. Rows are read straight from the text into the builder, borrowing
//! strings where JSON allows, because on large exports parsing is most of the
//! cost of a run.

use crate::builder::{AssessmentRow, EnvironmentBuilder, Metadata, Origin};
use crate::error::Error;
use crate::ids::narrow;
use crate::model::{Cloud, Status};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

type Str<'a> = Cow<'a, str>;

#[derive(Deserialize)]
struct Row<'a> {
    #[serde(borrow)]
    id: Option<Str<'a>>,
    #[serde(borrow)]
    name: Option<Str<'a>>,
    #[serde(rename = "type", borrow)]
    kind: Option<Str<'a>>,
    #[serde(rename = "subscriptionId", borrow)]
    subscription_id: Option<Str<'a>>,
    #[serde(borrow)]
    properties: Option<Properties<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Properties<'a> {
    #[serde(borrow)]
    resource_details: Option<ResourceDetails<'a>>,
    #[serde(borrow)]
    status: Option<StatusField<'a>>,
    #[serde(borrow)]
    metadata: Option<RowMetadata<'a>>,
    #[serde(borrow)]
    display_name: Option<Str<'a>>,
    #[serde(borrow)]
    details: Option<GroupDetails<'a>>,
    #[serde(borrow)]
    management_group_ancestors_chain: Option<Vec<Named<'a>>>,
    max_score: Option<f64>,
    #[serde(borrow)]
    assessment_definitions: Option<Vec<IdOnly<'a>>>,
}

#[derive(Deserialize)]
struct ResourceDetails<'a> {
    #[serde(rename = "Source", alias = "source", borrow)]
    source: Option<Str<'a>>,
    #[serde(rename = "Id", alias = "id", borrow)]
    id: Option<Str<'a>>,
}

#[derive(Deserialize)]
struct StatusField<'a> {
    #[serde(borrow)]
    code: Option<Str<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RowMetadata<'a> {
    #[serde(borrow)]
    display_name: Option<Str<'a>>,
    #[serde(borrow)]
    severity: Option<Str<'a>>,
    #[serde(borrow)]
    categories: Option<Vec<Str<'a>>>,
    preview: Option<bool>,
}

#[derive(Deserialize)]
struct GroupDetails<'a> {
    #[serde(borrow)]
    parent: Option<Named<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Named<'a> {
    #[serde(borrow)]
    name: Option<Str<'a>>,
    #[serde(borrow)]
    display_name: Option<Str<'a>>,
}

#[derive(Deserialize)]
struct IdOnly<'a> {
    #[serde(borrow)]
    id: Option<Str<'a>>,
}

/// Reads one input file's text into the builder. `file` is the name used in
/// messages.
pub fn load_json(builder: &mut EnvironmentBuilder, file: &str, text: &str) -> Result<usize, Error> {
    let file_no = builder.file(file).map_err(|e| e.in_file(file))?;
    let mut state = State {
        builder,
        file: file_no,
        rows: 0,
        failed: None,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let outcome = Document(&mut state)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    let rows = state.rows;
    match (outcome, state.failed) {
        (_, Some((row, error))) => Err(error.in_file(file).at_row(row as u64)),
        (Err(e), None) => Err(Error::input(file, None, e.to_string())),
        (Ok(()), None) => Ok(rows),
    }
}

struct State<'b> {
    builder: &'b mut EnvironmentBuilder,
    file: u32,
    rows: usize,
    /// The first row that failed, with why; set before the parser is stopped.
    failed: Option<(usize, Error)>,
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
        f.write_str(r#"an array of rows, or an object with a "data" or "value" array"#)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        Rows(self.0).visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut found = false;
        while let Some(key) = map.next_key::<Str<'de>>()? {
            if key == "data" || key == "value" {
                if found {
                    return Err(de::Error::custom(
                        r#"both "data" and "value" arrays are present"#,
                    ));
                }
                found = true;
                map.next_value_seed(Rows(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        if found {
            Ok(())
        } else {
            Err(de::Error::custom(
                r#"expected an array of rows, or an object with a "data" or "value" array"#,
            ))
        }
    }
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
            let index = state.rows + 1;
            match seq.next_element::<Row<'de>>() {
                Ok(Some(row)) => {
                    state.rows = index;
                    if let Err(error) = state.add(index, row) {
                        let message = error.message.clone();
                        state.failed = Some((index, error));
                        return Err(de::Error::custom(message));
                    }
                }
                Ok(None) => return Ok(()),
                Err(e) => {
                    state.failed = Some((index, Error::invalid(e.to_string())));
                    return Err(e);
                }
            }
        }
    }
}

const GROUP: &str = "microsoft.management/managementgroups";
const SUBSCRIPTION: &str = "microsoft.resources/subscriptions";
const ASSESSMENT: &str = "microsoft.security/assessments";
const CONTROL: &str = "microsoft.security/securescorecontroldefinitions";

impl State<'_> {
    fn add(&mut self, index: usize, row: Row<'_>) -> Result<(), Error> {
        let kind = row.kind.as_deref().ok_or_else(|| missing("type"))?;
        let props = row.properties;
        if kind.eq_ignore_ascii_case(ASSESSMENT) {
            let p = props.ok_or_else(|| missing("properties"))?;
            return self.add_assessment(index, row.id.as_deref(), row.name.as_deref(), p);
        }
        if kind.eq_ignore_ascii_case(GROUP) {
            let name = required(row.name.as_deref(), "name")?;
            let (display, parent) = match &props {
                Some(p) => (
                    p.display_name.as_deref(),
                    p.details
                        .as_ref()
                        .and_then(|d| d.parent.as_ref())
                        .and_then(|n| n.name.as_deref()),
                ),
                None => (None, None),
            };
            self.builder.add_management_group(name, display, parent);
            return Ok(());
        }
        if kind.eq_ignore_ascii_case(SUBSCRIPTION) {
            let id = required(row.subscription_id.as_deref(), "subscriptionId")?;
            let chain: Vec<(&str, Option<&str>)> = props
                .as_ref()
                .and_then(|p| p.management_group_ancestors_chain.as_ref())
                .map(|c| {
                    c.iter()
                        .filter_map(|n| Some((n.name.as_deref()?, n.display_name.as_deref())))
                        .collect()
                })
                .unwrap_or_default();
            self.builder
                .add_subscription(id, row.name.as_deref(), &chain);
            return Ok(());
        }
        if kind.eq_ignore_ascii_case(CONTROL) {
            let name = required(row.name.as_deref(), "name")?;
            let p = props.ok_or_else(|| missing("properties"))?;
            let max = p.max_score.ok_or_else(|| missing("properties.maxScore"))?;
            let display = p.display_name.as_deref().unwrap_or(name);
            let keys = p
                .assessment_definitions
                .iter()
                .flatten()
                .filter_map(|d| d.id.as_deref())
                .filter_map(|id| crate::scope::segments(id).last());
            return self.builder.add_control(name, display, max, keys);
        }
        Err(Error::invalid(format!(
            "unknown row type `{}`: expected management groups, subscriptions, assessments or secure score control definitions",
            crate::text::quote(kind)
        ))
        .at_field("type"))
    }

    fn add_assessment(
        &mut self,
        index: usize,
        id: Option<&str>,
        name: Option<&str>,
        p: Properties<'_>,
    ) -> Result<(), Error> {
        let key = required(name, "name")?;
        let details = p
            .resource_details
            .as_ref()
            .ok_or_else(|| missing("properties.resourceDetails"))?;
        let source = details
            .source
            .as_deref()
            .ok_or_else(|| missing("properties.resourceDetails.Source"))?;
        let cloud = Cloud::from_source(source).ok_or_else(|| {
            Error::invalid(format!(
                "properties.resourceDetails.Source: unknown source `{}`",
                crate::text::quote(source)
            ))
            .at_field("properties.resourceDetails.Source")
        })?;
        let resource_id = match details.id.as_deref() {
            Some(r) => r,
            None => id
                .and_then(resource_of_row_id)
                .ok_or_else(|| missing("properties.resourceDetails.Id"))?,
        };
        let code = p
            .status
            .as_ref()
            .and_then(|s| s.code.as_deref())
            .ok_or_else(|| missing("properties.status.code"))?;
        let status = Status::parse(code).ok_or_else(|| {
            Error::invalid(format!(
                "properties.status.code: `{}` is not Healthy, Unhealthy or NotApplicable",
                crate::text::quote(code)
            ))
            .at_field("properties.status.code")
        })?;
        let k = self.builder.add_assessment(AssessmentRow {
            origin: Origin {
                file: self.file,
                row: narrow(index, "rows in one file")?,
            },
            id,
            key,
            resource_id,
            cloud,
            status,
        })?;
        if let Some(m) = p
            .metadata
            .as_ref()
            .filter(|_| self.builder.wants_metadata(k))
        {
            self.builder.set_metadata(
                k,
                &Metadata {
                    display_name: m.display_name.as_deref().or(p.display_name.as_deref()),
                    severity: m.severity.as_deref(),
                    categories: m.categories.iter().flatten().map(|c| c.as_ref()).collect(),
                    preview: m.preview,
                },
            )?;
        } else if let Some(name) = p.display_name.as_deref() {
            // Rows without metadata (as in the REST list) still name the
            // recommendation; a later row may bring the rest.
            self.builder.set_display_name(k, name);
        }
        Ok(())
    }
}

fn required<'a>(value: Option<&'a str>, field: &str) -> Result<&'a str, Error> {
    match value {
        Some(v) if !v.trim().is_empty() => Ok(v),
        Some(_) => Err(Error::invalid(format!("field `{field}` is empty")).at_field(field)),
        None => Err(missing(field)),
    }
}

fn missing(field: &str) -> Error {
    Error::invalid(format!("missing field `{field}`")).at_field(field)
}

/// The resource part of `<resource>/providers/Microsoft.Security/assessments/<key>`.
fn resource_of_row_id(id: &str) -> Option<&str> {
    let lower = id.to_ascii_lowercase();
    let at = lower.rfind("/providers/microsoft.security/assessments/")?;
    (at > 0).then(|| &id[..at])
}
