//! The browser app: Defender for Cloud's Environment settings → Exemptions
//! experience, with the engine in a Web Worker.
//!
//! Two binaries share this library. The worker ([`worker`]) owns the core's
//! session and the stored documents in memory, and answers typed requests
//! ([`protocol`]). The page ([`app`]) keeps view state only: one reducer
//! ([`state`]), pages that ask the worker through [`client::use_query`], and
//! the only code that touches browser storage ([`storage`]), which reads
//! and writes under a lock the tabs share while the worker merges.

mod app;
pub mod client;
pub mod clock;
pub mod components;
pub mod context;
mod embed;
mod hooks;
mod in_flight;
pub mod nav;
mod pages;
mod persist;
pub mod protocol;
pub mod random;
pub mod route;
pub mod state;
pub mod storage;
pub mod wizard;
pub mod worker;

pub use app::App;
