//! The app shell's effects, one hook each: the worker, opening, saving,
//! and other tabs. Each only dispatches actions and talks to the worker or
//! storage; the state they change is the reducer's.

mod autosave;
mod cross_tab;
mod open;
mod worker;

pub use autosave::use_autosave;
pub use cross_tab::use_cross_tab;
pub use open::use_open;
pub use worker::use_worker;
