//! The engine's worker: owns the session, answers the page's requests one at
//! a time, lets a newer read supersede a queued older one of its kind, and
//! runs the lifecycle review in the background between requests, a stage at
//! a time, so that the page always gets a prompt answer. After each request
//! and each answer the review rests a moment: the page is then busy (asking
//! while it draws a view, or rendering what it was told), and on a machine
//! with few cores it would otherwise share its core.

mod answer;
mod engine;
mod import;
mod stored;

use crate::protocol::{self, Answer, Envelope, Event, Reply, Request, ToPage};
pub use engine::{Engine, MAX_GENERATED};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

struct Worker {
    scope: DedicatedWorkerGlobalScope,
    engine: RefCell<Engine>,
    queue: RefCell<VecDeque<Envelope>>,
    scheduled: Cell<bool>,
    /// Set when a change has made the review stale.
    review_due: Cell<bool>,
    /// The review waits until then (ms since the epoch): the page is busy.
    quiet_until: Cell<f64>,
    /// A timer is set for the end of the rest.
    resting: Cell<bool>,
    /// The review's last reported stage and tenth, and when.
    reported: Cell<(&'static str, usize)>,
    reported_at: Cell<f64>,
    /// Files that came beside their requests, by request id.
    files: RefCell<std::collections::HashMap<u64, web_sys::Blob>>,
    /// The import under way, and environments kept but not yet opened.
    importing: RefCell<import::Importing>,
}

fn post(scope: &DedicatedWorkerGlobalScope, message: &ToPage) {
    let bytes = protocol::encode(message);
    let array = js_sys::Uint8Array::from(bytes.as_slice());
    let transfer = js_sys::Array::of1(&array.buffer());
    let _ = scope.post_message_with_transfer(&array, &transfer);
}

/// How long the review rests after a request, an answer or a new state:
/// about what the page takes to render and paint a view.
const PAGE_TURN_MS: f64 = 100.0;

/// The review's progress is said at most this often within a stage.
const PROGRESS_MS: f64 = 250.0;

impl Worker {
    fn post(&self, message: &ToPage) {
        if matches!(message, ToPage::Reply(_) | ToPage::Event(Event::State(_))) {
            self.hold_review();
        }
        post(&self.scope, message);
    }

    fn hold_review(&self) {
        self.quiet_until.set(js_sys::Date::now() + PAGE_TURN_MS);
    }

    /// Runs the next step when the review's rest is over.
    fn rest(self: &Rc<Self>, ms: f64) {
        if self.resting.replace(true) {
            return;
        }
        let me = self.clone();
        let run = Closure::once_into_js(move || {
            me.resting.set(false);
            me.schedule();
        });
        // Whole milliseconds, at least one and at most the rest itself.
        let delay = ms.ceil().clamp(1.0, PAGE_TURN_MS) as i32;
        let _ = self
            .scope
            .set_timeout_with_callback_and_timeout_and_arguments_0(run.unchecked_ref(), delay);
    }

    fn event(&self, event: Event) {
        self.post(&ToPage::Event(event));
    }

    fn receive(self: &Rc<Self>, envelope: Envelope) {
        // A request comes from a page that is busy: it is drawing a view or
        // answering its user. The review gives it the core for a moment.
        self.hold_review();
        let mut queue = self.queue.borrow_mut();
        if envelope.request.supersedes() {
            let mut kept = VecDeque::with_capacity(queue.len());
            for queued in queue.drain(..) {
                if queued.request.same_kind(&envelope.request) {
                    self.post(&ToPage::Reply(Reply {
                        id: queued.id,
                        answer: Ok(Answer::Superseded),
                    }));
                } else {
                    kept.push_back(queued);
                }
            }
            *queue = kept;
        }
        queue.push_back(envelope);
        drop(queue);
        self.schedule();
    }

    /// Runs the next piece of work in a task of its own, so that messages
    /// that arrived meanwhile are queued (and can supersede) first.
    fn schedule(self: &Rc<Self>) {
        if self.scheduled.replace(true) {
            return;
        }
        let me = self.clone();
        let run = Closure::once_into_js(move || me.step());
        let _ = self
            .scope
            .set_timeout_with_callback_and_timeout_and_arguments_0(run.unchecked_ref(), 0);
    }

    fn step(self: &Rc<Self>) {
        self.scheduled.set(false);
        let next = self.queue.borrow_mut().pop_front();
        match next {
            Some(envelope) => self.handle(envelope),
            None if self.review_due.get() => {
                let wait = self.quiet_until.get() - js_sys::Date::now();
                if wait > 0.0 {
                    return self.rest(wait);
                }
                let before = self.engine.borrow().summary();
                let step = self.engine.borrow_mut().review_step();
                match step {
                    Some((label, done, total)) => {
                        // Say so when the stage changes, and every tenth of
                        // it, but not more often than the page can show it
                        // without spending its time rendering progress.
                        let tenth = done * 10 / total.max(1);
                        let (stage, shown) = self.reported.get();
                        let now = js_sys::Date::now();
                        let due = stage != label
                            || (shown != tenth && now - self.reported_at.get() >= PROGRESS_MS);
                        if due {
                            self.reported.set((label, tenth));
                            self.reported_at.set(now);
                            self.event(Event::Progress {
                                id: 0,
                                label: label.to_string(),
                                done: u32::try_from(done).unwrap_or(u32::MAX),
                                total: u32::try_from(total).unwrap_or(u32::MAX),
                            });
                        }
                    }
                    None => self.review_due.set(false),
                }
                // A finished stage shows at once (flags, contributors).
                let after = self.engine.borrow().summary();
                let stages = |s: &crate::protocol::Summary| {
                    (
                        s.status.findings_ready,
                        s.status.worth_ready,
                        s.status.problems_ready,
                    )
                };
                if stages(&after) != stages(&before) {
                    self.event(Event::State(Box::new(after)));
                }
            }
            None => {}
        }
        if !self.queue.borrow().is_empty() || self.review_due.get() {
            self.schedule();
        }
    }

    fn handle(self: &Rc<Self>, envelope: Envelope) {
        let Envelope { id, request } = envelope;
        match &request {
            Request::Open { environment, .. } => {
                let environment = environment.clone();
                return self.open(id, environment, request);
            }
            Request::ImportBegin
            | Request::ImportFile(_)
            | Request::ImportFinish
            | Request::ImportCancel => {
                let answer = self.import(id, request);
                return self.post(&ToPage::Reply(Reply { id, answer }));
            }
            Request::ImportKeep(key) => return self.keep(id, key.clone()),
            Request::Forget(key) => return self.forget(id, key.clone()),
            _ => {}
        }
        self.answer(id, request);
    }

    /// Answers from the engine, and tells the page when the state changed.
    fn answer(self: &Rc<Self>, id: u64, request: Request) {
        let changes = request.changes_state();
        // Reading exemption files and exporting may keep other definition
        // files, which the pages name: the state changes, the document not.
        let kept = |engine: &RefCell<Engine>| engine.borrow().definitions_kept();
        let definitions = matches!(request, Request::ReadExemptions(_) | Request::Export(_))
            .then(|| kept(&self.engine));
        let answer = self.engine.borrow_mut().answer(request);
        self.post(&ToPage::Reply(Reply { id, answer }));
        if changes {
            self.review_due.set(true);
            self.event(Event::State(Box::new(self.engine.borrow().summary())));
        } else if definitions.is_some_and(|before| before != kept(&self.engine)) {
            self.event(Event::State(Box::new(self.engine.borrow().summary())));
        }
    }

    fn progress(&self, id: u64, label: &str, done: u32, total: u32) {
        self.event(Event::Progress {
            id,
            label: label.to_string(),
            done,
            total,
        });
    }
}

/// Starts listening; called by the worker binary.
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    {
        let scope = scope.clone();
        std::panic::set_hook(Box::new(move |info| {
            post(&scope, &ToPage::Event(Event::Crashed(info.to_string())));
        }));
    }
    let worker = Rc::new(Worker {
        scope: scope.clone(),
        engine: RefCell::new(Engine::default()),
        queue: RefCell::new(VecDeque::new()),
        scheduled: Cell::new(false),
        review_due: Cell::new(false),
        quiet_until: Cell::new(0.0),
        resting: Cell::new(false),
        reported: Cell::new(("", 0)),
        reported_at: Cell::new(0.0),
        files: RefCell::new(std::collections::HashMap::new()),
        importing: RefCell::new(import::Importing::default()),
    });
    let me = worker.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        // A request alone, or `[request, file]`.
        let data = event.data();
        let (message, file) = match data.dyn_ref::<js_sys::Array>() {
            Some(pair) => (pair.get(0), pair.get(1).dyn_into::<web_sys::Blob>().ok()),
            None => (data, None),
        };
        let bytes = js_sys::Uint8Array::new(&message).to_vec();
        match protocol::decode::<Envelope>(&bytes) {
            Ok(envelope) => {
                if let Some(file) = file {
                    me.files.borrow_mut().insert(envelope.id, file);
                }
                me.receive(envelope)
            }
            Err(e) => me.event(Event::Crashed(e)),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page: its handler is never dropped.
    on_message.forget();
    worker.event(Event::Ready);
}
