//! The exemption engine of Exempt.
//!
//! Everything here is plain data and arithmetic, so the same code runs in the
//! `exempt` command-line tool and, compiled to wasm32, in the browser app's
//! worker and the JavaScript package. All three reach it through one owned
//! handle, [`Session`], which holds an environment and its exemptions and
//! answers every question, so they give the same answers.
//!
//! The main design choice is that matching never compares every assessment
//! with every exemption. An [`Environment`] interns every resource id into a
//! tree of path segments ([`scope`]), with management groups attached above
//! their subscriptions. Compiling exemptions hangs each one on the tree nodes
//! its scopes name, keyed by recommendation or category, and an assessment is
//! decided by looking up only the few nodes on its resource's path that carry
//! exemptions at all. The lifecycle review groups assessments by the set of
//! exemption slots that match them, so findings and each exemption's worth
//! cost as much as the evaluation, not assessments × exemptions. The
//! `reference` module (feature `reference`) holds the obvious all-pairs
//! version of the same rules; tests check the engine against it and
//! benchmarks measure the gap.
//!
//! Every count and position is stored in 32 bits and narrowed through one
//! checked function, so input beyond a limit is refused by name rather than
//! wrapping into a wrong answer.
#![deny(missing_docs)]
#![warn(clippy::cast_possible_truncation)]

mod builder;
pub mod catalogue;
#[cfg(feature = "demo")]
pub mod demo;
pub mod document;
mod encoding;
pub mod environment;
pub mod error;
mod evaluate;
pub mod evidence;
pub mod exemption;
pub mod explain;
mod fold;
pub mod formats;
pub mod ids;
pub mod input;
mod json;
pub mod lifecycle;
pub mod lint;
pub mod model;
#[cfg(feature = "reference")]
pub mod reference;
pub mod report;
pub mod scope;
pub mod score;
pub mod session;
mod stats;
#[cfg(feature = "synth")]
pub mod synth;
pub mod text;
pub mod vulnerabilities;
pub mod whatif;
pub mod workspace;

pub use builder::EnvironmentBuilder;
pub use builder::{AssessmentRow, Metadata, Origin, MAX_CONTROL_SCORE};
pub use environment::Environment;
pub use error::{Error, ErrorKind, Problem};
pub use evaluate::{Evaluation, ExemptionOutcome, MAX_EXEMPTIONS};
pub use exemption::{Exemption, ExemptionFile, Target};
pub use ids::*;
pub use model::{Cloud, ExemptionCategory, Status};
pub use report::Report;
pub use score::{Posture, Score, Tally};
pub use session::Session;
pub use stats::Counts;
pub use whatif::Impact;
pub use workspace::Workspace;
