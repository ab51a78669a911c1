//! The wizard's draft and its validation: pure, so it runs in native tests.
//!
//! Checks the user needs in words of the form come first (required, unique,
//! date in the future); the built exemption then goes through the core's own
//! validation, so that the wizard can never save what `exempt validate`
//! would refuse.

use chrono::{DateTime, Days, NaiveDate, Utc};
use exempt_core::exemption::{Exemption, Policy, Target};
use exempt_core::{Cloud, ExemptionCategory};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub use super::condition::VulnerabilityDraft;

/// The wizard's steps, shown as tabs.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Serialize, Deserialize)]
pub enum Step {
    /// Name, description, cloud, scope, category, expiry.
    Basics,
    /// Selected recommendations or a category.
    Recommendations,
    /// Summary, impact, Create.
    Review,
}

impl Step {
    /// All steps in order.
    pub const ALL: [Step; 3] = [Step::Basics, Step::Recommendations, Step::Review];

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            Step::Basics => "Basics",
            Step::Recommendations => "Recommendations",
            Step::Review => "Review + create",
        }
    }

    /// The step after this one.
    pub fn next(self) -> Step {
        match self {
            Step::Basics => Step::Recommendations,
            _ => Step::Review,
        }
    }

    /// The step before this one.
    pub fn previous(self) -> Step {
        match self {
            Step::Review => Step::Recommendations,
            _ => Step::Basics,
        }
    }

    fn fields(self) -> &'static [Field] {
        match self {
            Step::Basics => &[
                Field::Name,
                Field::Cloud,
                Field::Scopes,
                Field::Category,
                Field::Expiry,
                Field::Owner,
                Field::Ticket,
            ],
            Step::Recommendations => &[
                Field::Recommendations,
                Field::RecommendationCategory,
                Field::Vulnerabilities,
            ],
            Step::Review => &[],
        }
    }
}

/// A form field that can carry an error.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Serialize, Deserialize)]
pub enum Field {
    /// Exemption name.
    Name,
    /// Cloud platform.
    Cloud,
    /// Scope.
    Scopes,
    /// Mitigated or Waiver.
    Category,
    /// Expiry date.
    Expiry,
    /// Who answers for the accepted risk.
    Owner,
    /// A ticket id or URL.
    Ticket,
    /// Selected recommendations.
    Recommendations,
    /// Recommendation category.
    RecommendationCategory,
    /// The Vulnerabilities condition.
    Vulnerabilities,
}

impl Field {
    /// The id of the control to focus for this field.
    pub fn element_id(self) -> &'static str {
        match self {
            Field::Name => "exemption-name",
            Field::Cloud => "cloud-Azure",
            Field::Scopes => "scope-search",
            Field::Category => "category-mitigated",
            Field::Expiry => "expiry-date",
            Field::Owner => "exemption-owner",
            Field::Ticket => "exemption-ticket",
            Field::Recommendations => "recommendation-search",
            Field::RecommendationCategory => "recommendation-category",
            Field::Vulnerabilities => "vulnerability-cves",
        }
    }

    fn of_problem(field: &str) -> Option<Field> {
        Some(match field {
            "name" => Field::Name,
            "cloud" => Field::Cloud,
            "scopes" => Field::Scopes,
            "category" => Field::Category,
            "expiresOn" => Field::Expiry,
            "owner" => Field::Owner,
            "ticket" => Field::Ticket,
            "recommendations" => Field::Recommendations,
            "recommendationCategory" => Field::RecommendationCategory,
            f if f.starts_with("vulnerabilities") => Field::Vulnerabilities,
            _ => return None,
        })
    }
}

/// How the exemption names what it exempts.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum TargetMode {
    /// Selected recommendations.
    Selected,
    /// A recommendation category.
    Category,
    /// Vulnerability findings matching a condition.
    Vulnerabilities,
}

/// What the user has entered.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Draft {
    pub name: String,
    pub description: String,
    pub cloud: Cloud,
    pub scopes: Vec<String>,
    pub category: Option<ExemptionCategory>,
    /// `YYYY-MM-DD` from the date picker, or empty.
    pub expiry: String,
    pub mode: TargetMode,
    pub keys: Vec<String>,
    pub target_category: String,
    /// Who answers for the accepted risk; drafts kept before it existed
    /// read as empty.
    #[serde(default)]
    pub owner: String,
    /// A ticket id or URL.
    #[serde(default)]
    pub ticket: String,
    /// The Vulnerabilities condition; drafts kept before it existed read
    /// as empty.
    #[serde(default)]
    pub vulnerabilities: VulnerabilityDraft,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            name: String::new(),
            description: String::new(),
            cloud: Cloud::Azure,
            scopes: Vec::new(),
            category: None,
            expiry: String::new(),
            mode: TargetMode::Selected,
            keys: Vec::new(),
            target_category: String::new(),
            owner: String::new(),
            ticket: String::new(),
            vulnerabilities: VulnerabilityDraft::default(),
        }
    }
}

/// Facts from outside the draft that validation needs.
#[derive(Clone, PartialEq, Debug)]
pub struct Rules {
    /// Other exemptions' names, folded to lower case.
    pub taken: Vec<String>,
    /// Today in UTC.
    pub today: NaiveDate,
    /// The team's rules.
    pub policy: Policy,
}

pub type Errors = BTreeMap<Field, String>;

impl Draft {
    /// The draft of an existing exemption.
    pub fn of(e: &Exemption) -> Draft {
        let mut vulnerabilities = VulnerabilityDraft::default();
        let (mode, keys, target_category) = match &e.target {
            Target::Recommendations(keys) => (TargetMode::Selected, keys.clone(), String::new()),
            Target::Category(c) => (TargetMode::Category, Vec::new(), c.clone()),
            Target::Vulnerabilities(v) => {
                vulnerabilities = VulnerabilityDraft {
                    cves: v.cves.join("; "),
                    cvss: v.cvss_below.map(|c| c.to_string()).unwrap_or_default(),
                    minimum_severity: v
                        .minimum_severity
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    non_patchable: v.non_patchable,
                };
                (
                    TargetMode::Vulnerabilities,
                    v.recommendations.clone(),
                    String::new(),
                )
            }
        };
        Draft {
            name: e.name.clone(),
            description: e.description.clone().unwrap_or_default(),
            cloud: e.cloud,
            scopes: e.scopes.clone(),
            category: Some(e.category),
            expiry: e.expires_on.map(last_day).unwrap_or_default(),
            mode,
            keys,
            target_category,
            owner: e.governance.owner.clone().unwrap_or_default(),
            ticket: e.governance.ticket.clone().unwrap_or_default(),
            vulnerabilities,
        }
    }

    /// The picked date, if it is one.
    pub fn expiry_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.expiry.trim(), "%Y-%m-%d").ok()
    }

    /// The exemption is valid through the picked day in UTC: it expires at
    /// the next midnight.
    pub fn expires_on(&self) -> Option<DateTime<Utc>> {
        let next = self.expiry_date()?.checked_add_days(Days::new(1))?;
        Some(next.and_hms_opt(0, 0, 0)?.and_utc())
    }

    /// The draft in the exemption file format, with `base`'s identity and
    /// unknown fields when editing.
    pub fn to_value(&self, base: Option<&Exemption>) -> Value {
        let mut v = base.map(Exemption::to_value).unwrap_or_else(|| json!({}));
        let o = v.as_object_mut().expect("an object");
        for k in [
            "description",
            "expiresOn",
            "recommendations",
            "recommendationCategory",
            "vulnerabilities",
            "owner",
            "ticket",
        ] {
            o.remove(k);
        }
        for (k, v) in [("owner", &self.owner), ("ticket", &self.ticket)] {
            if !v.trim().is_empty() {
                o.insert(k.into(), v.trim().into());
            }
        }
        o.insert("name".into(), self.name.trim().into());
        if !self.description.trim().is_empty() {
            o.insert("description".into(), self.description.trim().into());
        }
        o.insert("cloud".into(), self.cloud.as_str().into());
        o.insert("scopes".into(), self.scopes.clone().into());
        if let Some(c) = self.category {
            o.insert("category".into(), c.as_str().into());
        }
        if let Some(e) = self.expires_on() {
            o.insert("expiresOn".into(), e.to_rfc3339().into());
        }
        match self.mode {
            TargetMode::Selected => o.insert("recommendations".into(), self.keys.clone().into()),
            TargetMode::Category => o.insert(
                "recommendationCategory".into(),
                self.target_category.clone().into(),
            ),
            TargetMode::Vulnerabilities => {
                let mut v = self.vulnerabilities.to_value();
                if !self.keys.is_empty() {
                    v["recommendations"] = self.keys.clone().into();
                }
                o.insert("vulnerabilities".into(), v)
            }
        };
        v
    }

    /// The exemption, when the whole draft is valid.
    pub fn to_exemption(&self, base: Option<&Exemption>) -> Result<Exemption, Errors> {
        Exemption::from_value(1, &self.to_value(base)).map_err(|problems| {
            problems
                .into_iter()
                .filter_map(|p| Some((Field::of_problem(&p.field)?, p.message)))
                .collect()
        })
    }
}

pub use exempt_core::session::last_day;

/// The errors of one step's fields.
pub fn validate(step: Step, draft: &Draft, rules: &Rules) -> Errors {
    let mut errors = Errors::new();
    match step {
        Step::Basics => {
            let name = draft.name.trim();
            if name.is_empty() {
                errors.insert(Field::Name, "Enter a name for the exemption.".into());
            } else if rules.taken.contains(&name.to_lowercase()) {
                errors.insert(
                    Field::Name,
                    format!("An exemption named “{name}” already exists. Choose another name."),
                );
            }
            if draft.scopes.is_empty() {
                errors.insert(
                    Field::Scopes,
                    "Select a management group, subscription or resource.".into(),
                );
            }
            if draft.category.is_none() {
                errors.insert(Field::Category, "Select a category.".into());
            }
            let p = &rules.policy;
            if p.require_owner && draft.owner.trim().is_empty() {
                errors.insert(
                    Field::Owner,
                    "Your team requires an owner: enter who answers for this risk.".into(),
                );
            }
            if p.require_ticket && draft.ticket.trim().is_empty() {
                errors.insert(
                    Field::Ticket,
                    "Your team requires a ticket: enter its id or link.".into(),
                );
            }
            if let Some(days) = p.max_days {
                let latest = rules.today.checked_add_days(Days::new(u64::from(days)));
                match draft.expiry_date() {
                    None => {
                        errors.insert(Field::Expiry, format!("Your team requires an expiry date, at most {days} days from today."));
                    }
                    Some(d) if latest.is_some_and(|l| d >= l) => {
                        errors.insert(
                            Field::Expiry,
                            format!(
                                "Your team allows at most {days} days: choose a date before {}.",
                                latest.map(|l| l.to_string()).unwrap_or_default()
                            ),
                        );
                    }
                    Some(_) => {}
                }
            }
            if !draft.expiry.trim().is_empty() {
                match draft.expiry_date() {
                    None => {
                        errors.insert(Field::Expiry, "Enter the expiry date as YYYY-MM-DD.".into());
                    }
                    Some(d) if d < rules.today => {
                        errors.insert(
                            Field::Expiry,
                            "The expiry date must be in the future.".into(),
                        );
                    }
                    Some(_) => {}
                }
            }
        }
        Step::Recommendations => match draft.mode {
            TargetMode::Selected if draft.keys.is_empty() => {
                errors.insert(
                    Field::Recommendations,
                    "Select at least one recommendation.".into(),
                );
            }
            TargetMode::Category if draft.target_category.trim().is_empty() => {
                errors.insert(
                    Field::RecommendationCategory,
                    "Select a recommendation category.".into(),
                );
            }
            TargetMode::Vulnerabilities if draft.vulnerabilities.is_empty() => {
                errors.insert(
                    Field::Vulnerabilities,
                    "Enter at least one of CVEs, CVSS score, Minimum severity or Non-patchable."
                        .into(),
                );
            }
            _ => {}
        },
        Step::Review => {}
    }
    // The core's rules, for whatever the form's own checks let through.
    if let Err(core) = draft.to_exemption(None) {
        for (field, message) in core {
            if step.fields().contains(&field) {
                errors.entry(field).or_insert(message);
            }
        }
    }
    errors
}

/// The errors of every step up to and including `step`.
pub fn validate_through(step: Step, draft: &Draft, rules: &Rules) -> (Option<Step>, Errors) {
    for s in Step::ALL.into_iter().filter(|s| *s <= step) {
        let errors = validate(s, draft, rules);
        if !errors.is_empty() {
            return (Some(s), errors);
        }
    }
    (None, Errors::new())
}
