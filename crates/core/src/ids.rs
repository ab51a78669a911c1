//! Typed positions: which assessment, resource, recommendation or exemption a
//! number stands for.
//!
//! The engine stores everything in dense arrays, and a bare `usize` says
//! nothing about which array it indexes. These types do, and they can only be
//! made by the environment (or the session) that holds the data, or checked
//! against it with the `*_ix` lookups, so a number from another environment or
//! from a message cannot be used by mistake.

use crate::error::Error;
use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub(crate) u32);

        // Not every kind of id needs every constructor.
        #[allow(dead_code)]
        impl $name {
            /// The position in its list.
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The id at position `i` of a list of `len`, if there is one.
            pub(crate) fn checked(i: usize, len: usize) -> Option<Self> {
                if i < len {
                    u32::try_from(i).ok().map($name)
                } else {
                    None
                }
            }

            /// Position `i`, known to fit because the list's length was
            /// checked against [`MAX_ITEMS`] when it was built.
            pub(crate) fn at(i: usize) -> Self {
                $name(u32::try_from(i).expect(concat!($what, " positions are checked when the list is built")))
            }

            /// Refuses a position outside a list of `len`.
            pub(crate) fn check(self, len: usize) -> Result<Self, Error> {
                if self.index() < len {
                    Ok(self)
                } else {
                    Err(Error::not_found(format!("there is no {} number {}", $what, self.0)))
                }
            }
        }
    };
}

typed_id!(
    /// An assessment: one row of the assessments input.
    AssessmentIx, "assessment"
);
typed_id!(
    /// A distinct resource named by assessments.
    ResourceIx, "resource"
);
typed_id!(
    /// A recommendation: the assessments of one assessment key.
    RecommendationIx, "recommendation"
);
typed_id!(
    /// A recommendation category, such as `Compute`.
    CategoryIx, "category"
);
typed_id!(
    /// A security control definition.
    ControlIx, "control"
);
typed_id!(
    /// A scoring unit: a subscription, or a security connector.
    UnitIx, "scoring unit"
);
typed_id!(
    /// A subscription.
    SubscriptionIx, "subscription"
);
typed_id!(
    /// A management group.
    GroupIx, "management group"
);
typed_id!(
    /// An exemption's position in the list, which also decides ties.
    ExemptionIx, "exemption"
);

/// The most items of one kind a list may hold: positions are stored in 32
/// bits, and the largest value marks "none".
pub const MAX_ITEMS: usize = (u32::MAX - 1) as usize;

/// A count as 32 bits, or an error naming what overflowed. Used wherever a
/// position or count is narrowed, so nothing wraps silently.
pub(crate) fn narrow(n: usize, what: &str) -> Result<u32, Error> {
    if n <= MAX_ITEMS {
        u32::try_from(n).map_err(|_| Error::limit(what, MAX_ITEMS))
    } else {
        Err(Error::limit(what, MAX_ITEMS))
    }
}
