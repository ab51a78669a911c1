//! Each kind of row, recognised and handed to the builder for what it tells.

use super::row::{text, texts, Named, Properties, Row};
use super::Loaded;
use crate::builder::{
    extras::connector_cloud, AssessmentRow, EnvironmentBuilder, Metadata, Origin, OwnedMetadata,
};
use crate::environment::{Connector, ReportedControl};
use crate::error::{Error, Hint};
use crate::ids::narrow;
use crate::model::{Cloud, Status};
use crate::score::Score;
use crate::text::quote;

/// The reader's state for one file.
pub(super) struct State<'b> {
    pub builder: &'b mut EnvironmentBuilder,
    pub file: u32,
    pub loaded: Loaded,
    /// The first row that failed, with why; set before the parser is stopped.
    pub failed: Option<(usize, Error)>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Assessment,
    Metadata,
    ControlDefinition,
    SecureScore,
    ControlScore,
    Connector,
    Group,
    GroupSubscription,
    Subscription,
    ChildSubscription,
    SubAssessment,
}

const KINDS: [(&str, Kind); 11] = [
    ("microsoft.security/assessments", Kind::Assessment),
    (
        "microsoft.security/assessments/subassessments",
        Kind::SubAssessment,
    ),
    ("microsoft.security/assessmentmetadata", Kind::Metadata),
    (
        "microsoft.security/securescorecontroldefinitions",
        Kind::ControlDefinition,
    ),
    ("microsoft.security/securescores", Kind::SecureScore),
    (
        "microsoft.security/securescores/securescorecontrols",
        Kind::ControlScore,
    ),
    ("microsoft.security/securityconnectors", Kind::Connector),
    ("microsoft.management/managementgroups", Kind::Group),
    (
        "microsoft.management/managementgroups/subscriptions",
        Kind::GroupSubscription,
    ),
    ("microsoft.resources/subscriptions", Kind::Subscription),
    ("/subscriptions", Kind::ChildSubscription),
];

/// Resource types of the Resource Graph tables exports come from
/// (`securityresources`, `resourcecontainers`, `policyresources`): rows of
/// these that Exempt does not use are skipped, not refused.
const SKIPPED_PROVIDERS: [&str; 6] = [
    "microsoft.security/",
    "microsoft.resources/",
    "microsoft.management/",
    "microsoft.authorization/",
    "microsoft.policyinsights/",
    "microsoft.guestconfiguration/",
];

impl Kind {
    fn of(kind: &str) -> Option<Kind> {
        KINDS
            .iter()
            .find(|(name, _)| kind.eq_ignore_ascii_case(name))
            .map(|&(_, k)| k)
    }

    fn label(self) -> &'static str {
        match self {
            Kind::Assessment => "assessment",
            Kind::Metadata => "assessment metadata",
            Kind::ControlDefinition => "secure score control definition",
            Kind::SecureScore => "secure score",
            Kind::ControlScore => "secure score control",
            Kind::Connector => "security connector",
            Kind::Group => "management group",
            Kind::GroupSubscription | Kind::Subscription | Kind::ChildSubscription => {
                "subscription"
            }
            Kind::SubAssessment => "vulnerability finding",
        }
    }
}

fn skippable(kind: &str) -> bool {
    let lower = kind.to_ascii_lowercase();
    SKIPPED_PROVIDERS.iter().any(|p| lower.starts_with(p))
}

/// The project's own exemption file, given where exports go.
pub(super) fn exemption_file_given() -> Error {
    Error::invalid("this is an exemption file, not Defender data").with_hint(Hint::ExemptionFile)
}

impl<'b> State<'b> {
    pub fn new(builder: &'b mut EnvironmentBuilder, file: u32) -> Self {
        State {
            builder,
            file,
            loaded: Loaded::default(),
            failed: None,
        }
    }

    /// Reads one row.
    pub fn add(&mut self, index: usize, mut row: Row<'_>) -> Result<(), Error> {
        if row.exemptions.is_some() {
            return Err(exemption_file_given());
        }
        let kind_text = text(&row.kind).map(str::trim);
        let kind = match kind_text {
            Some(k) => match Kind::of(k) {
                Some(kind) => kind,
                None if skippable(k) => {
                    *self.loaded.skipped.entry(k.to_ascii_lowercase()).or_default() += 1;
                    return Ok(());
                }
                None => {
                    return Err(Error::invalid(format!(
                        "rows of type `{}` are not Defender data: the query read the wrong table (use securityresources, resourcecontainers or policyresources)",
                        quote(k)
                    ))
                    .at_field("type"))
                }
            },
            // `GET /subscriptions` and `az account list` write no type.
            None if text(&row.subscription_id).is_some() => Kind::Subscription,
            None if text(&row.cloud_name).is_some() || text(&row.home_tenant_id).is_some() => {
                Kind::Subscription
            }
            None => return Err(missing("type")),
        };
        let props = std::mem::take(&mut row.properties).0.unwrap_or_default();
        match kind {
            Kind::Assessment => self.assessment(index, &row.id, &row.name, &props)?,
            Kind::Metadata => {
                let key = required(text(&row.name), "name")?;
                self.builder.add_metadata(key, owned_metadata(&props));
            }
            Kind::ControlDefinition => {
                let name = required(text(&row.name), "name")?;
                self.control_definition(name, &props)?;
            }
            Kind::SecureScore => {
                let id = required(text(&row.id), "id")?;
                let score = score(&props)?;
                self.builder.add_reported_score(score_scope(id), score)?;
            }
            Kind::ControlScore => self.control_score(&row, &props)?,
            Kind::Connector => {
                let id = required(text(&row.id), "id")?.trim_end_matches('/');
                self.builder.add_connector(Connector {
                    id: id.to_string(),
                    name: id.rsplit('/').next().unwrap_or(id).to_string(),
                    cloud: text(&props.environment_name).and_then(connector_cloud),
                    hierarchy_id: text(&props.hierarchy_identifier).map(str::to_string),
                });
            }
            Kind::Group => self.group(&row, &props),
            Kind::GroupSubscription | Kind::ChildSubscription => {
                let id = text(&row.name)
                    .or_else(|| text(&row.id).and_then(|i| i.rsplit('/').next()))
                    .map(str::trim);
                let id = required(id, "name")?;
                let parent = props.parent.get().and_then(group_name);
                let chain: Vec<(&str, Option<&str>)> =
                    parent.map(|p| (p, None)).into_iter().collect();
                self.builder
                    .add_subscription(id, text(&props.display_name), &chain);
            }
            Kind::Subscription => self.subscription(&row, &props)?,
            Kind::SubAssessment => self.finding(index, &row, &props)?,
        }
        *self.loaded.kinds.entry(kind.label()).or_default() += 1;
        Ok(())
    }

    fn assessment(
        &mut self,
        index: usize,
        id: &super::row::Lenient<super::row::Str<'_>>,
        name: &super::row::Lenient<super::row::Str<'_>>,
        p: &Properties<'_>,
    ) -> Result<(), Error> {
        let id = text(id);
        let key = required(text(name), "name")?;
        let details = p
            .resource_details
            .get()
            .ok_or_else(|| missing("properties.resourceDetails"))?;
        let source =
            text(&details.source).ok_or_else(|| missing("properties.resourceDetails.Source"))?;
        let cloud = Cloud::from_source(source).ok_or_else(|| {
            Error::invalid(format!(
                "properties.resourceDetails.Source: unknown source `{}`",
                quote(source)
            ))
            .at_field("properties.resourceDetails.Source")
        })?;
        let resource_id = match text(&details.id) {
            Some(r) => r,
            None => id
                .and_then(resource_of_row_id)
                .ok_or_else(|| missing("properties.resourceDetails.Id"))?,
        };
        let status_field = p.status.get();
        let code = status_field
            .and_then(|s| text(&s.code))
            .ok_or_else(|| missing("properties.status.code"))?;
        let status = Status::parse(code).ok_or_else(|| {
            Error::invalid(format!(
                "properties.status.code: `{}` is not Healthy, Unhealthy or NotApplicable",
                quote(code)
            ))
            .at_field("properties.status.code")
        })?;
        let azure_exempt = status == Status::NotApplicable
            && status_field
                .and_then(|s| text(&s.cause))
                .is_some_and(|c| c.trim().eq_ignore_ascii_case("exempt"));
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
            azure_exempt,
        })?;
        if let Some(m) = p.metadata.get().filter(|_| self.builder.wants_metadata(k)) {
            let categories: Vec<&str> = texts(&m.categories)
                .chain(text(&m.recommendation_category))
                .collect();
            self.builder.set_metadata(
                k,
                &Metadata {
                    display_name: text(&m.display_name).or(text(&p.display_name)),
                    severity: text(&m.severity),
                    categories,
                    preview: m.preview.0,
                    policy_definition_id: text(&m.policy_definition_id),
                },
            )?;
        } else if let Some(title) = text(&p.display_name) {
            // Rows without metadata (as in the REST list) still name the
            // recommendation; a later row may bring the rest.
            self.builder.set_display_name(k, title);
        }
        Ok(())
    }

    fn finding(&mut self, index: usize, row: &Row<'_>, p: &Properties<'_>) -> Result<(), Error> {
        let id = required(text(&row.id), "id")?;
        let status = p.status.get();
        let extra = p.additional_data.get().unwrap_or(&serde_json::Value::Null);
        let finding = crate::vulnerabilities::finding_of(&crate::vulnerabilities::Parts {
            id,
            finding_id: text(&p.id),
            display_name: text(&p.display_name),
            status: status.and_then(|s| text(&s.code)),
            cause: status.and_then(|s| text(&s.cause)),
            severity: status.and_then(|s| text(&s.severity)),
            extra,
        })
        .map_err(Error::invalid)?;
        self.builder.add_finding(
            Origin {
                file: self.file,
                row: narrow(index, "rows in one file")?,
            },
            &finding,
        )
    }

    fn control_definition(&mut self, name: &str, p: &Properties<'_>) -> Result<(), Error> {
        let max = p
            .max_score
            .0
            .ok_or_else(|| missing("properties.maxScore"))?;
        let display = text(&p.display_name).unwrap_or(name);
        let keys: Vec<&str> = p
            .assessment_definitions
            .get()
            .into_iter()
            .flatten()
            .filter_map(|d| d.get().and_then(|d| text(&d.id)))
            .filter_map(|id| crate::scope::segments(id).last())
            .collect();
        self.builder.add_control(name, display, max, keys)
    }

    fn control_score(&mut self, row: &Row<'_>, p: &Properties<'_>) -> Result<(), Error> {
        let id = required(text(&row.id), "id")?;
        let control = required(text(&row.name), "name")?;
        let score = score(p)?;
        self.builder.add_reported_control(ReportedControl {
            scope: score_scope(id).to_string(),
            control: control.to_string(),
            display_name: text(&p.display_name).map(str::to_string),
            score,
            healthy: p.healthy_resource_count.0.unwrap_or(0),
            unhealthy: p.unhealthy_resource_count.0.unwrap_or(0),
            not_applicable: p.not_applicable_resource_count.0.unwrap_or(0),
        })?;
        // With `$expand=definition` the row also defines the control.
        if let Some(def) = p.definition.get() {
            if let Some(dp) = def.properties.get().filter(|dp| dp.max_score.0.is_some()) {
                let name = text(&def.name).unwrap_or(control);
                self.control_definition(name, dp)?;
            }
        }
        Ok(())
    }
}

fn owned_metadata(p: &Properties<'_>) -> OwnedMetadata {
    OwnedMetadata {
        display_name: text(&p.display_name).map(str::to_string),
        severity: text(&p.severity).map(str::to_string),
        categories: texts(&p.categories).map(str::to_string).collect(),
        preview: p.preview.0,
        policy_definition_id: text(&p.policy_definition_id).map(str::to_string),
    }
}

/// A group's name: `name`, or its id's last segment.
pub(super) fn group_name<'s>(n: &'s Named<'_>) -> Option<&'s str> {
    text(&n.name)
        .or_else(|| text(&n.id).and_then(|i| i.trim_end_matches('/').rsplit('/').next()))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn score(p: &Properties<'_>) -> Result<Score, Error> {
    let s = p.score.get().ok_or_else(|| missing("properties.score"))?;
    let max = s.max.0.ok_or_else(|| missing("properties.score.max"))?;
    let current = s
        .current
        .0
        .ok_or_else(|| missing("properties.score.current"))?;
    let percentage = s
        .percentage
        .0
        .unwrap_or(if max > 0.0 { current / max } else { 0.0 });
    Ok(Score {
        current,
        max,
        percentage,
    })
}

/// The scope of a secure score id: what precedes
/// `/providers/Microsoft.Security/secureScores/`.
fn score_scope(id: &str) -> &str {
    const INFIX: &str = "/providers/microsoft.security/securescores/";
    let lower = id.to_ascii_lowercase();
    match lower.find(INFIX) {
        Some(at) => &id[..at],
        None => id,
    }
}

pub(super) fn required<'a>(value: Option<&'a str>, field: &str) -> Result<&'a str, Error> {
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
