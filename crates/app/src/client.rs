//! The page's side of the worker: starting it, asking it questions, and the
//! [`use_query`] hook with which pages ask and re-ask as things change.
//!
//! A query is re-sent when its request or the engine's revision changes;
//! the answer to an older send is ignored when a newer one is out, and the
//! worker drops queued older reads of the same kind. After 300 ms without an
//! answer the hook says so, and the page shows progress.

use crate::in_flight::InFlight;
use crate::protocol::ask::{Ask, FromAnswer};
use crate::protocol::{self, Answer, Envelope, Event, Request, ToPage};
use exempt_core::Error;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::MessageEvent;
use yew::prelude::*;
use yew::Reducible;

/// After this long without an answer, a query says it is slow.
pub const SLOW_MS: u32 = 300;

type Waiting = HashMap<u64, Box<dyn FnOnce(Result<Answer, Error>)>>;

/// A running worker.
pub struct EngineClient {
    worker: web_sys::Worker,
    next: Cell<u64>,
    waiting: RefCell<Waiting>,
    /// The user's changes not yet in a state the worker reported.
    in_flight: RefCell<InFlight>,
    /// Hears whether there are any, when that changes.
    on_unsettled: Callback<bool>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

impl EngineClient {
    /// Starts the worker (its loader sits beside the page); `on_event`
    /// hears what it says unasked, `on_unsettled` whether it may not hold
    /// all of the user's changes yet.
    pub fn start(
        on_event: Callback<Event>,
        on_unsettled: Callback<bool>,
    ) -> Result<Rc<EngineClient>, String> {
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Classic);
        let worker = web_sys::Worker::new_with_options("./worker-loader.js", &options)
            .map_err(|e| format!("the engine's worker could not start: {e:?}"))?;
        let client = Rc::new_cyclic(|me: &std::rc::Weak<EngineClient>| {
            let weak = me.clone();
            let me = me.clone();
            let events = on_event.clone();
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
                let Some(me) = me.upgrade() else {
                    return;
                };
                match protocol::decode::<ToPage>(&bytes) {
                    Ok(ToPage::Reply(reply)) => {
                        me.settle(|f| f.answered(reply.id));
                        let waiter = me.waiting.borrow_mut().remove(&reply.id);
                        if let Some(then) = waiter {
                            then(reply.answer);
                        }
                    }
                    Ok(ToPage::Event(event)) => {
                        let settles: Option<fn(&mut InFlight)> = match event {
                            Event::State(_) => Some(InFlight::state_reported),
                            Event::Crashed(_) => Some(InFlight::stopped),
                            _ => None,
                        };
                        // The state first: the page holds the worker's
                        // word on unsaved changes before the count drops.
                        events.emit(event);
                        if let Some(settle) = settles {
                            me.settle(settle);
                        }
                    }
                    Err(e) => {
                        events.emit(Event::Crashed(e));
                        me.settle(InFlight::stopped);
                    }
                }
            });
            let crashed = on_event.clone();
            let on_error =
                Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
                    crashed.emit(Event::Crashed(e.message()));
                    if let Some(me) = weak.upgrade() {
                        me.settle(InFlight::stopped);
                    }
                });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            EngineClient {
                worker: worker.clone(),
                next: Cell::new(1),
                waiting: RefCell::new(HashMap::new()),
                in_flight: RefCell::new(InFlight::default()),
                on_unsettled,
                _on_message: on_message,
                _on_error: on_error,
            }
        });
        Ok(client)
    }

    /// Sends `ask`; `then` gets its answer. Returns the request's id.
    pub fn ask<A: FromAnswer>(
        &self,
        ask: Ask<A>,
        then: impl FnOnce(Result<A, Error>) + 'static,
    ) -> u64 {
        self.send(ask.request, None, move |answer| then(typed(answer)))
    }

    fn send(
        &self,
        request: Request,
        file: Option<web_sys::Blob>,
        then: impl FnOnce(Result<Answer, Error>) + 'static,
    ) -> u64 {
        let id = self.next.get();
        self.next.set(id + 1);
        self.waiting.borrow_mut().insert(id, Box::new(then));
        if request.is_user_change() {
            self.settle(|f| f.sent(id));
        }
        let bytes = protocol::encode(&Envelope { id, request });
        let array = js_sys::Uint8Array::from(bytes.as_slice());
        let transfer = js_sys::Array::of1(&array.buffer());
        let message: JsValue = match file {
            // A file goes as a handle: the worker reads it, so that its
            // bytes never pass through the page's thread.
            Some(file) => js_sys::Array::of2(&array, &file).into(),
            None => array.into(),
        };
        if self
            .worker
            .post_message_with_transfer(&message, &transfer)
            .is_err()
        {
            self.settle(|f| f.not_sent(id));
            if let Some(then) = self.waiting.borrow_mut().remove(&id) {
                then(Err(Error::not_found("the engine's worker is not running")));
            }
        }
        id
    }

    /// Applies `change` to the changes out, and says whether there are
    /// any when that changed.
    fn settle(&self, change: impl FnOnce(&mut InFlight)) {
        let (before, after) = {
            let mut f = self.in_flight.borrow_mut();
            let before = f.count() > 0;
            change(&mut f);
            (before, f.count() > 0)
        };
        if before != after {
            self.on_unsettled.emit(after);
        }
    }

    /// Sends `ask` and waits for its answer.
    pub async fn get<A: FromAnswer>(&self, ask: Ask<A>) -> Result<A, Error> {
        self.get_with(ask, None).await
    }

    /// Sends `ask`, with a file beside it when given, and waits for its
    /// answer.
    pub async fn get_with<A: FromAnswer>(
        &self,
        ask: Ask<A>,
        file: Option<web_sys::Blob>,
    ) -> Result<A, Error> {
        let (tx, rx) = futures_channel::oneshot::channel();
        self.send(ask.request, file, move |answer| {
            let _ = tx.send(answer);
        });
        typed(
            rx.await
                .unwrap_or_else(|_| Err(Error::not_found("the engine's worker stopped"))),
        )
    }
}

/// The answer as the type its request names.
fn typed<A: FromAnswer>(answer: Result<Answer, Error>) -> Result<A, Error> {
    A::from_answer(answer?).ok_or_else(|| Error::not_found("the engine answered out of turn"))
}

impl Drop for EngineClient {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The worker, shared with every component.
#[derive(Clone)]
pub struct Engine(pub Rc<EngineClient>);

impl PartialEq for Engine {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The state of one query.
#[derive(Debug)]
pub struct Query<T> {
    /// The latest answer (kept while a newer one is on its way).
    pub data: Option<Rc<T>>,
    /// A request is out.
    pub loading: bool,
    /// It has been out for more than [`SLOW_MS`].
    pub slow: bool,
    /// Why the latest request failed.
    pub error: Option<Error>,
    /// How many answers have come in, so that a measurement can tell an
    /// answer arrived even when it changed nothing on screen.
    pub answers: u64,
}

impl<T> Clone for Query<T> {
    fn clone(&self) -> Self {
        Query {
            data: self.data.clone(),
            loading: self.loading,
            slow: self.slow,
            error: self.error.clone(),
            answers: self.answers,
        }
    }
}

impl<T> Default for Query<T> {
    fn default() -> Self {
        Query {
            data: None,
            loading: false,
            slow: false,
            error: None,
            answers: 0,
        }
    }
}

/// What happens to a query's state. Each is applied to the state as it is
/// when it happens (a reducer), never to a copy taken earlier: a late timer
/// or answer must not roll the state back.
enum QueryEvent<T> {
    /// A request went out.
    Sent,
    /// The request `id` is still out after [`SLOW_MS`].
    Slow(u64),
    /// An answer came in.
    Answered(Result<T, Error>),
}

struct QueryCell<T> {
    query: Query<T>,
    /// The request in flight.
    out: u64,
}

impl<T> Default for QueryCell<T> {
    fn default() -> Self {
        QueryCell {
            query: Query::default(),
            out: 0,
        }
    }
}

impl<T: 'static> Reducible for QueryCell<T> {
    type Action = (u64, QueryEvent<T>);

    fn reduce(self: Rc<Self>, (id, event): (u64, QueryEvent<T>)) -> Rc<Self> {
        let mut q = self.query.clone();
        let mut out = self.out;
        match event {
            QueryEvent::Sent => {
                q.loading = true;
                out = id;
            }
            QueryEvent::Slow(sent) => {
                if sent != out || !q.loading {
                    return self;
                }
                q.slow = true;
            }
            QueryEvent::Answered(result) => {
                q.loading = false;
                q.slow = false;
                q.answers += 1;
                match result {
                    Ok(data) => {
                        q.data = Some(Rc::new(data));
                        q.error = None;
                    }
                    Err(e) => q.error = Some(e),
                }
            }
        }
        Rc::new(QueryCell { query: q, out })
    }
}

/// Asks `ask` (nothing when `None`) whenever it or `revision` changes, and
/// keeps the latest answer.
#[hook]
pub fn use_query<T>(ask: Option<Ask<T>>, revision: u64) -> Query<T>
where
    T: FromAnswer + 'static,
{
    let engine = use_context::<Engine>().expect("pages render inside the engine's provider");
    let cell = use_reducer(QueryCell::<T>::default);
    let latest = use_mut_ref(|| 0u64);
    {
        let cell = cell.clone();
        let latest = latest.clone();
        use_effect_with((ask, revision), move |(ask, _)| {
            let mut timer = None;
            if let Some(ask) = ask.clone() {
                let answered = cell.clone();
                let mine = latest.clone();
                let this = Rc::new(Cell::new(0u64));
                let me = this.clone();
                let id = engine.0.send(ask.request, None, move |answer| {
                    // Only the latest send's answer counts; a superseded one
                    // carries nothing.
                    if *mine.borrow() != me.get() || matches!(answer, Ok(Answer::Superseded)) {
                        return;
                    }
                    answered.dispatch((me.get(), QueryEvent::Answered(typed(answer))));
                });
                // Answers come in a later task, so the id is known by then.
                this.set(id);
                *latest.borrow_mut() = id;
                cell.dispatch((id, QueryEvent::Sent));
                let slow = cell.clone();
                timer = Some(gloo_timers::callback::Timeout::new(SLOW_MS, move || {
                    slow.dispatch((id, QueryEvent::Slow(id)))
                }));
            }
            move || drop(timer)
        });
    }
    cell.query.clone()
}
