//! The page's state and its one reducer. The page keeps view state only:
//! what the worker last said ([`Summary`]), what it is doing, the storage
//! status and the notices. Reducing is pure; effects in `app.rs` talk to the
//! worker and to storage.

use crate::protocol::{EnvironmentChoice, Summary};
use std::rc::Rc;
use yew::Reducible;

/// The worker's state.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum EngineStatus {
    /// Loading its wasm.
    #[default]
    Starting,
    /// Listening.
    Ready,
    /// Stopped; the page must be reloaded.
    Crashed(String),
}

/// Whether what the user does is kept.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum SaveStatus {
    /// Everything is stored (or nothing needs to be).
    #[default]
    Saved,
    /// A save is under way.
    Saving,
    /// The last save failed; changes are shown but not stored.
    Failed(String),
    /// Saving is stopped: stored text could not be kept aside, and writing
    /// would lose it. Until the user downloads it or overwrites it.
    Stopped(String),
    /// Storage cannot be used here at all.
    Unavailable(String),
    /// Storage is kept apart for this embedding (a third-party frame), so
    /// nothing is written: the host page owns the data.
    NotKept(String),
}

impl SaveStatus {
    /// Whether changes are currently not being kept.
    pub fn losing(&self) -> bool {
        matches!(
            self,
            SaveStatus::Failed(_)
                | SaveStatus::Stopped(_)
                | SaveStatus::Unavailable(_)
                | SaveStatus::NotKept(_)
        )
    }
}

/// Unreadable stored text, kept aside (or not).
#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    /// Why it could not be read.
    pub reason: String,
    /// The text, for the download link.
    pub raw: Rc<String>,
    /// The key it was copied to; `None` when it could not be copied.
    pub backup: Option<String>,
}

/// A short message after an action, with Undo after a deletion.
#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    /// What happened.
    pub message: String,
    /// Offer Undo.
    pub undo: bool,
    /// Tells successive toasts apart, so an old timer cannot dismiss a new one.
    pub token: u64,
}

/// Everything the page holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// The worker.
    pub engine: EngineStatus,
    /// What the worker last said.
    pub summary: Option<Rc<Summary>>,
    /// The environment chosen.
    pub environment: Option<EnvironmentChoice>,
    /// The environment the worker holds.
    pub opened: Option<EnvironmentChoice>,
    /// What opening is doing, while it does.
    pub opening: Option<String>,
    /// Whether changes are kept.
    pub save: SaveStatus,
    /// Some of the user's changes are sent to the worker and not yet in a
    /// state it reported.
    pub unsettled: bool,
    /// Unreadable stored text.
    pub recovered: Option<Recovered>,
    /// Dismissable notices.
    pub notices: Vec<String>,
    /// The latest toast.
    pub toast: Option<Toast>,
    /// Grows with every request to open an environment (again).
    pub open_generation: u64,
    /// Grows whenever the list of imported environments changes (here or
    /// in another tab).
    pub environments_revision: u64,
    /// This tab's id, once claimed: its drafts are kept under it.
    pub tab: Option<Rc<str>>,
    /// A wizard state another page started (Exempt on a recommendation),
    /// for the Create wizard to open with.
    pub prefill: Option<Rc<str>>,
    /// The name or e-mail recorded as requester and approver (typed in
    /// Settings, not authenticated).
    pub me: Option<Rc<str>>,
}

/// Everything that can happen to the page's state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The worker is listening.
    EngineReady,
    /// This tab's id is claimed.
    Tab(Rc<str>),
    /// Open the Create wizard with this state (its JSON), or forget it.
    Prefill(Option<Rc<str>>),
    /// The name recorded as requester and approver, as kept.
    Me(Option<Rc<str>>),
    /// The worker stopped.
    EngineCrashed(String),
    /// What a request that takes a while is doing.
    Progress(String),
    /// The worker's state after a change.
    State(Rc<Summary>),
    /// Whether the worker may not hold all of the user's changes yet.
    Unsettled(bool),
    /// The user (or another tab) chose an environment.
    Choose(EnvironmentChoice),
    /// The worker opened it.
    Opened(EnvironmentChoice),
    /// Opening failed.
    OpenFailed(String),
    /// Unreadable stored text was found (and kept aside, or not).
    Recovered(Recovered),
    /// The user accepts that unreadable text is written over.
    AllowOverwrite,
    /// A save started.
    Saving,
    /// The save finished; the message says what came in from other tabs.
    Saved(Option<String>),
    /// The save failed.
    SaveFailed(String),
    /// Storage cannot be used.
    Unavailable(String),
    /// Nothing is to be written here (an embedding with storage kept apart).
    NotKept(String),
    /// The worker shows an environment the host page sent.
    Hosted,
    /// The list of imported environments changed.
    EnvironmentsChanged,
    /// A dismissable notice.
    Notice(String),
    /// Hide notice `i`.
    Dismiss(usize),
    /// Show a toast.
    Toast(String, bool),
    /// A toast's time ran out.
    ExpireToast(u64),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::EngineReady => s.engine = EngineStatus::Ready,
            Action::Tab(id) => {
                if s.tab.as_ref() == Some(&id) {
                    return self;
                }
                s.tab = Some(id);
            }
            Action::Prefill(p) => {
                if s.prefill.is_none() && p.is_none() {
                    return self;
                }
                s.prefill = p;
            }
            Action::Me(name) => s.me = name,
            Action::EngineCrashed(why) => s.engine = EngineStatus::Crashed(why),
            Action::Progress(label) => {
                if s.opened != s.environment {
                    s.opening = Some(label);
                }
            }
            Action::State(summary) => {
                if !summary.status.dirty && s.save == SaveStatus::Saving {
                    s.save = SaveStatus::Saved;
                }
                s.summary = Some(summary);
            }
            Action::Unsettled(out) => {
                if s.unsettled == out {
                    return self;
                }
                s.unsettled = out;
            }
            Action::Choose(env) => {
                // Choosing the environment shown again returns from
                // exemptions kept in memory only to the stored ones.
                let memory_only = s.summary.as_ref().is_some_and(|x| x.status.held.is_some());
                if s.environment.as_ref() != Some(&env) || memory_only {
                    // What was said about the environment shown before
                    // ("imported and shown") is not about this one.
                    s.notices.clear();
                    s.environment = Some(env);
                    s.opened = None;
                    s.opening = Some("Loading the environment".into());
                    s.open_generation += 1;
                }
            }
            Action::Opened(env) => {
                if s.environment.as_ref() == Some(&env) {
                    s.opening = None;
                }
                s.opened = Some(env);
            }
            Action::OpenFailed(why) => {
                s.opening = None;
                s.notices
                    .push(format!("The environment could not be loaded: {why}"));
            }
            Action::Recovered(r) => {
                if r.backup.is_none() {
                    s.save = SaveStatus::Stopped(r.reason.clone());
                }
                s.recovered = Some(r);
            }
            Action::AllowOverwrite => {
                if let Some(r) = &mut s.recovered {
                    r.backup = Some(String::new());
                }
                if matches!(s.save, SaveStatus::Stopped(_)) {
                    s.save = SaveStatus::Saved;
                }
            }
            Action::Saving => {
                if !s.save.losing() {
                    s.save = SaveStatus::Saving;
                }
            }
            Action::Saved(note) => {
                s.save = SaveStatus::Saved;
                s.notices.extend(note);
            }
            Action::SaveFailed(why) => s.save = SaveStatus::Failed(why),
            Action::Unavailable(why) => {
                if !matches!(s.save, SaveStatus::NotKept(_)) {
                    s.save = SaveStatus::Unavailable(why);
                }
            }
            Action::NotKept(why) => s.save = SaveStatus::NotKept(why),
            Action::EnvironmentsChanged => s.environments_revision += 1,
            Action::Hosted => {
                s.environment = Some(EnvironmentChoice::Hosted);
                s.opened = Some(EnvironmentChoice::Hosted);
                s.opening = None;
            }
            Action::Notice(text) => {
                if !s.notices.contains(&text) {
                    s.notices.push(text);
                }
            }
            Action::Dismiss(i) => {
                if i < s.notices.len() {
                    s.notices.remove(i);
                }
            }
            Action::Toast(message, undo) => {
                let token = s.toast.as_ref().map_or(1, |t| t.token + 1);
                s.toast = Some(Toast {
                    message,
                    undo,
                    token,
                });
            }
            Action::ExpireToast(token) => {
                if s.toast.as_ref().is_some_and(|t| t.token == token) {
                    s.toast = None;
                }
            }
        }
        // An action that changed nothing keeps the state as it was: every
        // page reads it, and a new one would render them all again.
        if s == *self {
            self
        } else {
            Rc::new(s)
        }
    }
}

/// What the background review is doing, while it does. Apart from
/// [`AppState`], so that its progress renders the top bar's indicator and
/// no page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Review(pub Option<String>);

impl AppState {
    /// The revision queries follow.
    pub fn revision(&self) -> u64 {
        self.summary.as_ref().map_or(0, |s| s.status.revision)
    }

    /// Whether an environment is open and shown.
    pub fn ready(&self) -> bool {
        self.engine == EngineStatus::Ready
            && self.summary.is_some()
            && self.opened.is_some()
            && self.opened == self.environment
    }
}
