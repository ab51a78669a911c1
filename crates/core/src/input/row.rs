//! The fields of every row kind the reader uses, read in one pass.
//!
//! Rows of many kinds share a file (a Resource Graph table holds alerts,
//! pricings and sub-assessments beside assessments), and a field's shape
//! differs between kinds: an alert's `properties.status` is a string, an
//! assessment's an object. Every field is therefore [`Lenient`]: a value of
//! another shape reads as absent instead of failing the row, and the kind's
//! own checks then say what is missing. Strings are borrowed from the text
//! where JSON allows, because parsing is most of the cost on large exports.

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// A string borrowed from the text when JSON allows (no escapes).
#[derive(Debug)]
pub(super) struct Str<'a>(pub Cow<'a, str>);

impl AsRef<str> for Str<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A field read if it has the expected shape, and absent otherwise.
#[derive(Debug)]
pub(super) struct Lenient<T>(pub Option<T>);

impl<T> Default for Lenient<T> {
    fn default() -> Self {
        Lenient(None)
    }
}

impl<T> Lenient<T> {
    pub fn get(&self) -> Option<&T> {
        self.0.as_ref()
    }
}

/// What a lenient field makes of each JSON shape: absent, unless it says
/// otherwise. Maps and lists of other shapes are read to their end, since
/// a streamed value cannot be left half read.
pub(super) trait Shape<'de>: Sized {
    fn from_str(_: Cow<'de, str>) -> Option<Self> {
        None
    }
    fn from_number(_: f64) -> Option<Self> {
        None
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn from_seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Option<Self>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

struct ShapeVisitor<T>(PhantomData<T>);

impl<'de, T: Shape<'de>> Visitor<'de> for ShapeVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(T::from_str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(T::from_str(Cow::Owned(v.to_string())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(T::from_str(Cow::Owned(v)))
    }
    #[allow(clippy::cast_precision_loss)]
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(T::from_number(v as f64))
    }
    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(T::from_number(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(T::from_number(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(T::from_bool(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::from_map(map)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::from_seq(seq)
    }
}

impl<'de, T: Shape<'de>> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ShapeVisitor(PhantomData)).map(Lenient)
    }
}

impl<'de: 'a, 'a> Shape<'de> for Str<'a> {
    fn from_str(v: Cow<'de, str>) -> Option<Self> {
        Some(Str(v))
    }
}

impl Shape<'_> for f64 {
    fn from_number(v: f64) -> Option<Self> {
        Some(v)
    }
}

/// Counts: whole numbers that fit 32 bits, else absent.
impl Shape<'_> for u32 {
    fn from_number(v: f64) -> Option<Self> {
        (v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v)).then(|| {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let n = v as u32;
            n
        })
    }
}

impl Shape<'_> for bool {
    fn from_bool(v: bool) -> Option<Self> {
        Some(v)
    }
}

/// Objects read into structs whose fields are all lenient, so reading one
/// cannot fail on shapes.
macro_rules! object {
    ($($t:ident),*) => {$(
        impl<'de: 'a, 'a> Shape<'de> for $t<'a> {
            fn from_map<A: MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error> {
                $t::deserialize(MapAccessDeserializer::new(map)).map(Some)
            }
        }
    )*};
}

object!(
    Properties,
    ResourceDetails,
    StatusField,
    RowMetadata,
    GroupDetails,
    Named,
    Child,
    Definition
);

impl<'de> Shape<'de> for ScoreField {
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error> {
        ScoreField::deserialize(MapAccessDeserializer::new(map)).map(Some)
    }
}

/// Sub-assessments' `additionalData`, whose shape differs by scanner, read
/// whole.
impl<'de> Shape<'de> for serde_json::Value {
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error> {
        serde_json::Value::deserialize(MapAccessDeserializer::new(map)).map(Some)
    }
}

impl<'de, T: Shape<'de>> Shape<'de> for Box<T> {
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error> {
        Ok(T::from_map(map)?.map(Box::new))
    }
}

/// A list of lenient elements.
impl<'de, T: Shape<'de>> Shape<'de> for Vec<Lenient<T>> {
    fn from_seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Option<Self>, A::Error> {
        let mut out = Vec::new();
        while let Some(item) = seq.next_element::<Lenient<T>>()? {
            out.push(item);
        }
        Ok(Some(out))
    }
}

type L<T> = Lenient<T>;

/// One row, of any kind.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Row<'a> {
    #[serde(borrow)]
    pub id: L<Str<'a>>,
    #[serde(borrow)]
    pub name: L<Str<'a>>,
    #[serde(rename = "type", borrow)]
    pub kind: L<Str<'a>>,
    /// Resource Graph and `GET /subscriptions`.
    #[serde(rename = "subscriptionId", borrow)]
    pub subscription_id: L<Str<'a>>,
    /// `GET /subscriptions`.
    #[serde(rename = "displayName", borrow)]
    pub display_name: L<Str<'a>>,
    /// `az account list`.
    #[serde(rename = "cloudName", borrow)]
    pub cloud_name: L<Str<'a>>,
    /// `az account list` and `az account show`.
    #[serde(rename = "homeTenantId", borrow)]
    pub home_tenant_id: L<Str<'a>>,
    /// The project's own exemption file, given as data by mistake.
    pub exemptions: Option<IgnoredAny>,
    #[serde(borrow)]
    pub properties: L<Properties<'a>>,
}

/// `properties` of every kind read.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Properties<'a> {
    #[serde(borrow)]
    pub display_name: L<Str<'a>>,
    // Sub-assessments: the vulnerability's id and the scanner's fields.
    #[serde(borrow)]
    pub id: L<Str<'a>>,
    pub additional_data: L<serde_json::Value>,
    // Assessments.
    #[serde(borrow)]
    pub resource_details: L<ResourceDetails<'a>>,
    #[serde(borrow)]
    pub status: L<StatusField<'a>>,
    #[serde(borrow)]
    pub metadata: L<RowMetadata<'a>>,
    // Assessment metadata rows (the same fields as `metadata`).
    #[serde(borrow)]
    pub severity: L<Str<'a>>,
    #[serde(borrow)]
    pub categories: L<Vec<L<Str<'a>>>>,
    pub preview: L<bool>,
    #[serde(borrow)]
    pub policy_definition_id: L<Str<'a>>,
    // Management groups and subscriptions.
    #[serde(borrow)]
    pub details: L<GroupDetails<'a>>,
    #[serde(borrow)]
    pub management_group_ancestors_chain: L<Vec<L<Named<'a>>>>,
    #[serde(borrow)]
    pub parent: L<Named<'a>>,
    #[serde(borrow)]
    pub children: L<Vec<L<Child<'a>>>>,
    // Control definitions.
    pub max_score: L<f64>,
    #[serde(borrow)]
    pub assessment_definitions: L<Vec<L<Named<'a>>>>,
    // Secure scores and control scores.
    pub score: L<ScoreField>,
    pub healthy_resource_count: L<u32>,
    pub unhealthy_resource_count: L<u32>,
    pub not_applicable_resource_count: L<u32>,
    #[serde(borrow)]
    pub definition: L<Box<Definition<'a>>>,
    // Security connectors.
    #[serde(borrow)]
    pub environment_name: L<Str<'a>>,
    #[serde(borrow)]
    pub hierarchy_identifier: L<Str<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ResourceDetails<'a> {
    #[serde(rename = "Source", alias = "source", borrow)]
    pub source: L<Str<'a>>,
    #[serde(rename = "Id", alias = "id", borrow)]
    pub id: L<Str<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct StatusField<'a> {
    #[serde(borrow)]
    pub code: L<Str<'a>>,
    #[serde(borrow)]
    pub cause: L<Str<'a>>,
    /// Sub-assessments.
    #[serde(borrow)]
    pub severity: L<Str<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct RowMetadata<'a> {
    #[serde(borrow)]
    pub display_name: L<Str<'a>>,
    #[serde(borrow)]
    pub severity: L<Str<'a>>,
    #[serde(borrow)]
    pub categories: L<Vec<L<Str<'a>>>>,
    /// The finer category individual recommendations carry (for example
    /// `SoftwareUpdate`), which Defender's exemption and governance rules
    /// target; not in the REST specs, seen in Microsoft's release notes'
    /// Resource Graph queries.
    #[serde(borrow)]
    pub recommendation_category: L<Str<'a>>,
    pub preview: L<bool>,
    #[serde(borrow)]
    pub policy_definition_id: L<Str<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct GroupDetails<'a> {
    #[serde(borrow)]
    pub parent: L<Named<'a>>,
    #[serde(borrow)]
    pub management_group_ancestors_chain: L<Vec<L<Named<'a>>>>,
    /// `$expand=path`: root first.
    #[serde(borrow)]
    pub path: L<Vec<L<Named<'a>>>>,
}

/// A reference to a group, subscription or definition.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Named<'a> {
    #[serde(borrow)]
    pub id: L<Str<'a>>,
    #[serde(borrow)]
    pub name: L<Str<'a>>,
    #[serde(borrow)]
    pub display_name: L<Str<'a>>,
}

/// A child in `$expand=children` (nested with `$recurse=true`).
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Child<'a> {
    #[serde(borrow)]
    pub id: L<Str<'a>>,
    #[serde(rename = "type", borrow)]
    pub kind: L<Str<'a>>,
    #[serde(borrow)]
    pub name: L<Str<'a>>,
    #[serde(borrow)]
    pub display_name: L<Str<'a>>,
    #[serde(borrow)]
    pub children: L<Vec<L<Child<'a>>>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ScoreField {
    pub max: L<f64>,
    pub current: L<f64>,
    pub percentage: L<f64>,
}

/// `properties.definition` of a control score (`$expand=definition`).
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Definition<'a> {
    #[serde(borrow)]
    pub name: L<Str<'a>>,
    #[serde(borrow)]
    pub properties: L<Properties<'a>>,
}

/// The text of a lenient string field.
pub(super) fn text<'s>(field: &'s L<Str<'_>>) -> Option<&'s str> {
    field.get().map(|s| s.as_ref())
}

/// The texts of a lenient list of strings, skipping other values.
pub(super) fn texts<'s>(field: &'s L<Vec<L<Str<'_>>>>) -> impl Iterator<Item = &'s str> {
    field.get().into_iter().flatten().filter_map(text)
}
