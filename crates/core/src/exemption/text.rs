//! An exemption carried inside another serialized value (a message between
//! the app's page and its worker, an edit in a test file) as its text in
//! the exemption file format: the one encoding that is validated field by
//! field, so a message cannot smuggle in an exemption that breaks a rule.

use super::Exemption;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};

/// Writes `e` as its JSON text.
pub fn serialize<S: Serializer>(e: &Exemption, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&e.to_value().to_string())
}

/// Reads an exemption from its JSON text, refusing one that breaks a rule
/// with every problem in the message.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Exemption, D::Error> {
    let text = String::deserialize(d)?;
    let value = crate::json::parse(&text).map_err(D::Error::custom)?;
    Exemption::from_value(1, &value).map_err(|problems| {
        D::Error::custom(
            problems
                .iter()
                .map(|p| format!("{}: {}", p.field, p.message))
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}
