//! What every page reads: the state handle, the environment and the analysis.

use crate::analysis::Analysis;
use crate::data::World;
use crate::state::AppState;
use std::rc::Rc;
use yew::prelude::*;

/// Shared with every page through a context provider.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    /// The state, and `dispatch` for actions.
    pub state: UseReducerHandle<AppState>,
    /// The environment shown.
    pub world: Rc<World>,
    /// The current exemptions' effect.
    pub analysis: Rc<Analysis>,
}

/// The shared context; only available inside the app shell.
#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().expect("pages render inside the app's context provider")
}
