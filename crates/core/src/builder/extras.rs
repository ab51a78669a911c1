//! Rows that describe rather than assess: assessment metadata (which may
//! arrive before, after or without any assessment of its key), security
//! connectors, and Azure's own secure scores.

use super::{EnvironmentBuilder, Metadata};
use crate::environment::{Connector, Reported, ReportedControl, ReportedScore, Unit, UnitKind};
use crate::error::Error;
use crate::fold::fold;
use crate::ids::RecommendationIx;
use crate::model::Cloud;
use crate::score::Score;

/// [`Metadata`] kept until the builder finishes.
#[derive(Debug, Clone, Default)]
pub struct OwnedMetadata {
    /// `displayName`.
    pub display_name: Option<String>,
    /// `severity`.
    pub severity: Option<String>,
    /// `categories`.
    pub categories: Vec<String>,
    /// `preview`.
    pub preview: Option<bool>,
    /// `policyDefinitionId`.
    pub policy_definition_id: Option<String>,
}

impl OwnedMetadata {
    /// Borrowed, for [`EnvironmentBuilder::set_metadata`].
    pub fn as_metadata(&self) -> Metadata<'_> {
        Metadata {
            display_name: self.display_name.as_deref(),
            severity: self.severity.as_deref(),
            categories: self.categories.iter().map(String::as_str).collect(),
            preview: self.preview,
            policy_definition_id: self.policy_definition_id.as_deref(),
        }
    }
}

impl EnvironmentBuilder {
    /// An assessment metadata row for `key` (the first one for a key
    /// counts); it describes the recommendation once an assessment of the
    /// key is loaded, in whatever file and order.
    pub fn add_metadata(&mut self, key: &str, m: OwnedMetadata) {
        self.pending_metadata
            .entry(fold(key.trim()).into_owned().into())
            .or_insert(m);
    }

    /// A security connector row.
    pub fn add_connector(&mut self, connector: Connector) {
        self.connectors.push(connector);
    }

    /// Azure's overall secure score for a subscription or management group.
    pub fn add_reported_score(&mut self, scope: &str, score: Score) -> Result<(), Error> {
        check(&score)?;
        self.reported.scores.push(ReportedScore {
            scope: scope.to_string(),
            score,
        });
        Ok(())
    }

    /// Azure's score for one control.
    pub fn add_reported_control(&mut self, control: ReportedControl) -> Result<(), Error> {
        check(&control.score)?;
        self.reported.controls.push(control);
        Ok(())
    }

    /// Applies metadata rows to the recommendations that have none.
    pub(super) fn apply_pending_metadata(&mut self) -> Result<(), Error> {
        if self.pending_metadata.is_empty() {
            return Ok(());
        }
        for k in 0..self.recommendations.len() {
            if self.has_metadata[k] {
                continue;
            }
            let folded = fold(self.recommendations[k].key.as_str()).into_owned();
            if let Some(m) = self.pending_metadata.remove(folded.as_str()) {
                self.set_metadata(RecommendationIx::at(k), &m.as_metadata())?;
            }
        }
        Ok(())
    }

    /// Names connector units after the connector rows that describe them.
    pub(super) fn describe_connectors(&self, units: &mut [Unit]) {
        for unit in units.iter_mut() {
            if unit.kind != UnitKind::SecurityConnector {
                continue;
            }
            let id = fold(unit.id.trim_end_matches('/'));
            if let Some(c) = self
                .connectors
                .iter()
                .find(|c| fold(c.id.trim_end_matches('/')) == id)
            {
                unit.display_name = Some(c.name.clone());
                unit.detail = c.describe();
            }
        }
    }

    pub(super) fn take_azure(&mut self) -> (Vec<u32>, Reported, Vec<Connector>) {
        let mut exempt = std::mem::take(&mut self.a_azure_exempt);
        exempt.sort_unstable();
        (
            exempt,
            std::mem::take(&mut self.reported),
            std::mem::take(&mut self.connectors),
        )
    }
}

fn check(score: &Score) -> Result<(), Error> {
    let ok = |x: f64| x.is_finite() && (0.0..=crate::MAX_CONTROL_SCORE).contains(&x);
    if ok(score.current) && ok(score.max) && score.percentage.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "properties.score: {} of {} is not a pair of numbers from 0 to {}",
            score.current,
            score.max,
            crate::MAX_CONTROL_SCORE
        ))
        .at_field("properties.score"))
    }
}

/// The cloud a connector's `environmentName` names.
pub fn connector_cloud(environment_name: &str) -> Option<Cloud> {
    match environment_name.trim().to_ascii_lowercase().as_str() {
        "aws" => Some(Cloud::Aws),
        "gcp" => Some(Cloud::Gcp),
        _ => None,
    }
}
