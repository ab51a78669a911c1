//! The app shell's effects, one hook each: the worker, opening, saving,
//! other tabs, and asking before the tab goes with a change unsaved. Each
//! only dispatches actions and talks to the worker or storage; the state
//! they change is the reducer's.

mod autosave;
mod cross_tab;
mod leave_guard;
mod open;
mod worker;

pub use autosave::use_autosave;
pub use cross_tab::use_cross_tab;
pub use leave_guard::use_leave_guard;
pub use open::use_open;
pub use worker::use_worker;
