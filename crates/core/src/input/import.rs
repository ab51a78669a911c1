//! Importing a tenant's files as a whole: each file's bytes decoded and read
//! into one environment, with a summary to show before anything changes.

use super::{load, Loaded};
use crate::builder::EnvironmentBuilder;
use crate::environment::Environment;
use crate::error::Error;
use crate::model::Cloud;
use serde::{Deserialize, Serialize};

/// What one file gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileSummary {
    /// The file's name.
    pub name: String,
    /// Its size.
    pub bytes: u64,
    /// Rows read.
    pub rows: u64,
    /// Rows used, by kind.
    pub kinds: Vec<(String, u64)>,
    /// Rows skipped, by type.
    pub skipped: Vec<(String, u64)>,
    /// A Defender CSV report.
    pub csv: bool,
}

/// Assessments and resources of one cloud.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloudCount {
    /// The cloud.
    pub cloud: Cloud,
    /// Its assessments.
    pub assessments: u64,
    /// Its resources.
    pub resources: u64,
}

/// What an import would bring, shown before it is used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    /// Each file.
    pub files: Vec<FileSummary>,
    /// Per cloud.
    pub clouds: Vec<CloudCount>,
    /// Management groups.
    pub management_groups: u64,
    /// Subscriptions listed (not only seen in resource ids).
    pub subscriptions: u64,
    /// Security connectors described.
    pub connectors: u64,
    /// Secure score controls.
    pub controls: u64,
    /// Recommendations.
    pub recommendations: u64,
    /// Assessments Azure already exempts.
    pub exempt_in_azure: u64,
    /// Vulnerability findings tied to their assessments.
    pub findings: u64,
    /// Whether Azure's own scores came with the files.
    pub reported_by_azure: bool,
    /// What the files left unclear.
    pub warnings: Vec<String>,
}

/// Files read so far into one environment.
#[derive(Default)]
pub struct Import {
    builder: EnvironmentBuilder,
    files: Vec<FileSummary>,
}

fn pairs<K: ToString>(map: &std::collections::BTreeMap<K, usize>) -> Vec<(String, u64)> {
    map.iter()
        .map(|(k, &n)| (k.to_string(), n as u64))
        .collect()
}

impl Import {
    /// No files yet.
    pub fn new() -> Import {
        Import {
            builder: EnvironmentBuilder::new(),
            files: Vec::new(),
        }
    }

    /// Reads one file (JSON or CSV; UTF-8 with or without a byte-order mark,
    /// or UTF-16 with one). An error names the file, row and field.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<&FileSummary, Error> {
        let text =
            crate::encoding::decode(bytes).map_err(|e| Error::input(name, None, e.to_string()))?;
        let loaded: Loaded = load(&mut self.builder, name, &text)?;
        self.files.push(FileSummary {
            name: name.to_string(),
            bytes: bytes.len() as u64,
            rows: loaded.rows as u64,
            kinds: pairs(&loaded.kinds),
            skipped: pairs(&loaded.skipped),
            csv: loaded.csv,
        });
        Ok(self.files.last().expect("just added"))
    }

    /// The environment, and what it holds.
    pub fn finish(self) -> Result<(Environment, ImportSummary), Error> {
        let env = self.builder.finish()?;
        let mut clouds: Vec<CloudCount> = Vec::new();
        for cloud in [Cloud::Azure, Cloud::Aws, Cloud::Gcp] {
            let resources = env
                .resources()
                .filter(|&r| env.resource_cloud(r) == cloud)
                .count();
            let assessments = env
                .assessments()
                .filter(|&a| env.resource_cloud(env.assessment_resource(a)) == cloud)
                .count();
            if assessments > 0 {
                clouds.push(CloudCount {
                    cloud,
                    assessments: assessments as u64,
                    resources: resources as u64,
                });
            }
        }
        let summary = ImportSummary {
            files: self.files,
            clouds,
            management_groups: env.management_groups().len() as u64,
            subscriptions: env.subscriptions().iter().filter(|s| s.listed).count() as u64,
            connectors: env.connectors().len() as u64,
            controls: env.controls().len() as u64,
            recommendations: env.recommendations().len() as u64,
            exempt_in_azure: env.azure_exempt_assessments().len() as u64,
            findings: env.finding_count() as u64,
            reported_by_azure: !env.reported().is_empty(),
            warnings: env.warnings().to_vec(),
        };
        Ok((env, summary))
    }
}

#[cfg(all(test, feature = "demo"))]
mod tests {
    use super::*;

    #[test]
    fn an_import_summarises_every_file_and_refuses_by_name() {
        let mut import = Import::new();
        for (name, text) in crate::demo::FILES {
            import.add(name, text.as_bytes()).unwrap();
        }
        let (env, summary) = import.finish().unwrap();
        assert_eq!(summary.files.len(), crate::demo::FILES.len());
        assert_eq!(summary.findings, 14);
        assert_eq!(summary.findings, env.finding_count() as u64);
        let total: u64 = summary.clouds.iter().map(|c| c.assessments).sum();
        assert_eq!(total, env.assessment_count() as u64);
        assert_eq!(summary.clouds.len(), 3, "the demo has Azure, AWS and GCP");
        assert!(summary.management_groups > 0 && summary.subscriptions > 0 && summary.controls > 0);

        let mut bad = Import::new();
        let e = bad
            .add(
                "broken.json",
                b"[{\"type\": \"microsoft.security/assessments\"",
            )
            .unwrap_err();
        assert!(e.to_string().starts_with("broken.json: row 1: "), "{e}");
        let e = bad
            .add("utf16.json", &[0xff, 0xfe, 0x00, 0xd8])
            .unwrap_err();
        assert!(e.to_string().starts_with("utf16.json: "), "{e}");
    }
}
