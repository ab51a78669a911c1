//! The Recommendations page and one recommendation's resources.

use super::labels::resource_label;
use super::Page;
use crate::environment::Recommendation;
use crate::error::Error;
use crate::fold::fold;
use crate::ids::{AssessmentIx, ExemptionIx, RecommendationIx, ResourceIx};
use crate::model::{Cloud, ExemptionCategory, Status};
use crate::session::Session;
use crate::stats::{everything, recommendation_counts, Counts};
use serde::{Deserialize, Serialize};

/// The Recommendations page's search and filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecommendationQuery {
    /// Words in the title or key, without case.
    pub text: String,
    /// `High`, `Medium` or `Low`.
    pub severity: Option<String>,
    /// A category name.
    pub category: Option<String>,
    /// Only resources of this cloud count.
    pub cloud: Option<Cloud>,
    /// Only recommendations with (`true`) or without (`false`) exempted
    /// resources.
    pub exempted: Option<bool>,
}

/// A recommendation with its counts after exemptions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecommendationRow {
    /// The recommendation.
    pub recommendation: RecommendationIx,
    /// Its assessment key.
    pub key: String,
    /// Its title.
    pub title: String,
    /// Its severity, when known.
    pub severity: Option<String>,
    /// The controls it counts in.
    pub controls: Vec<String>,
    /// Its categories.
    pub categories: Vec<String>,
    /// Preview recommendations do not count.
    pub preview: bool,
    /// Resources per state, after exemptions.
    pub counts: Counts,
    /// Resources an exemption decides.
    pub exempted: u32,
    /// Assessments Azure already exempts (status cause `Exempt`).
    pub exempt_in_azure: u32,
}

/// What the filters can choose from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecommendationFilters {
    /// Severities seen, in the order High, Medium, Low, then others.
    pub severities: Vec<String>,
    /// Category names, sorted.
    pub categories: Vec<String>,
}

/// One recommendation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecommendationDetail {
    /// The row of the list, for all clouds.
    pub row: RecommendationRow,
    /// Clouds it has assessments in.
    pub clouds: Vec<Cloud>,
    /// Vulnerability findings under its assessments.
    pub findings: usize,
}

/// A resource of a recommendation, with what decides its status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRow {
    /// The assessment.
    pub assessment: AssessmentIx,
    /// The resource.
    pub resource: ResourceIx,
    /// The resource's id.
    pub resource_id: String,
    /// "name · type · resource group".
    pub label: String,
    /// Its cloud.
    pub cloud: Cloud,
    /// After exemptions.
    pub status: Status,
    /// As scanned.
    pub raw_status: Status,
    /// The deciding exemption, if any.
    pub exemption: Option<DeciderRow>,
}

/// The exemption that decides an assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeciderRow {
    /// The exemption.
    pub exemption: ExemptionIx,
    /// Its id, for links.
    pub id: Option<String>,
    /// Its name.
    pub name: String,
    /// Mitigated or waiver.
    pub category: ExemptionCategory,
}

impl DeciderRow {
    /// Exemption `e` of `list`, deciding with `category`.
    pub(crate) fn of(
        list: &[std::sync::Arc<crate::exemption::Exemption>],
        (e, category): (crate::ids::ExemptionIx, crate::model::ExemptionCategory),
    ) -> DeciderRow {
        let x = &list[e.index()];
        DeciderRow {
            exemption: e,
            id: x.id.clone(),
            name: x.name.clone(),
            category,
        }
    }
}

fn cloud_slot(cloud: Option<Cloud>) -> usize {
    match cloud {
        None => 0,
        Some(Cloud::Azure) => 1,
        Some(Cloud::Aws) => 2,
        Some(Cloud::Gcp) => 3,
    }
}

impl Session {
    /// Counts after exemptions and exempted resources per recommendation,
    /// over the resources of `cloud` (all when `None`).
    fn counts(&self, cloud: Option<Cloud>) -> &[(Counts, u32, u32)] {
        self.views.counts[cloud_slot(cloud)].get_or_init(|| {
            let env = self.environment();
            let counts =
                recommendation_counts(env, self.evaluation().statuses(), &everything(env), cloud);
            let mut exempted = vec![0u32; counts.len()];
            for a in env.assessments() {
                let r = env.assessment_resource(a);
                if cloud.is_none_or(|c| env.resource_cloud(r) == c)
                    && self.evaluation().decided_by(a).is_some()
                {
                    exempted[env.assessment_recommendation(a).index()] += 1;
                }
            }
            let mut in_azure = vec![0u32; counts.len()];
            for a in env.azure_exempt_assessments() {
                if cloud.is_none_or(|c| env.resource_cloud(env.assessment_resource(a)) == c) {
                    in_azure[env.assessment_recommendation(a).index()] += 1;
                }
            }
            counts
                .into_iter()
                .zip(exempted)
                .zip(in_azure)
                .map(|((c, e), z)| (c, e, z))
                .collect()
        })
    }

    fn recommendation_row(&self, k: RecommendationIx, cloud: Option<Cloud>) -> RecommendationRow {
        let env = self.environment();
        let r: &Recommendation = env.recommendation(k);
        let (counts, exempted, exempt_in_azure) = self.counts(cloud)[k.index()];
        RecommendationRow {
            recommendation: k,
            key: r.key.clone(),
            title: r.title().to_string(),
            severity: r.severity.clone(),
            controls: r
                .controls
                .iter()
                .map(|&c| env.control(c).display_name.clone())
                .collect(),
            categories: r
                .categories
                .iter()
                .map(|&c| env.category(c).to_string())
                .collect(),
            preview: r.preview,
            counts,
            exempted,
            exempt_in_azure,
        }
    }

    /// The recommendations that have assessments (in `query.cloud`), most
    /// unhealthy resources first, filtered, a window at a time.
    pub fn recommendations(
        &self,
        query: &RecommendationQuery,
        offset: usize,
        limit: usize,
    ) -> Page<RecommendationRow> {
        let env = self.environment();
        let counts = self.counts(query.cloud);
        let text = fold(query.text.trim()).into_owned();
        let category = query
            .category
            .as_deref()
            .and_then(|c| env.category_index(c));
        let mut all: Vec<RecommendationIx> = env
            .recommendation_ixs()
            .filter(|(k, _)| counts[k.index()].0.total() > 0)
            .map(|(k, _)| k)
            .collect();
        let total = all.len();
        all.retain(|&k| {
            let r = env.recommendation(k);
            (text.is_empty() || fold(r.title()).contains(&text) || fold(&r.key).contains(&text))
                && query
                    .severity
                    .as_deref()
                    .is_none_or(|s| r.severity.as_deref().is_some_and(|x| crate::fold::eq(x, s)))
                && (query.category.is_none() || category.is_some_and(|c| r.categories.contains(&c)))
                && query
                    .exempted
                    .is_none_or(|want| (counts[k.index()].1 > 0) == want)
        });
        all.sort_by_cached_key(|&k| {
            (
                std::cmp::Reverse(counts[k.index()].0.unhealthy),
                fold(env.recommendation(k).title()).into_owned(),
            )
        });
        Page::window(&all, total, offset, limit, |k| {
            self.recommendation_row(k, query.cloud)
        })
    }

    /// The severities and categories the filters offer.
    pub fn recommendation_filters(&self) -> RecommendationFilters {
        let env = self.environment();
        let mut severities: Vec<String> = Vec::new();
        for r in env.recommendations() {
            if let Some(s) = &r.severity {
                if !severities.iter().any(|x| crate::fold::eq(x, s)) {
                    severities.push(s.clone());
                }
            }
        }
        let rank = |s: &String| match s.to_ascii_lowercase().as_str() {
            "high" => 0,
            "medium" => 1,
            "low" => 2,
            _ => 3,
        };
        severities.sort_by_key(|s| (rank(s), s.clone()));
        let mut categories = env.categories().to_vec();
        categories.sort_by_key(|c| fold(c).into_owned());
        RecommendationFilters {
            severities,
            categories,
        }
    }

    /// One recommendation, by assessment key.
    pub fn recommendation_detail(&self, key: &str) -> Result<RecommendationDetail, Error> {
        let env = self.environment();
        let k = env.recommendation_index(key).ok_or_else(|| {
            Error::not_found(format!(
                "no assessment has the recommendation {}",
                crate::text::quote(key)
            ))
        })?;
        let mut clouds: Vec<Cloud> = Vec::new();
        for &a in self.assessments_of_recommendation(k) {
            let c = env.resource_cloud(env.assessment_resource(AssessmentIx(a)));
            if !clouds.contains(&c) {
                clouds.push(c);
            }
        }
        clouds.sort();
        Ok(RecommendationDetail {
            row: self.recommendation_row(k, None),
            clouds,
            findings: self.recommendation_finding_count(k),
        })
    }

    /// The assessments of each recommendation, in input order.
    pub(super) fn assessments_of_recommendation(&self, k: RecommendationIx) -> &[u32] {
        let (start, list) = self.views.by_recommendation.get_or_init(|| {
            let env = self.environment();
            let n = env.recommendations().len();
            let mut start = vec![0usize; n + 1];
            for a in env.assessments() {
                start[env.assessment_recommendation(a).index() + 1] += 1;
            }
            for i in 0..n {
                start[i + 1] += start[i];
            }
            let mut fill = start.clone();
            let mut list = vec![0u32; env.assessment_count()];
            for a in env.assessments() {
                let k = env.assessment_recommendation(a).index();
                list[fill[k]] = a.0;
                fill[k] += 1;
            }
            (start, list)
        });
        &list[start[k.index()]..start[k.index() + 1]]
    }

    /// A recommendation's resources whose status after exemptions is
    /// `status`, a window at a time.
    pub fn recommendation_resources(
        &self,
        k: RecommendationIx,
        status: Status,
        offset: usize,
        limit: usize,
    ) -> Result<Page<ResourceRow>, Error> {
        let env = self.environment();
        let k = k.check(env.recommendations().len())?;
        let all = self.assessments_of_recommendation(k);
        let evaluation = self.evaluation();
        let matching: Vec<AssessmentIx> = all
            .iter()
            .map(|&a| AssessmentIx(a))
            .filter(|&a| evaluation.status(a) == status)
            .collect();
        Ok(Page::window(&matching, all.len(), offset, limit, |a| {
            let r = env.assessment_resource(a);
            let id = env.resource_id(r);
            ResourceRow {
                assessment: a,
                resource: r,
                resource_id: id.to_string(),
                label: resource_label(id),
                cloud: env.resource_cloud(r),
                status: evaluation.status(a),
                raw_status: env.raw_status(a),
                exemption: evaluation
                    .decided_by(a)
                    .map(|d| DeciderRow::of(self.exemptions(), d)),
            }
        }))
    }
}
