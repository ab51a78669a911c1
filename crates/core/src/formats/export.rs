//! The formats `export` writes, and what every plan of resources shares:
//! an exemption's scopes, its stable identity, and its recommendations
//! with a category expanded through the environment.

use super::definitions::Definitions;
use super::{arm, audit, az, bicep, defender, ics, parts, policy, terraform, write};
use crate::error::{Error, Problem};
use crate::exemption::{Exemption, ExemptionFile, Target};
use crate::fold::fold;
use crate::session::Session;
use crate::text::quote;
use crate::Environment;
use chrono::{DateTime, Utc};
use std::fmt;

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The project's own exemption file.
    Exempt,
    /// Defender standard assignments as an ARM template.
    DefenderArm,
    /// Defender standard assignments as Terraform `azapi_resource` blocks.
    DefenderTerraform,
    /// Azure Policy exemptions as an ARM template.
    AzurePolicyArm,
    /// Azure Policy exemptions as a Bicep file.
    AzurePolicyBicep,
    /// Azure Policy exemptions as Terraform `azurerm_*_policy_exemption` blocks.
    AzurePolicyTerraform,
    /// Azure Policy exemptions as an `az policy exemption create` script.
    AzurePolicyAz,
    /// One row per exemption, for auditors.
    Csv,
    /// One row per exempted assessment, with its exemption, for auditors.
    CsvAssessments,
    /// An iCalendar file: an event on each expiry, a reminder 14 days before.
    Ics,
}

impl Format {
    /// Every format, in the order help lists them.
    pub const ALL: [Format; 10] = [
        Format::Exempt,
        Format::DefenderArm,
        Format::DefenderTerraform,
        Format::AzurePolicyArm,
        Format::AzurePolicyBicep,
        Format::AzurePolicyTerraform,
        Format::AzurePolicyAz,
        Format::Csv,
        Format::CsvAssessments,
        Format::Ics,
    ];

    /// The format's name, as `--to` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Exempt => "exempt",
            Format::DefenderArm => "defender-arm",
            Format::DefenderTerraform => "defender-terraform",
            Format::AzurePolicyArm => "azure-policy-arm",
            Format::AzurePolicyBicep => "azure-policy-bicep",
            Format::AzurePolicyTerraform => "azure-policy-terraform",
            Format::AzurePolicyAz => "azure-policy-az",
            Format::Csv => "csv",
            Format::CsvAssessments => "csv-assessments",
            Format::Ics => "ics",
        }
    }

    /// The format of a name, or an error listing the names.
    pub fn parse(name: &str) -> Result<Format, Error> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                Error::invalid(format!(
                    "`{}` is not a format: use one of {}",
                    quote(name),
                    names.join(", ")
                ))
                .at_field("format")
            })
    }

    /// A name to save an export of this format as.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Exempt => "exemptions.json",
            Format::DefenderArm => "defender-exemptions.json",
            Format::AzurePolicyArm => "policy-exemptions.json",
            Format::DefenderTerraform => "defender-exemptions.tf",
            Format::AzurePolicyTerraform => "policy-exemptions.tf",
            Format::AzurePolicyBicep => "policy-exemptions.bicep",
            Format::AzurePolicyAz => "policy-exemptions.sh",
            Format::Csv => "exemptions.csv",
            Format::CsvAssessments => "exempted-assessments.csv",
            Format::Ics => "exemption-expiries.ics",
        }
    }

    /// The media type of this format's files.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Exempt | Format::DefenderArm | Format::AzurePolicyArm => "application/json",
            Format::DefenderTerraform | Format::AzurePolicyTerraform | Format::AzurePolicyBicep => {
                "text/plain"
            }
            Format::AzurePolicyAz => "text/x-shellscript",
            Format::Csv | Format::CsvAssessments => "text/csv",
            Format::Ics => "text/calendar",
        }
    }

    /// Whether the format deploys exemptions to Azure, so that only those
    /// decided in favour may go.
    pub fn deploys(self) -> bool {
        matches!(
            self,
            Format::DefenderArm
                | Format::DefenderTerraform
                | Format::AzurePolicyArm
                | Format::AzurePolicyBicep
                | Format::AzurePolicyTerraform
                | Format::AzurePolicyAz
        )
    }

    /// Whether `import` reads what this format writes back.
    pub fn importable(self) -> bool {
        !matches!(self, Format::Csv | Format::CsvAssessments | Format::Ics)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What `export` needs besides the exemptions.
pub struct ExportOptions {
    /// Initiatives, assessment metadata and assignments (Azure Policy).
    pub definitions: Definitions,
    /// The environment's exports: categories are expanded to its
    /// recommendations, and `csv-assessments` evaluates it.
    pub environment: Option<Session>,
    /// The instant `csv-assessments` judges expiry at and iCalendar stamps.
    pub at: DateTime<Utc>,
    /// Policy assignments: full ids, or a name for the assignment of that
    /// name at each subscription.
    pub assignments: Vec<String>,
    /// Only the scopes at or below this id (such as one subscription, for
    /// a Bicep file, which deploys to one scope).
    pub within: Option<String>,
}

/// An export's text, and what it left out on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The file's text.
    pub text: String,
    /// Recommendations of a category that the format could not hold.
    pub notes: Vec<String>,
}

/// Writes the exemptions in `format`.
pub fn export(
    file: &ExemptionFile,
    format: Format,
    mut options: ExportOptions,
) -> Result<Exported, Error> {
    let mut session = options.environment.take();
    export_with(file, format, &options, session.as_mut())
}

/// Writes the exemptions in `format` against `session`'s environment (the
/// options' own environment is not used). A session lent for
/// `csv-assessments` is given back with the exemptions it had.
pub fn export_with(
    file: &ExemptionFile,
    format: Format,
    options: &ExportOptions,
    session: Option<&mut Session>,
) -> Result<Exported, Error> {
    let env_session = session;
    let env = env_session.as_deref().map(Session::environment);
    let mut notes = Vec::new();
    let kept;
    let (file, positions) = match &options.within {
        None => (file, Vec::new()),
        Some(w) => {
            let positions;
            (kept, positions) = within(file, w, &mut notes);
            (&kept, positions)
        }
    };
    let held;
    let (file, positions) = if format.deploys() {
        let p;
        (held, p) = decided(file, &positions, &mut notes);
        (&held, p)
    } else {
        (file, positions)
    };
    let policy = |notes: &mut Vec<String>| {
        policy::plan(
            file,
            &options.definitions,
            env,
            &options.assignments,
            &positions,
            notes,
        )
    };
    let text = match format {
        Format::Exempt => pretty(&file.to_value()),
        Format::DefenderArm => arm::defender(&defender::plan(file, env, &positions)?)?,
        Format::DefenderTerraform => terraform::defender(&defender::plan(file, env, &positions)?)?,
        Format::AzurePolicyArm => arm::policy(&policy(&mut notes)?)?,
        Format::AzurePolicyBicep => bicep::write(&policy(&mut notes)?)?,
        Format::AzurePolicyTerraform => terraform::policy(&policy(&mut notes)?)?,
        Format::AzurePolicyAz => az::write(&policy(&mut notes)?)?,
        Format::Csv => audit::exemptions(file),
        Format::CsvAssessments => {
            let Some(session) = env_session else {
                return Err(Error::invalid("csv-assessments lists the environment's exempted assessments: give the environment's exports").at_field("environment"));
            };
            session.set_time(options.at)?;
            let held = session.exemptions();
            if held.len() == file.exemptions.len()
                && held.iter().zip(&file.exemptions).all(|(a, b)| **a == *b)
            {
                audit::assessments(session)?
            } else {
                let before = session.exemptions().to_vec();
                session.set_exemptions(file.exemptions.clone())?;
                let text = audit::assessments(session);
                session.set_exemptions(before)?;
                text?
            }
        }
        Format::Ics => ics::write(file, options.at),
    };
    Ok(Exported { text, notes })
}

/// The exemptions the file's policy lets apply: pending and rejected ones
/// are left out, each noted, with the position each kept one had
/// (`positions` maps the file's to the original's, or is empty for the
/// same).
fn decided(
    file: &ExemptionFile,
    positions: &[usize],
    notes: &mut Vec<String>,
) -> (ExemptionFile, Vec<usize>) {
    let policy = file.policy.clone().unwrap_or_default();
    let mut out = ExemptionFile {
        exemptions: Vec::new(),
        policy: file.policy.clone(),
        extra: file.extra.clone(),
    };
    let mut kept = Vec::new();
    for (i, e) in file.exemptions.iter().enumerate() {
        match policy.undecided(e) {
            Some(state) => notes.push(format!(
                "{} is {} and is not exported: only exemptions that may apply are deployed",
                quote(&e.name),
                state.as_str()
            )),
            None => {
                out.exemptions.push(e.clone());
                kept.push(positions.get(i).copied().unwrap_or(i));
            }
        }
    }
    (out, kept)
}

/// The exemptions with only their scopes at or below `scope`, with the
/// position each had; those left with none are noted.
fn within(
    file: &ExemptionFile,
    scope: &str,
    notes: &mut Vec<String>,
) -> (ExemptionFile, Vec<usize>) {
    let mut positions = Vec::new();
    let w = fold(scope.trim().trim_end_matches('/')).into_owned();
    let mut out = ExemptionFile {
        exemptions: Vec::new(),
        policy: file.policy.clone(),
        extra: file.extra.clone(),
    };
    for (i, e) in file.exemptions.iter().enumerate() {
        let mut e = e.clone();
        e.scopes.retain(|s| {
            let s = fold(s.trim_end_matches('/'));
            *s == w || s.starts_with(&format!("{w}/"))
        });
        if e.scopes.is_empty() {
            notes.push(format!(
                "exemption {} \"{}\" is left out: none of its scopes is at or below {}",
                i + 1,
                quote(&e.name),
                quote(scope)
            ));
        } else {
            out.exemptions.push(e);
            positions.push(i);
        }
    }
    (out, positions)
}

pub(crate) fn pretty(v: &serde_json::Value) -> String {
    write::json(v, true)
}

/// An exemption's scopes, each once and without a trailing `/`.
pub(crate) fn scopes(e: &Exemption) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in &e.scopes {
        let s = s.trim_end_matches('/');
        if !out.iter().any(|o| parts::same_scope(o, s)) {
            out.push(s.to_string());
        }
    }
    out
}

/// What names an exemption in stable resource names: its id, or its name.
pub(crate) fn identity(e: &Exemption) -> String {
    e.id.clone()
        .unwrap_or_else(|| fold(e.name.trim()).into_owned())
}

/// The recommendations an exemption covers, each once: its own, or those
/// of its category in the environment.
pub(crate) fn expand(
    e: &Exemption,
    i: usize,
    env: Option<&Environment>,
) -> Result<Vec<String>, Problem> {
    let problem = |message: String| Problem {
        hint: None,
        index: i + 1,
        name: Some(quote(&e.name)),
        field: "recommendationCategory".into(),
        message,
    };
    match &e.target {
        Target::Vulnerabilities(v) => Err(Problem {
            field: "vulnerabilities".into(),
            ..problem(format!(
                "its condition ({}) exempts vulnerability findings, which Azure Policy exemptions cannot hold: export it as Defender standard assignments (defender-arm, defender-terraform) or keep it in Exempt's own file",
                v.describe()
            ))
        }),
        Target::Recommendations(keys) => {
            let mut out: Vec<String> = Vec::new();
            for k in keys.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
                if !out.iter().any(|o| crate::fold::eq(o, k)) {
                    out.push(k.to_string());
                }
            }
            Ok(out)
        }
        Target::Category(c) => {
            let Some(env) = env else {
                return Err(problem(format!(
                    "Defender and Azure Policy exempt recommendations, not categories: give the environment's exports so that `{}` can be expanded to its recommendations",
                    quote(c)
                )));
            };
            let keys: Vec<String> = env
                .category_index(c)
                .map(|cix| {
                    env.recommendations()
                        .iter()
                        .filter(|r| r.categories.contains(&cix))
                        .map(|r| r.key.clone())
                        .collect()
                })
                .unwrap_or_default();
            if keys.is_empty() {
                return Err(problem(format!("no recommendation of the environment is in category `{}`, so it would export as nothing", quote(c))));
            }
            Ok(keys)
        }
    }
}
