//! Every rule, with the public source that shows the behaviour it checks.
//! Where Microsoft's text is ambiguous the README says so.

use serde::{Deserialize, Serialize};

/// How serious a problem is. `exempt lint` exits 1 on any error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Level {
    /// Azure refuses it, or it breaks the team's policy.
    Error,
    /// It deploys, but does not do what it seems to.
    Warning,
    /// Worth knowing.
    Note,
}

impl Level {
    /// SARIF's word, which is also ours.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
}

/// What a rule needs besides the exemption file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Needs {
    /// Nothing else.
    File,
    /// The environment's exports.
    Environment,
    /// Initiatives, assessment metadata and assignments (`--definitions`).
    Definitions,
}

/// A rule.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// Stable id.
    pub id: &'static str,
    /// Its name, in PascalCase as SARIF has it.
    pub name: &'static str,
    /// Its level.
    pub level: Level,
    /// What it finds, in one line.
    pub summary: &'static str,
    /// What to do about it.
    pub help: &'static str,
    /// The public page or issue that shows the behaviour.
    pub source: &'static str,
    /// What it needs to run.
    pub needs: Needs,
}

const STRUCTURE: &str =
    "https://learn.microsoft.com/en-us/azure/governance/policy/concepts/exemption-structure";
const LIMITS: &str = "https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/azure-subscription-service-limits#azure-policy-limits";
const POLICY: &str = "https://github.com/exempt-dev/exempt#approvals-owners-and-the-evidence-pack";
const EXEMPT: &str = "https://learn.microsoft.com/en-us/azure/defender-for-cloud/exempt-resource";
const SCORE: &str =
    "https://learn.microsoft.com/en-us/azure/defender-for-cloud/secure-score-security-controls";
const REVIEW: &str = "https://learn.microsoft.com/en-us/azure/defender-for-cloud/review-exemptions";

macro_rules! rule {
    ($id:literal, $name:literal, $level:ident, $needs:ident, $summary:literal, $help:literal, $source:expr) => {
        Rule {
            id: $id,
            name: $name,
            level: Level::$level,
            needs: Needs::$needs,
            summary: $summary,
            help: $help,
            source: $source,
        }
    };
}

/// Every rule, in the order reports list them.
pub const RULES: &[Rule] = &[
    rule!("EX001", "InvalidExemption", Error, File,
        "The exemption cannot be read: a field is missing, of the wrong type or not a valid value.",
        "Fix the field named; `exempt validate` lists every problem.",
        STRUCTURE),
    rule!("EX101", "DisplayNameTooLong", Error, File,
        "The name, which export writes as the exemption's displayName, is longer than the 128 characters Azure Policy accepts.",
        "Shorten the name to 128 characters; keep the detail in the description.",
        "https://learn.microsoft.com/en-us/azure/governance/policy/concepts/exemption-structure#display-name-and-description"),
    rule!("EX102", "DescriptionTooLong", Error, File,
        "The description is longer than the 512 characters Azure Policy accepts.",
        "Shorten the description to 512 characters; link the ticket for the rest.",
        "https://learn.microsoft.com/en-us/azure/governance/policy/concepts/exemption-structure#display-name-and-description"),
    rule!("EX103", "ReferenceIdsOnPolicyAssignment", Error, Definitions,
        "Reference ids are given for an assignment of a single policy, not of an initiative: Azure refuses it with InvalidPolicyDefinitionReference.",
        "Remove the reference ids, or point the exemption at an initiative's assignment.",
        "https://github.com/Azure/enterprise-azure-policy-as-code/issues/267"),
    rule!("EX104", "ScopeInNotScopes", Warning, Definitions,
        "A scope lies inside the assignment's notScopes: the assignment does not apply there, so the exemption exempts nothing, and EPAC skips or deletes it.",
        "Drop the scope, or exempt instead of excluding it from the assignment.",
        "https://github.com/Azure/enterprise-azure-policy-as-code/issues/649"),
    rule!("EX105", "RecommendationWithoutPolicy", Error, Definitions,
        "A recommendation has no policy in the assigned initiative, so an Azure Policy exemption cannot express it.",
        "Export it as Defender standard assignments (defender-arm), or give the assessment metadata that links it to a policy.",
        STRUCTURE),
    rule!("EX106", "PolicyInSeveralInitiatives", Warning, Definitions,
        "The recommendation's policy is in more than one assigned initiative: an exemption names one assignment, and the others keep it in force.",
        "Exempt it under each assignment named, or through Defender, which covers every initiative.",
        EXEMPT),
    rule!("EX107", "ExportedNamesCollide", Error, File,
        "Two exemptions would be written as Azure resources of the same name at the same scope: the second deployment replaces the first.",
        "Rename one, or drop the `azure` record it was imported with.",
        STRUCTURE),
    rule!("EX108", "TooManyAtOneScope", Error, File,
        "More than 1,000 exemptions at one scope once exported, beyond Azure Policy's limit per scope.",
        "Exempt at a higher scope, or by category, instead of resource by resource.",
        LIMITS),
    rule!("EX109", "TooManyResourceExemptions", Warning, File,
        "More than 5,000 resource exemptions in one subscription: Defender warns that its exemptions page then has load issues.",
        "Exempt at the resource group or subscription where you can.",
        EXEMPT),
    rule!("EX201", "Expired", Warning, File,
        "The exemption has expired: Azure keeps it but no longer honours it.",
        "Renew it with a new justification, or delete it.",
        "https://learn.microsoft.com/en-us/azure/governance/policy/concepts/exemption-structure#expiration"),
    rule!("EX202", "ExpiresSoon", Note, File,
        "The exemption expires within 30 days.",
        "Renew it with a new justification, or let it lapse on purpose.",
        REVIEW),
    rule!("EX203", "NoExpiry", Note, File,
        "The exemption never expires, so nobody is asked to look at it again.",
        "Give it an expiry date.",
        REVIEW),
    rule!("EX204", "Unused", Warning, Environment,
        "The exemption applies to no healthy or unhealthy assessment in the environment.",
        "Check its scopes and recommendations, or delete it.",
        REVIEW),
    rule!("EX205", "Redundant", Warning, Environment,
        "Another exemption of the same category already covers every assessment this one applies to.",
        "Delete one of them.",
        REVIEW),
    rule!("EX206", "Conflict", Warning, Environment,
        "A waiver applies where a mitigation also applies, and the mitigation wins: the waiver does nothing there.",
        "Narrow the waiver's scope, or delete it.",
        "https://learn.microsoft.com/en-us/azure/governance/policy/concepts/exemption-structure#exemption-category"),
    rule!("EX207", "WaiverOnHealthy", Warning, Environment,
        "A waiver covers only assessments that are healthy without it: it lowers the secure score by removing healthy resources.",
        "Delete it, or make it a mitigation if a third party resolves the risk.",
        SCORE),
    rule!("EX208", "NoScoreEffect", Note, Environment,
        "A recommendation it exempts is in preview or in no security control: it does not count in the secure score, so the exemption cannot change the score.",
        "Keep it if you exempt for other reasons; the score will not move.",
        SCORE),
    rule!("EX209", "CloudMismatch", Error, Environment,
        "A scope is a security connector of another cloud than the exemption's: it exempts nothing there.",
        "Set the exemption's cloud to the connector's, or use that cloud's connector.",
        EXEMPT),
    rule!("EX210", "UnknownScopeOrTarget", Warning, Environment,
        "A scope names nothing in the environment, or no assessment has a recommendation or category it names.",
        "Check the id against the environment's exports.",
        REVIEW),
    rule!("EX301", "SelfApproval", Error, File,
        "The decision was made by the person who asked for the exemption.",
        "Have someone else decide (`exempt approve --as`).",
        POLICY),
    rule!("EX302", "LongerThanPolicy", Error, File,
        "The expiry is missing or further from the request than the team's maxDays.",
        "Set an expiry within the policy's maxDays.",
        POLICY),
    rule!("EX303", "TicketRequired", Error, File,
        "The team's policy requires a ticket.",
        "Add the ticket's id or link.",
        POLICY),
    rule!("EX304", "OwnerRequired", Error, File,
        "The team's policy requires an owner who answers for the risk.",
        "Add the owner.",
        POLICY),
];
