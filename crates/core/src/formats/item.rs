//! One item of a file being imported (a REST row, a template resource, a
//! Terraform block), read field by field so that every refusal names the
//! file, the item and the field as the source spells it.

use super::Rejected;
use crate::error::Error;
use crate::model::ExemptionCategory;
use crate::text::quote;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// An item in REST shape (`id`, `name`, `type`, `properties`).
pub(crate) struct Item<'a> {
    pub file: &'a str,
    /// Position among the file's items, from 1.
    pub row: u64,
    /// Where the item sits in the file, with a trailing `.`, or empty.
    pub path: String,
    pub value: &'a Value,
    /// Its display name or name, once known, for messages.
    pub name: Option<String>,
}

impl<'a> Item<'a> {
    pub fn new(file: &'a str, row: u64, path: String, value: &'a Value) -> Item<'a> {
        Item {
            file,
            row,
            path,
            value,
            name: None,
        }
    }

    /// The field's full name as the file spells it.
    pub fn field(&self, field: &str) -> String {
        format!("{}{field}", self.path)
    }

    /// A refusal of the whole import.
    pub fn error(&self, field: &str, message: impl std::fmt::Display) -> Error {
        let field = self.field(field);
        let who = match &self.name {
            Some(n) => format!("\"{}\": ", quote(n)),
            None => String::new(),
        };
        Error::input(
            self.file,
            Some(self.row),
            format!("{who}{field}: {message}"),
        )
        .at_field(&field)
    }

    /// Something that cannot be brought over, listed instead of dropped.
    pub fn reject(&self, field: &str, reason: impl Into<String>) -> Rejected {
        Rejected {
            file: self.file.to_string(),
            item: self.row,
            name: self.name.as_deref().map(quote),
            field: self.field(field),
            reason: reason.into(),
        }
    }

    /// The value at a dotted path; `null` counts as absent.
    pub fn get(&self, field: &str) -> Option<&'a Value> {
        let mut v = self.value;
        for part in field.split('.') {
            v = v.get(part)?;
        }
        (!v.is_null()).then_some(v)
    }

    pub fn text(&self, field: &str) -> Result<Option<&'a str>, Error> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.error(field, "must be a string")),
        }
    }

    pub fn required(&self, field: &str) -> Result<&'a str, Error> {
        match self.text(field)? {
            Some(s) if !s.trim().is_empty() => Ok(s),
            _ => Err(self.error(field, "is required")),
        }
    }

    pub fn strings(&self, field: &str) -> Result<Option<Vec<String>>, Error> {
        let Some(v) = self.get(field) else {
            return Ok(None);
        };
        let list = v
            .as_array()
            .and_then(|a| a.iter().map(|s| s.as_str().map(str::to_string)).collect());
        list.map(Some)
            .ok_or_else(|| self.error(field, "must be a list of strings"))
    }

    pub fn instant(&self, field: &str) -> Result<Option<DateTime<Utc>>, Error> {
        match self.text(field)? {
            None => Ok(None),
            Some(t) if t.trim().is_empty() => Ok(None),
            Some(t) => parse_instant(t)
                .map(Some)
                .ok_or_else(|| self.error(field, format!("`{}` is not a date and time", quote(t)))),
        }
    }

    pub fn category(&self, field: &str) -> Result<ExemptionCategory, Error> {
        let c = self.required(field)?;
        ExemptionCategory::parse(c)
            .ok_or_else(|| self.error(field, format!("`{}` is not Waiver or Mitigated", quote(c))))
    }

    /// A scope as an exemption can hold it: no trailing `/`, and one that
    /// names Defender resources.
    pub fn scope(&self, field: &str, scope: &str) -> Result<String, Error> {
        let trimmed = scope.trim_end_matches('/');
        let with_slash = if trimmed.starts_with('/') {
            trimmed.to_string()
        } else {
            format!("/{trimmed}")
        };
        match crate::exemption::scope_problem(&with_slash) {
            None => Ok(with_slash),
            Some(why) => Err(self.error(field, format!("`{}` {why}", quote(scope)))),
        }
    }
}

/// RFC 3339, a date and time without a zone (read as UTC, as Azure and
/// EPAC mean it), or a bare date (midnight UTC).
pub(crate) fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    // Completed to RFC 3339, whose reader the engine has anyway.
    let zoned =
        t.ends_with(['Z', 'z']) || t.get(19..).is_some_and(|tail| tail.contains(['+', '-']));
    let full = match t.len() {
        10 => format!("{t}T00:00:00Z"),
        _ if !zoned => format!("{t}Z"),
        _ => t.to_string(),
    };
    DateTime::parse_from_rfc3339(&full)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// The part of `id` before `/providers/<namespace>/<kind>/<name>` (the last
/// such segment pair, compared without case), which is the scope of an
/// extension resource.
pub(crate) fn scope_of<'s>(id: &'s str, namespace_kinds: &[&str]) -> Option<&'s str> {
    let folded = id.to_ascii_lowercase();
    let (at, _) = namespace_kinds
        .iter()
        .filter_map(|k| {
            folded
                .rfind(&format!("/{}/", k.to_ascii_lowercase()))
                .map(|i| (i, k))
        })
        .max_by_key(|(i, _)| *i)?;
    let before = &id[..at];
    // Some published examples leave out `/providers` before the namespace.
    let cut = before.len().saturating_sub("/providers".len());
    Some(match before.get(cut..) {
        Some(tail) if tail.eq_ignore_ascii_case("/providers") => &before[..cut],
        _ => before,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_in_every_form_azure_and_epac_write() {
        let t = |s| parse_instant(s).map(|d| d.to_rfc3339());
        assert_eq!(t("2027-03-31").unwrap(), "2027-03-31T00:00:00+00:00");
        assert_eq!(
            t("2022-05-01T19:50:47.083633Z").unwrap(),
            "2022-05-01T19:50:47.083633+00:00"
        );
        assert_eq!(
            t("2026-09-30T23:59:59").unwrap(),
            "2026-09-30T23:59:59+00:00"
        );
        assert!(t("tomorrow").is_none());
    }

    #[test]
    fn scopes_of_extension_resources_as_published() {
        let kinds = [
            "Microsoft.Security/standardAssignments",
            "Microsoft.Security/securityStandards",
        ];
        assert_eq!(
            scope_of("/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/virtualMachines/v/Microsoft.Security/standardAssignments/g", &kinds),
            Some("/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/virtualMachines/v")
        );
        assert_eq!(
            scope_of("/providers/Microsoft.Management/managementGroups/contoso/providers/Microsoft.Security/securityStandards/g", &kinds),
            Some("/providers/Microsoft.Management/managementGroups/contoso")
        );
        assert_eq!(
            scope_of(
                "subscriptions/s/providers/microsoft.security/standardassignments/g",
                &kinds
            ),
            Some("subscriptions/s")
        );
        assert_eq!(scope_of("/subscriptions/s", &kinds), None);
    }
}
