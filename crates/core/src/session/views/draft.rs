//! The Create wizard: what can be chosen for a cloud and scope, and the
//! review of a draft (impact and overlaps with existing exemptions) before
//! Create.
//!
//! Overlaps are found by visiting only the assessments the draft applies to
//! and asking the compiled slots which exemptions apply there too, so a
//! keystroke in the wizard costs as much as the draft's reach, not as much as
//! the whole list.

use crate::environment::ranges::ResourceRanges;
use crate::error::Error;
use crate::evaluate::compile::resolve_targets;
use crate::exemption::{Exemption, Target};
use crate::fold::fold;
use crate::ids::AssessmentIx;
use crate::ids::{CategoryIx, ExemptionIx};
use crate::model::{Cloud, ExemptionCategory};
use crate::score::{Score, Tally};
use crate::session::Session;
use crate::stats::recommendation_counts;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// What the Recommendations step offers for a cloud and scopes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Targets {
    /// The cloud's recommendations, by title.
    pub recommendations: Vec<TargetRow>,
    /// The cloud's categories, by name.
    pub categories: Vec<CategoryRow>,
}

/// A recommendation to choose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetRow {
    /// Its assessment key.
    pub key: String,
    /// Its title.
    pub title: String,
    /// Its severity.
    pub severity: Option<String>,
    /// Preview recommendations do not count.
    pub preview: bool,
    /// Unhealthy resources of the cloud in the chosen scopes, now.
    pub unhealthy: u32,
}

/// A category to choose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CategoryRow {
    /// Its name.
    pub name: String,
    /// The cloud's recommendations in it.
    pub recommendations: u32,
}

/// The review of a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DraftReview {
    /// Healthy or Unhealthy assessments the draft applies to.
    pub matched: usize,
    /// Assessments that become exempt (none decided them, or it changes
    /// their category).
    pub becoming_exempt: usize,
    /// Of those, Unhealthy now.
    pub unhealthy_resolved: usize,
    /// Resources whose statuses change.
    pub resources: usize,
    /// For a Vulnerabilities condition: Unhealthy findings it matches.
    pub findings_matched: usize,
    /// Of those, the ones no exemption decided before.
    pub findings_exempted: usize,
    /// The overall score without the draft (for an edit, without the
    /// exemption edited).
    pub before: Score,
    /// With the draft.
    pub after: Score,
    /// Its effect: `after` minus `before`, in percentage points, the
    /// figure the Overview and the exemption's page show once it exists.
    pub effect: f64,
    /// Its effect on its own cloud's score, as the Overview shows it with
    /// that cloud chosen.
    pub cloud_effect: f64,
    /// Controls whose counts change.
    pub controls: Vec<ControlChangeRow>,
    /// Subscriptions and connectors whose scores change.
    pub units: Vec<UnitChangeRow>,
    /// Existing exemptions that apply to the same assessments.
    pub overlaps: Vec<Overlap>,
    /// The draft's scopes by name.
    pub scope_labels: Vec<String>,
    /// The draft's recommendations by title (or its category).
    pub target_titles: Vec<String>,
}

/// A control's change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ControlChangeRow {
    /// Its title.
    pub name: String,
    /// Pooled counts now.
    pub before: Tally,
    /// With the draft.
    pub after: Tally,
    /// Points now.
    pub points_before: f64,
    /// Points with the draft.
    pub points_after: f64,
}

/// A unit's change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitChangeRow {
    /// Its name.
    pub name: String,
    /// Score now.
    pub before: Score,
    /// With the draft.
    pub after: Score,
}

/// How an existing exemption relates to the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OverlapKind {
    /// It already applies to every assessment the draft does, in the same
    /// category: the draft would change nothing.
    DraftRedundant,
    /// The draft applies to every assessment it does, in the same category:
    /// it would become redundant.
    MakesRedundant,
    /// It is Mitigated and the draft a Waiver: it wins on the shared ones.
    MitigationWins,
    /// The draft is Mitigated and it a Waiver: the draft wins there.
    DraftWins,
    /// Both apply to some assessments.
    Shares,
}

/// An existing exemption that applies where the draft does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Overlap {
    /// The exemption.
    pub exemption: ExemptionIx,
    /// Its id, for links.
    pub id: Option<String>,
    /// Its name.
    pub name: String,
    /// Its category.
    pub category: ExemptionCategory,
    /// Assessments both apply to.
    pub shared: u64,
    /// How they relate.
    pub kind: OverlapKind,
    /// In words.
    pub message: String,
}

/// How many overlaps a review lists.
pub const OVERLAPS_SHOWN: usize = 20;

impl Session {
    /// The recommendations and categories of `cloud`, with unhealthy counts
    /// in `scopes` (all of the cloud's resources when empty).
    pub fn targets(&self, cloud: Cloud, scopes: &[String]) -> Targets {
        let env = self.environment();
        let ranges = if scopes.is_empty() {
            ResourceRanges::all(env.resource_count())
        } else {
            env.scopes_resources(scopes)
        };
        let in_scope =
            recommendation_counts(env, self.evaluation().statuses(), &ranges, Some(cloud));
        let everywhere = recommendation_counts(
            env,
            env.raw_statuses(),
            &ResourceRanges::all(env.resource_count()),
            Some(cloud),
        );
        let mut recs: Vec<TargetRow> = env
            .recommendation_ixs()
            .filter(|(k, _)| everywhere[k.index()].total() > 0)
            .map(|(k, r)| TargetRow {
                key: r.key.clone(),
                title: r.title().to_string(),
                severity: r.severity.clone(),
                preview: r.preview,
                unhealthy: in_scope[k.index()].unhealthy,
            })
            .collect();
        recs.sort_by_cached_key(|r| fold(&r.title).into_owned());
        let mut per_category: FxHashMap<CategoryIx, u32> = FxHashMap::default();
        for (k, r) in env.recommendation_ixs() {
            if everywhere[k.index()].total() > 0 {
                for &c in &r.categories {
                    *per_category.entry(c).or_default() += 1;
                }
            }
        }
        let mut categories: Vec<CategoryRow> = per_category
            .into_iter()
            .map(|(c, n)| CategoryRow {
                name: env.category(c).to_string(),
                recommendations: n,
            })
            .collect();
        categories.sort_by_cached_key(|c| fold(&c.name).into_owned());
        Targets {
            recommendations: recs,
            categories,
        }
    }

    /// The impact of `draft` (an edit of `editing`, or a new exemption) and
    /// the existing exemptions it overlaps.
    pub fn draft_review(
        &self,
        draft: &Exemption,
        editing: Option<ExemptionIx>,
    ) -> Result<DraftReview, Error> {
        let env = self.environment();
        let impact = match editing {
            Some(ix) => self.what_if_replacing(ix, draft)?,
            None => self.what_if(draft),
        };
        let overlaps = self.overlaps(draft, editing);
        Ok(DraftReview {
            matched: impact.matched,
            becoming_exempt: impact.newly_exempt + impact.recategorized,
            unhealthy_resolved: impact.unhealthy_resolved,
            resources: impact.resources,
            findings_matched: impact.findings_matched,
            findings_exempted: impact.findings_exempted,
            before: impact.before,
            after: impact.after,
            effect: impact.after.effect_over(impact.before),
            cloud_effect: impact.cloud_after.effect_over(impact.cloud_before),
            controls: impact
                .controls
                .iter()
                .map(|c| ControlChangeRow {
                    name: env.control(c.control).display_name.clone(),
                    before: c.before,
                    after: c.after,
                    points_before: c.points_before,
                    points_after: c.points_after,
                })
                .collect(),
            units: impact
                .units
                .iter()
                .map(|u| {
                    let unit = env.unit(u.unit);
                    UnitChangeRow {
                        name: unit.display_name.clone().unwrap_or_else(|| unit.id.clone()),
                        before: u.before,
                        after: u.after,
                    }
                })
                .collect(),
            overlaps,
            scope_labels: draft.scopes.iter().map(|s| self.scope_label(s)).collect(),
            target_titles: match &draft.target {
                Target::Recommendations(keys) => keys
                    .iter()
                    .map(|k| {
                        env.recommendation_index(k)
                            .map(|i| env.recommendation(i).title().to_string())
                            .unwrap_or_else(|| k.clone())
                    })
                    .collect(),
                Target::Category(c) => vec![format!("Recommendation category: {c}")],
                Target::Vulnerabilities(v) => vec![v.describe()],
            },
        })
    }

    /// Healthy or Unhealthy assessments each exemption applies to.
    fn applied_counts(&self) -> Vec<u64> {
        let matching = self.matching();
        let mut per_slot = vec![0u64; self.current.compiled.slots.len()];
        for sig in 0..matching.len() {
            for &s in matching.slots_of(sig) {
                per_slot[s as usize] += u64::from(matching.count[sig]);
            }
        }
        self.current
            .compiled
            .exemption_slots
            .iter()
            .map(|slots| slots.iter().map(|&s| per_slot[s as usize]).sum())
            .collect()
    }

    fn overlaps(&self, draft: &Exemption, editing: Option<ExemptionIx>) -> Vec<Overlap> {
        let env = self.environment();
        if !draft.is_active(self.time()) {
            return Vec::new();
        }
        let mut targeted = vec![false; env.recommendations().len()];
        for (by_category, t) in resolve_targets(env, draft, &mut Vec::new()) {
            if by_category {
                for (k, r) in env.recommendation_ixs() {
                    if r.categories.contains(&CategoryIx(t)) {
                        targeted[k.index()] = true;
                    }
                }
            } else {
                targeted[t as usize] = true;
            }
        }
        let compiled = &self.current.compiled;
        let mut shared: FxHashMap<u32, u64> = FxHashMap::default();
        let mut mine = 0u64;
        let mut chain = Vec::new();
        let mut here: Vec<u32> = Vec::new();
        for range in &env.scopes_resources(&draft.scopes).0 {
            for r in range.clone() {
                if env.resources.cloud[r] != draft.cloud {
                    continue;
                }
                compiled.chain(env, r, &mut chain);
                for &a in env.assessments_of(r) {
                    let a = a as usize;
                    if !env.exemptible(AssessmentIx::at(a))
                        || !targeted[env.assessments.key[a] as usize]
                    {
                        continue;
                    }
                    mine += 1;
                    here.clear();
                    compiled.matching_slots(env, &chain, draft.cloud, a, |s| {
                        let slot = &compiled.slots[s as usize];
                        here.extend(slot.mitigated.iter().chain(&slot.waivers));
                    });
                    here.sort_unstable();
                    here.dedup();
                    for &e in &here {
                        if editing.is_none_or(|x| x.0 != e) {
                            *shared.entry(e).or_default() += 1;
                        }
                    }
                }
            }
        }
        if shared.is_empty() {
            return Vec::new();
        }
        let applied = self.applied_counts();
        let list = self.exemptions();
        let mut out: Vec<Overlap> = shared
            .into_iter()
            .map(|(e, n)| {
                let x = &list[e as usize];
                let name = crate::text::quote(&x.name);
                let same = x.category == draft.category;
                let (kind, message) = if same && n == mine {
                    (OverlapKind::DraftRedundant, format!("“{name}” already applies to all {n} of these assessments: this exemption would change nothing."))
                } else if same && n == applied[e as usize] {
                    (OverlapKind::MakesRedundant, format!("This exemption covers every assessment “{name}” applies to ({n}): that one would become redundant."))
                } else if x.category == ExemptionCategory::Mitigated && draft.category == ExemptionCategory::Waiver {
                    (OverlapKind::MitigationWins, format!("“{name}” (Mitigated) also applies to {n} of these assessments and wins there: they stay Healthy."))
                } else if x.category == ExemptionCategory::Waiver && draft.category == ExemptionCategory::Mitigated {
                    (OverlapKind::DraftWins, format!("“{name}” (Waiver) also applies to {n} of these assessments; this mitigation wins there."))
                } else {
                    (OverlapKind::Shares, format!("“{name}” also applies to {n} of these assessments."))
                };
                Overlap {
                    exemption: ExemptionIx(e),
                    id: x.id.clone(),
                    name: x.name.clone(),
                    category: x.category,
                    shared: n,
                    kind,
                    message,
                }
            })
            .collect();
        out.sort_by_key(|o| (std::cmp::Reverse(o.shared), o.exemption));
        out.truncate(OVERLAPS_SHOWN);
        out
    }
}
