//! What every page reads: the state handle and the engine.

use crate::client::Engine;
use crate::protocol::ask::{self, Ask};
use crate::state::{Action, AppState};
use exempt_core::document::{Edit, EditOutcome};
use exempt_core::Error;
use yew::prelude::*;

/// Shared with every page through a context provider.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    /// The page's state, and `dispatch` for actions.
    pub state: UseReducerHandle<AppState>,
    /// The worker.
    pub engine: Engine,
}

impl Ctx {
    /// The definition files kept for exports (initiatives, assessment
    /// metadata), by name.
    pub fn definitions_kept(&self) -> Vec<String> {
        self.state
            .summary
            .as_ref()
            .map(|s| s.status.definitions.clone())
            .unwrap_or_default()
    }

    /// The revision queries follow.
    pub fn revision(&self) -> u64 {
        self.state.revision()
    }

    /// The revision that also follows the background review, for queries
    /// whose answers gain findings or each exemption's worth when it ends.
    pub fn review_revision(&self) -> u64 {
        let s = self.state.summary.as_deref();
        let findings = s.is_some_and(|s| s.status.findings_ready);
        let worth = s.is_some_and(|s| s.status.worth_ready);
        let problems = s.is_some_and(|s| s.status.problems_ready);
        self.revision() * 8 + u64::from(findings) + 2 * u64::from(worth) + 4 * u64::from(problems)
    }

    /// Whether the lifecycle findings are computed.
    pub fn findings_ready(&self) -> bool {
        self.state
            .summary
            .as_deref()
            .is_some_and(|s| s.status.findings_ready)
    }

    /// Whether the linter has run on the exemptions held.
    pub fn problems_ready(&self) -> bool {
        self.state
            .summary
            .as_deref()
            .is_some_and(|s| s.status.problems_ready)
    }

    /// Sends an edit; `then` hears what it did. A failure is shown as a
    /// notice when `then` does not take it.
    pub fn edit(&self, edit: Edit, then: impl FnOnce(Result<EditOutcome, Error>) + 'static) {
        self.change(ask::edit(edit), then);
    }

    /// Adopts the exemptions read for a comparison or an import: those
    /// named, or all.
    pub fn adopt(
        &self,
        names: Option<Vec<String>>,
        then: impl FnOnce(Result<EditOutcome, Error>) + 'static,
    ) {
        self.change(ask::adopt(names), then);
    }

    fn change(
        &self,
        ask: Ask<EditOutcome>,
        then: impl FnOnce(Result<EditOutcome, Error>) + 'static,
    ) {
        self.engine.0.ask(ask, then);
    }

    /// A toast, with Undo when `undo`.
    pub fn toast(&self, message: impl Into<String>, undo: bool) {
        self.state.dispatch(Action::Toast(message.into(), undo));
    }
}

/// The shared context; only available inside the app shell.
#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().expect("pages render inside the app's context provider")
}
