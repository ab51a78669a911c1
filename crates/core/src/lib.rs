//! The exemption engine of Exempt.
//!
//! Everything here is plain data and arithmetic, so the same code runs in the
//! `exempt` command-line tool and, compiled to wasm32, in the browser app.
//!
//! The main design choice is that matching never compares every assessment
//! with every exemption. An [`Environment`] interns every resource id into a
//! tree of path segments ([`scope`]), with management groups attached above
//! their subscriptions. Compiling exemptions ([`evaluate`]) hangs each one on
//! the tree nodes its scopes name, keyed by recommendation or category, and an
//! assessment is decided by looking up only the few nodes on its resource's
//! path that carry exemptions at all. The [`reference`] module holds the
//! obvious all-pairs version of the same rules; tests check the fast engine
//! against it and benchmarks measure the gap.
//!
//! The secure score follows Microsoft's classic model ([`score`]), and
//! [`whatif`] measures a draft exemption's added effect by revisiting only the
//! resources its scopes cover.
#![deny(missing_docs)]

mod builder;
#[cfg(feature = "demo")]
pub mod demo;
pub mod document;
pub mod environment;
pub mod error;
pub mod evaluate;
pub mod exemption;
pub mod explain;
mod fold;
pub mod input;
pub mod lifecycle;
pub mod model;
pub mod reference;
pub mod report;
pub mod scope;
pub mod score;
pub mod stats;
pub mod synth;
pub mod whatif;

pub use builder::{AssessmentRow, Metadata, Origin};
pub use environment::{Environment, EnvironmentBuilder};
pub use error::{LoadError, Problem};
pub use evaluate::{applications, evaluate, Applications, Evaluation};
pub use exemption::{Exemption, ExemptionFile, Target};
pub use model::{Cloud, ExemptionCategory, Status};
pub use report::Report;
pub use score::{Posture, Score};
pub use whatif::{what_if, Impact};
