//! Defender's **Download CSV report** (Recommendations page): one row per
//! assessment. It names each recommendation's controls but not their
//! maximum scores, nor the cloud, categories or preview flag; those come from
//! the built-in catalogue ([`crate::catalogue`]).

use super::Loaded;
use crate::builder::{AssessmentRow, EnvironmentBuilder, Metadata, Origin};
use crate::catalogue::catalogue;
use crate::error::Error;
use crate::ids::narrow;
use crate::model::{Cloud, Status};
use crate::text::quote;
use std::collections::BTreeSet;

/// Whether the text is a CSV report rather than JSON: its first line is a
/// header naming Defender's recommendation columns.
pub(super) fn looks_like_csv(text: &str) -> bool {
    let start = text.trim_start();
    if start.starts_with(['[', '{']) {
        return false;
    }
    let header = start.lines().next().unwrap_or("").to_ascii_lowercase();
    header.contains(',') && header.contains("recommendation") && header.contains("resourceid")
}

/// Column positions, found by name without regard to case.
struct Columns {
    resource_id: usize,
    key: usize,
    state: usize,
    assessment_id: Option<usize>,
    display_name: Option<usize>,
    severity: Option<usize>,
    reason: Option<usize>,
    controls: Option<usize>,
    subscription_id: Option<usize>,
    subscription_name: Option<usize>,
}

impl Columns {
    fn find(header: &csv::StringRecord) -> Result<Columns, Error> {
        let at = |name: &str| {
            header.iter().position(|h| {
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .eq_ignore_ascii_case(name)
            })
        };
        let need = |name: &str| {
            at(name).ok_or_else(|| {
                Error::invalid(format!(
                    "the CSV has no `{name}` column: is it Defender's Download CSV report of the Recommendations page?"
                ))
                .at_field(name)
            })
        };
        Ok(Columns {
            resource_id: need("resourceId")?,
            key: need("recommendationName")?,
            state: need("state")?,
            assessment_id: at("recommendationId"),
            display_name: at("recommendationDisplayName"),
            severity: at("severity"),
            reason: at("notApplicableReason"),
            controls: at("controls"),
            subscription_id: at("subscriptionId"),
            subscription_name: at("subscriptionName"),
        })
    }
}

/// Reads a CSV report into the builder.
pub(super) fn load(
    builder: &mut EnvironmentBuilder,
    file: u32,
    text: &str,
) -> Result<Loaded, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| Error::invalid(format!("the CSV header cannot be read: {e}")))?
        .clone();
    let cols = Columns::find(&header)?;
    let mut loaded = Loaded {
        csv: true,
        ..Loaded::default()
    };
    let mut unknown_controls = BTreeSet::new();
    let mut record = csv::StringRecord::new();
    loop {
        let row = loaded.rows + 1;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(
                    Error::invalid(format!("not a well-formed CSV row: {e}")).at_row(row as u64)
                )
            }
        }
        loaded.rows = row;
        add(builder, file, row, &cols, &record, &mut unknown_controls)
            .map_err(|e| e.at_row(row as u64))?;
        *loaded.kinds.entry("assessment").or_default() += 1;
    }
    for name in unknown_controls {
        builder.warn(format!(
            "control {} is not in Exempt's built-in catalogue: its recommendations count toward no control",
            quote(&name)
        ));
    }
    Ok(loaded)
}

fn add(
    builder: &mut EnvironmentBuilder,
    file: u32,
    row: usize,
    cols: &Columns,
    record: &csv::StringRecord,
    unknown_controls: &mut BTreeSet<String>,
) -> Result<(), Error> {
    let field = |i: Option<usize>| {
        i.and_then(|i| record.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let required = |i: usize, name: &str| {
        field(Some(i))
            .ok_or_else(|| Error::invalid(format!("the `{name}` column is empty")).at_field(name))
    };
    let resource_id = required(cols.resource_id, "resourceId")?;
    let key = required(cols.key, "recommendationName")?;
    let state = required(cols.state, "state")?;
    let status = Status::parse(state).ok_or_else(|| {
        Error::invalid(format!(
            "state: `{}` is not Healthy, Unhealthy or NotApplicable",
            quote(state)
        ))
        .at_field("state")
    })?;
    let known = catalogue().recommendation(key);
    let cloud = known
        .and_then(|k| k.cloud.as_deref())
        .and_then(Cloud::from_source)
        .unwrap_or_else(|| guess_cloud(resource_id));
    let azure_exempt = status == Status::NotApplicable
        && field(cols.reason).is_some_and(|r| r.eq_ignore_ascii_case("exempt"));
    let k = builder.add_assessment(AssessmentRow {
        origin: Origin {
            file,
            row: narrow(row, "rows in one file")?,
        },
        id: field(cols.assessment_id),
        key,
        resource_id,
        cloud,
        status,
        azure_exempt,
    })?;
    if builder.wants_metadata(k) {
        builder.set_metadata(
            k,
            &Metadata {
                display_name: field(cols.display_name),
                severity: field(cols.severity).or(known.and_then(|k| k.severity.as_deref())),
                categories: known
                    .and_then(|k| k.categories.as_ref())
                    .map(|c| c.iter().map(String::as_str).collect())
                    .unwrap_or_default(),
                preview: known.and_then(|k| k.preview),
                policy_definition_id: known.and_then(|k| k.policy_definition_id.as_deref()),
            },
        )?;
    }
    if let Some(controls) = field(cols.controls) {
        // `{"<control name>":"<control id>"}`.
        let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(controls)
            .map_err(|e| {
                Error::invalid(format!(
                    "controls: not a JSON object of control names and ids ({e})"
                ))
                .at_field("controls")
            })?;
        for (name, id) in &map {
            let id = id.as_str().unwrap_or(name);
            match catalogue()
                .control(id)
                .or_else(|| catalogue().control(name))
            {
                Some(c) => builder.add_control(&c.name, &c.display_name, c.max_score, [key])?,
                None => {
                    unknown_controls.insert(name.clone());
                }
            }
        }
    }
    if let Some(sub) = field(cols.subscription_id) {
        builder.add_subscription(sub, field(cols.subscription_name), &[]);
    }
    Ok(())
}

/// AWS and GCP resources sit under a security connector; without the
/// catalogue's word, a connector resource is AWS unless its id says GCP.
fn guess_cloud(resource_id: &str) -> Cloud {
    let lower = resource_id.to_ascii_lowercase();
    if !lower.contains("/securityconnectors/") {
        Cloud::Azure
    } else if lower.contains("gcp") {
        Cloud::Gcp
    } else {
        Cloud::Aws
    }
}
