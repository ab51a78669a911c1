//! What maps Azure Policy to Defender recommendations: initiative
//! definitions (`Microsoft.Authorization/policySetDefinitions`, such as the
//! Microsoft cloud security benchmark), assessment metadata (whose
//! `policyDefinitionId` names the policy behind a recommendation), policy
//! assignments (which initiative each one assigns) and security
//! connectors (whether a connector is AWS or GCP).
//!
//! The chain is: reference id → the initiative's entry → its policy
//! definition → the assessment metadata row with that policy → the row's
//! name, which is the assessment key.

use crate::error::{Error, Hint};
use crate::fold::fold;
use crate::model::Cloud;
use crate::text::quote;
use rustc_hash::FxHashMap;
use serde_json::Value;

/// The Microsoft cloud security benchmark, Defender's default initiative.
pub(crate) const MCSB: &str =
    "/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8";

/// An initiative: its id and its entries (reference id, policy definition id).
#[derive(Debug, Clone)]
pub(crate) struct PolicySet {
    pub id: String,
    pub entries: Vec<(String, String)>,
}

/// Everything read from `--definitions` files.
#[derive(Debug, Clone, Default)]
pub struct Definitions {
    pub(crate) sets: Vec<PolicySet>,
    /// Folded policy definition id → assessment keys.
    keys: FxHashMap<String, Vec<String>>,
    /// Folded assessment key → policy definition id.
    policies: FxHashMap<String, String>,
    /// Assignments: folded id, id, the definition (or initiative) assigned.
    assignments: Vec<(String, String, String)>,
    /// Each assignment's `notScopes`, by folded id.
    not_scopes: FxHashMap<String, Vec<String>>,
    /// Folded connector id → its cloud.
    connectors: FxHashMap<String, Cloud>,
}

impl Definitions {
    /// Reads definition files, each given as its name (for messages) and
    /// its text: JSON or JSONC, a single resource, a bare array, a REST
    /// list (`{"value": [...]}`) or Resource Graph rows (`{"data": [...]}`).
    pub fn load<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Definitions, Error> {
        let mut d = Definitions::default();
        for (name, text) in files {
            d.add(name, text)?;
        }
        Ok(d)
    }

    /// Whether no file was given.
    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
            && self.keys.is_empty()
            && self.assignments.is_empty()
            && self.connectors.is_empty()
    }

    /// Reads one more file.
    pub fn add(&mut self, file: &str, text: &str) -> Result<(), Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value = crate::json::parse(text)
            .map_err(|e| Error::input(file, None, format!("not JSON: {e}")))?;
        let rows: Vec<&Value> = match &value {
            Value::Array(a) => a.iter().collect(),
            Value::Object(o) => match o.get("value").or_else(|| o.get("data")) {
                Some(Value::Array(a)) => a.iter().collect(),
                _ => vec![&value],
            },
            _ => Vec::new(),
        };
        for (i, row) in rows.into_iter().enumerate() {
            self.row(row)
                .map_err(|m| m.in_file(file).at_row(i as u64 + 1))?;
        }
        Ok(())
    }

    fn row(&mut self, row: &Value) -> Result<(), Error> {
        // Resource Graph and REST nest fields under `properties`; the Azure
        // CLI flattens them.
        let prop = |k: &str| {
            row.get("properties")
                .and_then(|p| p.get(k))
                .or_else(|| row.get(k))
                .filter(|v| !v.is_null())
        };
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
        let id = text(row.get("id")).unwrap_or_default();
        let kind = fold(row.get("type").and_then(Value::as_str).unwrap_or("")).into_owned();
        let folded_id = fold(&id).into_owned();
        if let Some(Value::Array(entries)) = prop("policyDefinitions") {
            let entries = entries
                .iter()
                .map(|e| Some((text(e.get("policyDefinitionReferenceId"))?, text(e.get("policyDefinitionId"))?)))
                .collect::<Option<Vec<_>>>()
                .ok_or("policyDefinitions: every entry needs policyDefinitionReferenceId and policyDefinitionId")?;
            if id.is_empty() {
                return Err("a policy set definition needs its id".into());
            }
            self.sets.push(PolicySet { id, entries });
        } else if kind.ends_with("/assessmentmetadata")
            || folded_id.contains("/assessmentmetadata/")
        {
            let key = text(row.get("name"))
                .ok_or("assessment metadata needs its name (the assessment key)")?;
            if let Some(p) = text(prop("policyDefinitionId")) {
                self.link(&key, &p);
            }
        } else if kind == "microsoft.security/assessments" {
            let key =
                text(row.get("name")).ok_or("an assessment needs its name (the assessment key)")?;
            let p = row
                .pointer("/properties/metadata/policyDefinitionId")
                .and_then(Value::as_str);
            if let Some(p) = p {
                self.link(&key, p);
            }
        } else if kind.ends_with("/policyassignments") || folded_id.contains("/policyassignments/")
        {
            let assigned = text(prop("policyDefinitionId"))
                .ok_or("a policy assignment needs policyDefinitionId")?;
            let not_scopes: Vec<String> = prop("notScopes")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            self.not_scopes.insert(folded_id.clone(), not_scopes);
            self.assignments.push((folded_id, id, assigned));
        } else if kind.ends_with("/securityconnectors") {
            let env = text(prop("environmentName")).unwrap_or_default();
            if let Some(c) = Cloud::parse(&env) {
                self.connectors
                    .insert(fold(id.trim_end_matches('/')).into_owned(), c);
            }
        } else {
            // Say what the row is, from whatever names it.
            let what = match (
                kind.is_empty(),
                id.is_empty(),
                row.get("exemptions").is_some(),
            ) {
                (false, _, _) => format!("a row of type `{}`", quote(&kind)),
                (true, false, _) => format!("`{}`", quote(&id)),
                (true, true, true) => "an exemption file".to_string(),
                (true, true, false) => "a row with neither a type nor an id".to_string(),
            };
            return Err(format!(
                "{what} is not a policy set definition, policy assignment, assessment metadata or security connector, the only definitions read (exemption files are given on their own)"
            )
            .into());
        }
        Ok(())
    }

    fn link(&mut self, key: &str, policy: &str) {
        let keys = self.keys.entry(fold(policy).into_owned()).or_default();
        if !keys.iter().any(|k| crate::fold::eq(k, key)) {
            keys.push(key.to_string());
        }
        self.policies
            .insert(fold(key).into_owned(), policy.to_string());
    }

    /// The assessment keys of a policy definition.
    pub(crate) fn keys_of(&self, policy: &str) -> &[String] {
        self.keys
            .get(fold(policy.trim()).as_ref())
            .map_or(&[], Vec::as_slice)
    }

    /// The assessment keys of a custom policy known by name.
    pub(crate) fn keys_of_name(&self, name: &str) -> Vec<String> {
        let tail = format!("/policydefinitions/{}", fold(last_segment(name)));
        self.keys
            .iter()
            .filter(|(p, _)| p.ends_with(&tail))
            .flat_map(|(_, k)| k.iter().cloned())
            .collect()
    }

    /// The initiative known by the name in its id.
    pub(crate) fn set_named(&self, name: &str) -> Option<&PolicySet> {
        let tail = format!("/policysetdefinitions/{}", fold(last_segment(name)));
        self.sets.iter().find(|s| fold(&s.id).ends_with(&tail))
    }

    /// The policy definition behind a recommendation.
    pub(crate) fn policy_of(&self, key: &str) -> Option<&str> {
        self.policies
            .get(fold(key.trim()).as_ref())
            .map(String::as_str)
    }

    /// What an assignment assigns, when an assignment row said so.
    pub(crate) fn assigned(&self, assignment: &str) -> Option<&str> {
        let f = fold(assignment.trim());
        self.assignments
            .iter()
            .find(|(a, _, _)| *a == f)
            .map(|(_, _, d)| d.as_str())
    }

    /// Assignments given as rows: id, and what each assigns.
    pub(crate) fn assignments(&self) -> impl Iterator<Item = (&str, &str)> {
        self.assignments
            .iter()
            .map(|(_, a, d)| (a.as_str(), d.as_str()))
    }

    /// An assignment's `notScopes`.
    pub(crate) fn not_scopes(&self, assignment: &str) -> &[String] {
        self.not_scopes
            .get(fold(assignment.trim()).as_ref())
            .map_or(&[], Vec::as_slice)
    }

    /// Whether any initiative was given.
    pub(crate) fn has_sets(&self) -> bool {
        !self.sets.is_empty()
    }

    /// Assignments given as rows.
    pub(crate) fn assignment_ids(&self) -> impl Iterator<Item = &str> {
        self.assignments.iter().map(|(_, a, _)| a.as_str())
    }

    /// The cloud of a security connector.
    pub(crate) fn connector_cloud(&self, id: &str) -> Option<Cloud> {
        self.connectors
            .get(fold(id.trim_end_matches('/')).as_ref())
            .copied()
    }

    /// The initiative by id.
    pub(crate) fn set(&self, id: &str) -> Option<&PolicySet> {
        self.sets.iter().find(|s| crate::fold::eq(&s.id, id.trim()))
    }

    /// The initiative an exemption of `assignment` refers to: the one the
    /// assignment assigns, when an assignment row says so; Defender's
    /// benchmark for its own assignment (`SecurityCenterBuiltIn`); the only
    /// one given when exporting (`refs` is `None`: the user chose it); else
    /// the only one holding every reference id. Guessing an initiative for
    /// an exemption that names none of its reference ids would exempt
    /// every recommendation of the wrong one.
    pub(crate) fn set_for(
        &self,
        assignment: &str,
        refs: Option<&[String]>,
    ) -> Result<&PolicySet, Error> {
        if let Some(assigned) = self.assigned(assignment) {
            return self.set(assigned).ok_or_else(|| {
                Error::from(format!("assignment assigns `{}`, which is not among the initiatives given as definitions", quote(assigned)))
            });
        }
        let defender = fold(assignment.trim_end_matches('/'))
            .ends_with("/policyassignments/securitycenterbuiltin");
        if let (true, Some(mcsb)) = (defender, self.set(MCSB)) {
            return Ok(mcsb);
        }
        let holding: Vec<&PolicySet> = match refs {
            None => self.sets.iter().collect(),
            Some(refs) => self
                .sets
                .iter()
                .filter(|s| {
                    !refs.is_empty()
                        && refs
                            .iter()
                            .all(|r| s.entries.iter().any(|(x, _)| crate::fold::eq(x, r)))
                })
                .collect(),
        };
        match holding.as_slice() {
            [one] => Ok(one),
            _ if self.sets.is_empty() => Err(Error::from("no initiative (policy set definition) was given").with_hint(Hint::Definitions)),
            [] if refs.is_some_and(<[String]>::is_empty) => Err(format!(
                "the exemption covers every policy of assignment `{}`, and which initiative that assigns is not known: give the assignment (a policyAssignments resource) as a definition too",
                quote(assignment)
            ).into()),
            [] => Err(format!(
                "no initiative given as definitions holds every reference id of {}",
                refs.unwrap_or(&[]).iter().map(|r| quote(r)).collect::<Vec<_>>().join(", ")
            ).into()),
            _ => Err(format!(
                "{} initiatives were given as definitions and nothing says which one assignment `{}` assigns: give the assignment (a policyAssignments resource) too",
                holding.len(),
                quote(assignment)
            ).into()),
        }
    }
}

/// `policyDefinitions/<name>` or `<name>` as the name alone.
fn last_segment(name: &str) -> &str {
    name.trim().rsplit('/').next().unwrap_or("")
}

impl PolicySet {
    /// The policy definition of a reference id.
    pub(crate) fn policy(&self, reference: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(r, _)| crate::fold::eq(r, reference.trim()))
            .map(|(_, p)| p.as_str())
    }

    /// The reference ids of a policy definition.
    pub(crate) fn references<'s>(&'s self, policy: &'s str) -> impl Iterator<Item = &'s str> {
        self.entries
            .iter()
            .filter(move |(_, p)| crate::fold::eq(p, policy.trim()))
            .map(|(r, _)| r.as_str())
    }
}
