//! The Azure resources an exemption was imported from: the names and
//! references Azure knows them by. Azure identifies a policy exemption by
//! its scope and name and never lets its assignment change (a new
//! assignment is a new exemption), so export writes these back: deploying
//! an imported tenant again updates the same resources instead of adding
//! copies under new names, and reference ids that map to no recommendation
//! travel along instead of being dropped.

use crate::error::Error;
use crate::fold::fold;
use serde_json::{json, Map, Value};

/// `Microsoft.Authorization/policyExemptions`.
pub const POLICY_EXEMPTION: &str = "Microsoft.Authorization/policyExemptions";
/// `Microsoft.Security/standardAssignments`.
pub const STANDARD_ASSIGNMENT: &str = "Microsoft.Security/standardAssignments";

/// One Azure resource behind an exemption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AzureResource {
    /// The scope it is deployed at.
    pub scope: String,
    /// Its name, the last segment of its id.
    pub name: String,
    /// What kind of resource it is, with what identifies its content.
    pub kind: AzureKind,
}

/// The two kinds of resource Defender keeps exemptions in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AzureKind {
    /// A policy exemption of an assignment, with the reference ids Azure
    /// holds (none: every policy of the assignment's initiative).
    PolicyExemption {
        /// `policyAssignmentId`, which Azure never changes.
        assignment: String,
        /// `policyDefinitionReferenceIds`, as Azure holds them.
        references: Vec<String>,
    },
    /// A standard assignment that exempts one recommendation.
    StandardAssignment {
        /// The assessment key it exempts.
        recommendation: String,
    },
}

impl AzureResource {
    /// The resource as the exemption file writes it.
    pub fn to_value(&self) -> Value {
        match &self.kind {
            AzureKind::PolicyExemption {
                assignment,
                references,
            } => json!({
                "type": POLICY_EXEMPTION,
                "scope": self.scope,
                "name": self.name,
                "policyAssignmentId": assignment,
                "policyDefinitionReferenceIds": references,
            }),
            AzureKind::StandardAssignment { recommendation } => json!({
                "type": STANDARD_ASSIGNMENT,
                "scope": self.scope,
                "name": self.name,
                "recommendation": recommendation,
            }),
        }
    }

    /// Reads one entry of an exemption's `azure` list.
    pub fn from_value(v: &Value) -> Result<AzureResource, Error> {
        let o = v.as_object().ok_or("must be an object")?;
        let text = |k: &str| -> Result<String, Error> {
            match o.get(k) {
                Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
                _ => Err(format!("{k} must be a string that is not empty").into()),
            }
        };
        let kind = match fold(&text("type")?).as_ref() {
            "microsoft.authorization/policyexemptions" => AzureKind::PolicyExemption {
                assignment: text("policyAssignmentId")?,
                references: match o.get("policyDefinitionReferenceIds") {
                    None | Some(Value::Null) => Vec::new(),
                    Some(Value::Array(a)) => a
                        .iter()
                        .map(|x| x.as_str().map(str::to_string))
                        .collect::<Option<_>>()
                        .ok_or("policyDefinitionReferenceIds must be a list of strings")?,
                    Some(_) => {
                        return Err("policyDefinitionReferenceIds must be a list of strings".into())
                    }
                },
            },
            "microsoft.security/standardassignments" => AzureKind::StandardAssignment {
                recommendation: text("recommendation")?,
            },
            _ => {
                return Err(
                    format!("type must be {POLICY_EXEMPTION} or {STANDARD_ASSIGNMENT}").into(),
                )
            }
        };
        Ok(AzureResource {
            scope: text("scope")?,
            name: text("name")?,
            kind,
        })
    }

    /// What Azure would compare: the kind, scope, name, assignment and
    /// reference ids, without case (Azure ids ignore it), as one text.
    pub fn signature(&self) -> String {
        let mut v = self.to_value();
        if let Some(o) = v.as_object_mut() {
            for (_, x) in o.iter_mut() {
                match x {
                    Value::String(s) => *s = fold(s.trim().trim_end_matches('/')).into_owned(),
                    Value::Array(a) => {
                        let mut items: Vec<String> = a
                            .iter()
                            .filter_map(Value::as_str)
                            .map(|s| fold(s.trim()).into_owned())
                            .collect();
                        items.sort_unstable();
                        items.dedup();
                        *x = items.into();
                    }
                    _ => {}
                }
            }
        }
        v.to_string()
    }
}

/// Reads an exemption's `azure` field, each problem named with its entry.
pub(super) fn read(
    obj: &Map<String, Value>,
    problem: &mut dyn FnMut(&str, String),
) -> Vec<AzureResource> {
    match obj.get("azure") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                AzureResource::from_value(v)
                    .map_err(|m| problem(&format!("azure[{i}]"), m.message))
                    .ok()
            })
            .collect(),
        Some(_) => {
            problem("azure", "must be a list of Azure resources".into());
            Vec::new()
        }
    }
}

/// The signatures of a list, sorted, for comparing two lists as sets.
pub fn signatures(list: &[AzureResource]) -> Vec<String> {
    let mut out: Vec<String> = list.iter().map(AzureResource::signature).collect();
    out.sort_unstable();
    out.dedup();
    out
}
