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

/// True once `on` has been true since an earlier task: false in the render
/// where `on` turns true, true from the next task on, false again as soon
/// as `on` is.
#[hook]
pub fn use_next_task_when(on: bool) -> bool {
    let shown = use_state(|| false);
    {
        let shown = shown.clone();
        use_effect_with(on, move |&on| {
            let timer = if on {
                Some(Timeout::new(0, move || shown.set(true)))
            } else {
                shown.set(false);
                None
            };
            move || drop(timer)
        });
    }
    on && *shown
}

/// Calls `f` in a task of its own after the browser has drawn its next
/// frame (right away in a hidden tab, which draws none). Dropping the
/// result cancels it.
#[must_use]
pub enum AfterFrame {
    Frame(AnimationFrame, Rc<RefCell<Option<Timeout>>>),
    Task(Timeout),
}

pub fn after_next_frame(f: impl FnOnce() + 'static) -> AfterFrame {
    let hidden = web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden());
    if hidden {
        return AfterFrame::Task(Timeout::new(0, f));
    }
    // A timer set in a frame's callback fires once that frame is painted.
    let slot = Rc::new(RefCell::new(None));
    let frame = request_animation_frame({
        let slot = slot.clone();
        move |_| *slot.borrow_mut() = Some(Timeout::new(0, f))
    });
    AfterFrame::Frame(frame, slot)
}

/// True once `on` has been true since the browser drew a frame; false
/// again as soon as `on` is.
#[hook]
pub fn use_after_frame_when(on: bool) -> bool {
    let shown = use_state(|| false);
    {
        let shown = shown.clone();
        use_effect_with(on, move |&on| {
            if !on {
                shown.set(false);
            }
            let pending = on.then(|| after_next_frame(move || shown.set(true)));
            move || drop(pending)
        });
    }
    on && *shown
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
