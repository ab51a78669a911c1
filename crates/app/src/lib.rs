//! The browser app: Defender for Cloud's Environment settings → Exemptions
//! experience, computed in the tab by `exempt-core`.
//!
//! State lives in one reducer (`state`), derived numbers in one memoised
//! analysis (`analysis`), and persistence in one module (`storage`) that is
//! the only code touching localStorage. Pages read all three through one
//! context (`context`). The Create wizard owns its own reducer (`wizard`),
//! whose transitions call the core's validation, and touches the app state
//! only on Create.

pub mod analysis;
mod app;
pub mod clock;
pub mod components;
pub mod context;
pub mod data;
mod pages;
pub mod route;
pub mod state;
pub mod storage;
pub mod wizard;

pub use app::App;
