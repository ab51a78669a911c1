//! Rendering in steps. A page that appears for the first time costs more
//! than its DOM: the browser compiles each wasm function the first time it
//! runs, on the page's thread. Showing a part one task later splits that
//! work, so that no single task keeps the page from answering for long.

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
                Some(gloo_timers::callback::Timeout::new(0, move || {
                    shown.set(true)
                }))
            } else {
                shown.set(false);
                None
            };
            move || drop(timer)
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
}

/// Its children, mounted one task after itself: the rest of a page shows
/// first, then these.
#[function_component(Later)]
pub fn later(props: &LaterProps) -> Html {
    if use_next_task_when(true) {
        props.children.clone()
    } else {
        props.fallback.clone()
    }
}
