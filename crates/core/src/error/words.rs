//! Words for what an error concerns and what to do about it, kept apart
//! from the message so that each front end can say them its own way.

use serde::{Deserialize, Serialize};

/// Fields of Azure's and the project's files in words, matched on the end
/// of their path.
const FIELD_WORDS: &[(&str, &str)] = &[
    ("status.code", "status"),
    ("resourceDetails.Source", "resource's source"),
    ("resourceDetails.Id", "resource id"),
    ("resourceDetails", "resource"),
    ("displayName", "display name"),
    ("maxScore", "maximum score"),
    ("score.current", "current score"),
    ("score.max", "maximum score"),
    ("expiresOn", "expiry"),
    ("exemptionCategory", "exemption category"),
    ("policyAssignmentId", "policy assignment"),
    ("policyDefinitionReferenceIds", "reference ids"),
    ("resourceSelectors", "resource selectors"),
    ("assignmentScopeValidation", "scope validation"),
    ("recommendationCategory", "recommendation category"),
    ("assignedComponent", "assigned component"),
    ("standard.id", "standard"),
    // The exemption file's own fields, as the portal's form labels them.
    ("scopes", "scope"),
    ("cloud", "cloud platform"),
    ("category", "exemption category"),
    ("createdOn", "created"),
    ("azure", "Azure resource"),
    ("governance", "approval"),
];

/// A field's path as people say it: a known field by its words, another
/// by its own last name, without the file's nesting or list positions.
pub fn field_words(path: &str) -> String {
    let bare: String = {
        // `value[2].properties.x` → `value.properties.x`
        let mut out = String::with_capacity(path.len());
        let mut depth = 0u32;
        for c in path.chars() {
            match c {
                '[' => depth += 1,
                ']' => depth = depth.saturating_sub(1),
                _ if depth == 0 => out.push(c),
                _ => {}
            }
        }
        out
    };
    let bare = bare.trim_matches(|c| c == '`' || c == '.');
    if let Some((_, words)) = FIELD_WORDS
        .iter()
        .find(|(end, _)| bare == *end || bare.ends_with(&format!(".{end}")))
    {
        return (*words).to_string();
    }
    bare.rsplit('.').next().unwrap_or(bare).to_string()
}

/// What the user can do about an error. Each front end words it with its
/// own controls (the command line's options, the app's buttons), so the
/// message itself names no control of any of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Hint {
    /// The file is the project's own exemption file, given as data.
    ExemptionFile,
    /// The file holds exemptions in an Azure format, given as data.
    ExemptionsToImport,
    /// The initiative's definition and Defender's assessment metadata are
    /// needed to map policy reference ids.
    Definitions,
    /// The policy assignment to exempt from must be named.
    Assignment,
    /// Defender's standard assignments can hold what Azure Policy cannot.
    DefenderFormats,
    /// Azure Policy's ARM template or Terraform reach every scope from one
    /// file; Bicep does not.
    PolicyArmOrTerraform,
}

impl Hint {
    /// The hint in the command line's words (and the JavaScript package's,
    /// whose options carry the same names).
    pub fn command_line(self) -> &'static str {
        match self {
            Hint::ExemptionFile => "give it with --exemptions (-e)",
            Hint::ExemptionsToImport => "`exempt import` reads it into an exemption file",
            Hint::Definitions => "give the initiative (a policySetDefinitions resource, such as the Microsoft cloud security benchmark) and the assessment metadata with --definitions",
            Hint::Assignment => "give one with --assignment (the assignment's id, or a name such as SecurityCenterBuiltIn for the assignment of that name at each subscription)",
            Hint::DefenderFormats => "export them with defender-arm or defender-terraform",
            Hint::PolicyArmOrTerraform => "export them with azure-policy-arm or azure-policy-terraform, which reach every scope from one file",
        }
    }
}
