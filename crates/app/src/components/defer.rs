//! Rendering in steps. A page that appears for the first time costs more
//! than its DOM: the browser compiles each wasm function the first time it
//! runs, on the page's thread, and then lays the page out and paints it.
//! Showing a part one task later splits the script; showing it after the
//! next frame also splits the layout and paint, so that no single task
//! keeps the page from answering for long.

use gloo_render::{request_animation_frame, AnimationFrame};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Work put off until later. Dropping it cancels it.
#[must_use]
pub enum Deferred {
    /// Waiting for the browser's next frame, then for a task of its own.
    Frame(AnimationFrame, Rc<RefCell<Option<Timeout>>>),
    /// Waiting for a task of its own.
    Task(Timeout),
}

/// Calls `f` in a task of its own.
fn next_task(f: impl FnOnce() + 'static) -> Deferred {
    Deferred::Task(Timeout::new(0, f))
}

/// Calls `f` in a task of its own after the browser has drawn its next
/// frame (in the next task in a hidden tab, which draws none).
pub fn after_next_frame(f: impl FnOnce() + 'static) -> Deferred {
    let hidden = web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden());
    if hidden {
        return next_task(f);
    }
    // A timer set in a frame's callback fires once that frame is painted.
    let slot = Rc::new(RefCell::new(None));
    let frame = request_animation_frame({
        let slot = slot.clone();
        move |_| *slot.borrow_mut() = Some(Timeout::new(0, f))
    });
    Deferred::Frame(frame, slot)
}

/// True once `on` has been true since `defer` called back; false in the
/// render where `on` turns true, and again as soon as `on` is false.
#[hook]
fn use_deferred_when(on: bool, defer: fn(Box<dyn FnOnce()>) -> Deferred) -> bool {
    let shown = use_state(|| false);
    {
        let shown = shown.clone();
        use_effect_with(on, move |&on| {
            if !on {
                shown.set(false);
            }
            let pending = on.then(|| defer(Box::new(move || shown.set(true))));
            move || drop(pending)
        });
    }
    on && *shown
}

/// True once `on` has been true since an earlier task.
#[hook]
pub fn use_next_task_when(on: bool) -> bool {
    use_deferred_when(on, next_task)
}

/// True once `on` has been true since the browser drew a frame.
#[hook]
fn use_after_frame_when(on: bool) -> bool {
    use_deferred_when(on, after_next_frame)
}

#[derive(Properties, PartialEq)]
pub struct LaterProps {
    pub children: Html,
    /// Shown until then.
    #[prop_or_default]
    pub fallback: Html,
    /// How many frames to wait: parts further down a page come later.
    #[prop_or(1)]
    pub frames: u8,
}

/// Its children, mounted after the frame that shows the rest of the page:
/// that frame lays out and paints the rest, the next one these.
#[function_component(Later)]
pub fn later(props: &LaterProps) -> Html {
    if !use_after_frame_when(true) {
        props.fallback.clone()
    } else if props.frames > 1 {
        html! {
            <Later frames={props.frames - 1} fallback={props.fallback.clone()}>
                { props.children.clone() }
            </Later>
        }
    } else {
        props.children.clone()
    }
}
