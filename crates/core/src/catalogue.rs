//! The built-in catalogue of Defender for Cloud's secure score controls and
//! recommendations (`crates/core/catalogue/`, sources in its `SOURCES.md`):
//! what a Defender CSV report leaves out (control maximum scores, clouds,
//! categories, preview flags, policy definitions) so that it can be scored.

use crate::fold::fold;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::sync::OnceLock;

/// A recommendation as the catalogue knows it (embedded without titles:
/// the CSV report has its own).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    /// The assessment key.
    pub key: String,
    /// `High`, `Medium`, `Low`.
    pub severity: Option<String>,
    /// Its categories, when a source gives them.
    pub categories: Option<Vec<String>>,
    /// `Azure`, `AWS` or `GCP`.
    pub cloud: Option<String>,
    /// Whether it is in preview.
    pub preview: Option<bool>,
    /// The Azure Policy definition behind it.
    pub policy_definition_id: Option<String>,
}

/// A built-in secure score control.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Control {
    /// The definition's name (a GUID).
    pub name: String,
    /// Its title.
    pub display_name: String,
    /// Its points.
    pub max_score: f64,
}

/// The catalogue, read once.
pub struct Catalogue {
    recommendations: Vec<Recommendation>,
    by_key: FxHashMap<String, usize>,
    controls: Vec<Control>,
}

#[derive(Deserialize)]
struct Recommendations {
    recommendations: Vec<Recommendation>,
}

#[derive(Deserialize)]
struct Controls {
    controls: Vec<Control>,
}

/// The built-in catalogue.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        // Both files are checked by this crate's tests: a bad edit fails
        // them, not a user's import.
        let recommendations: Recommendations = serde_json::from_str(include_str!(concat!(
            env!("OUT_DIR"),
            "/recommendations.json"
        )))
        .expect("the built-in recommendation catalogue is valid");
        let controls: Controls =
            serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/controls.json")))
                .expect("the built-in control catalogue is valid");
        let by_key = recommendations
            .recommendations
            .iter()
            .enumerate()
            .map(|(i, r)| (fold(&r.key).into_owned(), i))
            .collect();
        Catalogue {
            recommendations: recommendations.recommendations,
            by_key,
            controls: controls.controls,
        }
    })
}

impl Catalogue {
    /// The recommendation with this assessment key.
    pub fn recommendation(&self, key: &str) -> Option<&Recommendation> {
        self.by_key
            .get(fold(key.trim()).as_ref())
            .map(|&i| &self.recommendations[i])
    }

    /// The control with this definition name (GUID) or title.
    pub fn control(&self, name_or_title: &str) -> Option<&Control> {
        let wanted = name_or_title.trim();
        self.controls.iter().find(|c| {
            c.name.eq_ignore_ascii_case(wanted) || c.display_name.eq_ignore_ascii_case(wanted)
        })
    }

    /// Every control.
    pub fn controls(&self) -> &[Control] {
        &self.controls
    }

    /// Every recommendation.
    pub fn recommendations(&self) -> &[Recommendation] {
        &self.recommendations
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_reads_and_covers_the_demo() {
        let c = catalogue();
        assert_eq!(c.controls().len(), 15);
        assert!(c.recommendations().len() > 500);
        for c in c.controls() {
            assert!(c.max_score.is_finite() && c.max_score >= 0.0, "{}", c.name);
        }
        let demo = include_str!("../../../demo/assessments.json");
        let rows: serde_json::Value = serde_json::from_str(demo).unwrap();
        let rows = rows.as_array().or(rows["data"].as_array()).unwrap().clone();
        for row in rows {
            let key = row["name"].as_str().unwrap();
            assert!(catalogue().recommendation(key).is_some(), "{key}");
        }
    }
}
