//! The small enums of the domain and how their names are read.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The cloud an exemption is written for, and the cloud an assessed resource
/// lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Cloud {
    /// Microsoft Azure, including Arc-connected on-premises machines.
    Azure,
    /// Amazon Web Services, through a security connector.
    #[serde(rename = "AWS")]
    Aws,
    /// Google Cloud, through a security connector.
    #[serde(rename = "GCP")]
    Gcp,
}

impl Cloud {
    /// Every cloud, in display order.
    pub const ALL: [Cloud; 3] = [Cloud::Azure, Cloud::Aws, Cloud::Gcp];

    /// Reads an exemption's `cloud` field: `Azure`, `AWS` or `GCP`, in any case.
    pub fn parse(s: &str) -> Option<Cloud> {
        match s.trim().to_ascii_lowercase().as_str() {
            "azure" => Some(Cloud::Azure),
            "aws" => Some(Cloud::Aws),
            "gcp" => Some(Cloud::Gcp),
            _ => None,
        }
    }

    /// Reads an assessment's `resourceDetails.Source`. Defender reports Arc
    /// machines and SQL servers outside Azure as `OnPremise`/`OnPremiseSql`;
    /// they carry Azure resource ids and are exempted as Azure resources.
    pub fn from_source(s: &str) -> Option<Cloud> {
        match s.trim().to_ascii_lowercase().as_str() {
            "azure" | "onpremise" | "onpremisesql" => Some(Cloud::Azure),
            "aws" => Some(Cloud::Aws),
            "gcp" => Some(Cloud::Gcp),
            _ => None,
        }
    }

    /// The portal's name for the cloud.
    pub fn as_str(self) -> &'static str {
        match self {
            Cloud::Azure => "Azure",
            Cloud::Aws => "AWS",
            Cloud::Gcp => "GCP",
        }
    }
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An assessment's status, before or after exemptions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// The resource complies with the recommendation.
    Healthy,
    /// The resource does not comply.
    Unhealthy,
    /// The recommendation does not apply to the resource (or it is waived).
    NotApplicable,
}

impl Status {
    /// Reads `properties.status.code`, in any case.
    pub fn parse(s: &str) -> Option<Status> {
        match s.trim().to_ascii_lowercase().as_str() {
            "healthy" => Some(Status::Healthy),
            "unhealthy" => Some(Status::Unhealthy),
            "notapplicable" => Some(Status::NotApplicable),
            _ => None,
        }
    }

    /// Defender's code for the status.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Healthy => "Healthy",
            Status::Unhealthy => "Unhealthy",
            Status::NotApplicable => "NotApplicable",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a resource is exempt, as in Defender's exemption categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExemptionCategory {
    /// Resolved through a third-party service: the assessment counts as Healthy.
    Mitigated,
    /// Risk accepted: the assessment counts as Not applicable.
    Waiver,
}

impl ExemptionCategory {
    /// Reads `mitigated` or `waiver`, in any case.
    pub fn parse(s: &str) -> Option<ExemptionCategory> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mitigated" => Some(ExemptionCategory::Mitigated),
            "waiver" => Some(ExemptionCategory::Waiver),
            _ => None,
        }
    }

    /// The file format's name of the category.
    pub fn as_str(self) -> &'static str {
        match self {
            ExemptionCategory::Mitigated => "mitigated",
            ExemptionCategory::Waiver => "waiver",
        }
    }

    /// The status an assessment takes when this category decides it.
    pub fn effect(self) -> Status {
        match self {
            ExemptionCategory::Mitigated => Status::Healthy,
            ExemptionCategory::Waiver => Status::NotApplicable,
        }
    }
}

impl fmt::Display for ExemptionCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A recommendation category as Defender's pages write it: the exports
/// carry `IdentityAndAccess` and `AppServices`, the portal shows "Identity
/// and access" and "App services". Acronyms (`IoT`) stay as they are.
pub fn category_label(raw: &str) -> String {
    if raw == "IoT" {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len() + 4);
    let mut after_lower = false;
    for ch in raw.chars() {
        if ch.is_uppercase() && after_lower {
            out.push(' ');
            out.extend(ch.to_lowercase());
        } else {
            out.push(ch);
        }
        after_lower = ch.is_lowercase();
    }
    out
}

#[cfg(test)]
mod category_label_tests {
    use super::category_label;

    #[test]
    fn categories_read_as_the_portal_writes_them() {
        assert_eq!(category_label("IdentityAndAccess"), "Identity and access");
        assert_eq!(category_label("AppServices"), "App services");
        assert_eq!(category_label("Compute"), "Compute");
        assert_eq!(category_label("IoT"), "IoT");
        assert_eq!(category_label("Custom category"), "Custom category");
    }
}
