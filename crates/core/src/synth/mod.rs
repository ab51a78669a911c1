//! Deterministic generated environments, for benchmarks, property tests and
//! the app's large-environment setting.
//!
//! The same seed always yields the same rows, so figures measured on them can
//! be reproduced anywhere. Rows are streamed into a [`Sink`] rather than
//! collected, so a million assessments never exist twice in memory.

mod findings;
mod rng;

pub use findings::{with_conditions, WithFindings};
pub use rng::Rng;

use crate::builder::{AssessmentRow, EnvironmentBuilder, Metadata, Origin};
use crate::exemption::{Exemption, Target};
use crate::model::{Cloud, ExemptionCategory, Status};
use crate::Environment;
use chrono::{DateTime, Duration, TimeZone, Utc};

/// The size and shape of a generated environment.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Seed of the random sequence.
    pub seed: u64,
    /// Azure subscriptions.
    pub subscriptions: usize,
    /// Resource groups per subscription.
    pub resource_groups: usize,
    /// Resources in all, about 5% of them behind AWS and GCP connectors.
    pub resources: usize,
    /// Assessments per resource.
    pub assessments_per_resource: usize,
    /// Exemptions to generate with [`Synth::exemptions`].
    pub exemptions: usize,
}

impl Spec {
    /// 100,000 resources and 1,000,000 assessments with 10,000 exemptions.
    pub fn large() -> Spec {
        Spec {
            seed: 7,
            subscriptions: 60,
            resource_groups: 25,
            resources: 100_000,
            assessments_per_resource: 10,
            exemptions: 10_000,
        }
    }

    /// The same shape scaled to `assessments` assessments.
    pub fn with_assessments(assessments: usize) -> Spec {
        let large = Spec::large();
        Spec {
            resources: (assessments / large.assessments_per_resource).max(1),
            exemptions: (assessments / 100).max(1),
            ..large
        }
    }
}

/// Receives generated rows.
pub trait Sink {
    /// A management group row.
    fn management_group(&mut self, name: &str, display_name: &str, parent: Option<&str>);
    /// A subscription row.
    fn subscription(&mut self, id: &str, display_name: &str, chain: &[(&str, Option<&str>)]);
    /// A control definition.
    fn control(&mut self, name: &str, display_name: &str, max_score: f64, keys: &[&str]);
    /// An assessment row with its recommendation's metadata.
    fn assessment(&mut self, row: AssessmentRow<'_>, metadata: &Metadata<'_>);
}

impl Sink for EnvironmentBuilder {
    fn management_group(&mut self, name: &str, display_name: &str, parent: Option<&str>) {
        self.add_management_group(name, Some(display_name), parent);
    }
    fn subscription(&mut self, id: &str, display_name: &str, chain: &[(&str, Option<&str>)]) {
        self.add_subscription(id, Some(display_name), chain);
    }
    fn control(&mut self, name: &str, display_name: &str, max_score: f64, keys: &[&str]) {
        self.add_control(name, display_name, max_score, keys.iter().copied())
            .expect("generated controls are valid");
    }
    fn assessment(&mut self, row: AssessmentRow<'_>, metadata: &Metadata<'_>) {
        let k = self
            .add_assessment(row)
            .expect("generated rows are consistent");
        if self.wants_metadata(k) {
            self.set_metadata(k, metadata)
                .expect("generated metadata is valid");
        }
    }
}

const CATEGORIES: [&str; 7] = [
    "Compute",
    "Networking",
    "Data",
    "IdentityAndAccess",
    "IoT",
    "Container",
    "AppServices",
];
const SEVERITIES: [&str; 3] = ["High", "Medium", "Low"];
const CONTROLS: [(&str, f64); 15] = [
    ("Enable MFA", 10.0),
    ("Secure management ports", 8.0),
    ("Remediate vulnerabilities", 6.0),
    ("Apply system updates", 6.0),
    ("Enable encryption at rest", 4.0),
    ("Manage access and permissions", 4.0),
    ("Remediate security configurations", 4.0),
    ("Restrict unauthorized network access", 4.0),
    ("Encrypt data in transit", 4.0),
    ("Apply adaptive application control", 3.0),
    ("Protect applications against DDoS attacks", 2.0),
    ("Enable endpoint protection", 2.0),
    ("Enable auditing and logging", 1.0),
    ("Enable enhanced security features", 0.0),
    ("Implement security best practices", 0.0),
];
/// Azure resource kinds: provider path and the category of their recommendations.
const KINDS: [(&str, usize); 6] = [
    ("Microsoft.Compute/virtualMachines/vm", 0),
    ("Microsoft.Network/networkSecurityGroups/nsg", 1),
    ("Microsoft.Storage/storageAccounts/st", 2),
    ("Microsoft.Sql/servers/sql", 2),
    ("Microsoft.KeyVault/vaults/kv", 3),
    ("Microsoft.Web/sites/app", 6),
];

struct Rec {
    key: String,
    name: String,
    severity: &'static str,
    category: usize,
    preview: bool,
}

/// A generated environment: its catalog and the recipe for its rows.
pub struct Synth {
    spec: Spec,
    recs: Vec<Rec>,
    /// Recommendation numbers per pool: Azure categories 0..7, then AWS, GCP.
    pools: Vec<Vec<usize>>,
    groups: Vec<(String, Option<usize>)>,
    subs: Vec<(String, usize)>,
}

/// The evaluation time that generated expiry dates are set around.
pub fn reference_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0)
        .single()
        .expect("valid date")
}

impl Synth {
    /// The catalog and tree for `spec`.
    pub fn new(spec: Spec) -> Synth {
        let mut rng = Rng::new(spec.seed);
        let mut recs = Vec::new();
        let mut pools: Vec<Vec<usize>> = Vec::new();
        for pool in 0..CATEGORIES.len() + 2 {
            let (prefix, count) = match pool.checked_sub(CATEGORIES.len()) {
                None => ("", 24),
                Some(0) => ("AWS ", 20),
                Some(_) => ("GCP ", 20),
            };
            let mut members = Vec::new();
            for i in 0..count {
                let category = if prefix.is_empty() {
                    pool
                } else {
                    rng.below(4)
                };
                members.push(recs.len());
                recs.push(Rec {
                    key: rng.guid(),
                    name: format!("{prefix}{} check {}", CATEGORIES[category], i + 1),
                    severity: SEVERITIES[rng.below(3)],
                    category,
                    preview: rng.chance(0.05),
                });
            }
            pools.push(members);
        }
        let mut groups = vec![("tenant-root".to_string(), None)];
        for i in 0..4 {
            groups.push((format!("mg-{i}"), Some(0)));
            for j in 0..3 {
                groups.push((format!("mg-{i}-{j}"), Some(groups.len() - 1 - j)));
            }
        }
        let leaves: Vec<usize> = (0..groups.len())
            .filter(|&g| groups[g].0.matches('-').count() == 2)
            .collect();
        let subs = (0..spec.subscriptions.max(1))
            .map(|i| (rng.guid(), leaves[i % leaves.len()]))
            .collect();
        Synth {
            spec,
            recs,
            pools,
            groups,
            subs,
        }
    }

    /// Builds the environment directly.
    pub fn environment(&self) -> Environment {
        let mut b = EnvironmentBuilder::new();
        b.file("generated").expect("one file");
        self.rows(&mut b);
        b.finish().expect("generated rows are consistent")
    }

    /// Streams every row into `sink`.
    pub fn rows(&self, sink: &mut dyn Sink) {
        for (name, parent) in &self.groups {
            sink.management_group(
                name,
                &display(name),
                parent.map(|p| self.groups[p].0.as_str()),
            );
        }
        for (i, (id, leaf)) in self.subs.iter().enumerate() {
            let mut chain = Vec::new();
            let mut g = Some(*leaf);
            while let Some(x) = g {
                chain.push((self.groups[x].0.as_str(), None));
                g = self.groups[x].1;
            }
            // Real exports sometimes list only the immediate parent.
            if i % 3 == 0 {
                chain.truncate(1);
            }
            sink.subscription(id, &format!("sub-{i:03}"), &chain);
        }
        let mut rng = Rng::new(self.spec.seed ^ 0xC0);
        let mut members: Vec<Vec<&str>> = vec![Vec::new(); CONTROLS.len()];
        for (i, r) in self.recs.iter().enumerate() {
            if i % 20 == 19 {
                continue; // in no control
            }
            members[rng.below(CONTROLS.len())].push(&r.key);
            if rng.chance(0.1) {
                members[rng.below(CONTROLS.len())].push(&r.key);
            }
        }
        for (c, (name, max)) in CONTROLS.iter().enumerate() {
            let guid = Rng::new(c as u64).guid();
            members[c].dedup();
            sink.control(&guid, name, *max, &members[c]);
        }
        let mut id = String::new();
        let mut row_id = String::new();
        let per = self.spec.assessments_per_resource;
        let mut picks: Vec<usize> = Vec::with_capacity(per);
        for n in 0..self.spec.resources {
            let (cloud, pool) = self.resource_id(n, &mut id);
            let pool = &self.pools[pool];
            picks.clear();
            let start = rng.below(pool.len());
            picks.extend((0..per.min(pool.len())).map(|i| pool[(start + i * 7) % pool.len()]));
            picks.sort_unstable();
            picks.dedup();
            for &k in &picks {
                let rec = &self.recs[k];
                let roll = rng.below(100);
                let status = match roll {
                    0..=54 => Status::Healthy,
                    55..=89 => Status::Unhealthy,
                    _ => Status::NotApplicable,
                };
                row_id.clear();
                row_id.push_str(&id);
                row_id.push_str(crate::environment::ASSESSMENT_INFIX);
                row_id.push_str(&rec.key);
                sink.assessment(
                    AssessmentRow {
                        origin: Origin {
                            file: 0,
                            row: u32::try_from(n + 1).unwrap_or(u32::MAX),
                        },
                        id: Some(&row_id),
                        key: &rec.key,
                        resource_id: &id,
                        cloud,
                        status,
                        azure_exempt: false,
                    },
                    &Metadata {
                        display_name: Some(&rec.name),
                        severity: Some(rec.severity),
                        categories: vec![CATEGORIES[rec.category]],
                        preview: Some(rec.preview),
                        policy_definition_id: None,
                    },
                );
            }
        }
    }

    /// Resource `n`'s id into `out`; returns its cloud and recommendation pool.
    fn resource_id(&self, n: usize, out: &mut String) -> (Cloud, usize) {
        use std::fmt::Write;
        out.clear();
        let s = self.spec;
        let sub = n % self.subs.len();
        let sub_id = &self.subs[sub].0;
        match n % 20 {
            19 => {
                let aws = n % 40 == 19;
                let (cloud, name, pool) = if aws {
                    (Cloud::Aws, format!("aws-{}", sub % 2), CATEGORIES.len())
                } else {
                    (Cloud::Gcp, "gcp-0".to_string(), CATEGORIES.len() + 1)
                };
                let _ = write!(
                    out,
                    "/subscriptions/{sub_id}/resourcegroups/rg-multicloud/providers/Microsoft.Security/securityConnectors/{name}/securityentitydata/{}-{n}",
                    if aws { "aws-ec2-instance" } else { "gcp-compute-instance" }
                );
                (cloud, pool)
            }
            _ => {
                let rg = (n / self.subs.len()) % s.resource_groups.max(1);
                let (kind, category) = KINDS[(n / 3) % KINDS.len()];
                let _ = write!(
                    out,
                    "/subscriptions/{sub_id}/resourceGroups/rg-{rg:03}/providers/{kind}-{n}"
                );
                if kind.starts_with("Microsoft.Sql") && n % 2 == 0 {
                    let _ = write!(out, "/databases/db-{n}");
                }
                (Cloud::Azure, category)
            }
        }
    }

    /// The subscription ids, in order.
    pub fn subscription_ids(&self) -> impl Iterator<Item = &str> {
        self.subs.iter().map(|(id, _)| id.as_str())
    }

    /// A recommendation key of category `category` (an Azure pool).
    pub fn key_of_category(&self, category: usize, i: usize) -> &str {
        let pool = &self.pools[category % CATEGORIES.len()];
        &self.recs[pool[i % pool.len()]].key
    }

    /// `spec.exemptions` exemptions over this environment: mixed scopes
    /// (management groups, subscriptions, resource groups, resources,
    /// connectors), targets, categories and expiry, around
    /// [`reference_time`].
    pub fn exemptions(&self) -> Vec<Exemption> {
        let mut rng = Rng::new(self.spec.seed ^ 0xE0);
        let at = reference_time();
        let mut id = String::new();
        (0..self.spec.exemptions)
            .map(|i| {
                let n = rng.below(self.spec.resources.max(1));
                let (cloud, pool) = self.resource_id(n, &mut id);
                let sub = &self.subs[n % self.subs.len()];
                let roll = rng.below(100);
                let scope = match (cloud, roll) {
                    (Cloud::Azure, 0..=4) => {
                        crate::scope::management_group_scope(&self.groups[sub.1].0)
                    }
                    (Cloud::Azure, 5..=29) => format!("/subscriptions/{}", sub.0),
                    (Cloud::Azure, 30..=69) => {
                        crate::scope::prefix(&id, 4).unwrap_or(&id).to_string()
                    }
                    (Cloud::Azure, _) => id.clone(),
                    (_, 0..=49) => crate::scope::prefix(&id, 8).unwrap_or(&id).to_string(),
                    _ => id.clone(),
                };
                let target = if rng.chance(0.2) {
                    Target::Category(
                        CATEGORIES[self.recs[self.pools[pool][0]].category].to_string(),
                    )
                } else {
                    let p = &self.pools[pool];
                    Target::Recommendations(
                        (0..1 + rng.below(3))
                            .map(|_| self.recs[p[rng.below(p.len())]].key.clone())
                            .collect(),
                    )
                };
                let expires_on = match rng.below(10) {
                    0 => Some(at - Duration::days(1 + rng.below(300) as i64)),
                    1..=3 => Some(at + Duration::days(1 + rng.below(600) as i64)),
                    _ => None,
                };
                let category = if rng.chance(0.5) {
                    ExemptionCategory::Mitigated
                } else {
                    ExemptionCategory::Waiver
                };
                let mut e = Exemption::new(
                    format!("Generated exemption {i}"),
                    cloud,
                    vec![scope],
                    category,
                    target,
                );
                e.expires_on = expires_on;
                e
            })
            .collect()
    }
}

fn display(name: &str) -> String {
    if name == "tenant-root" {
        "Tenant Root Group".into()
    } else {
        name.to_uppercase()
    }
}
