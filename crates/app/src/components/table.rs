//! A table that renders only the rows in view, for lists of any length.
//!
//! The parent owns the data and asks the worker for a window of rows around
//! what is in view; this component tells it which window (with room to
//! scroll either way before asking again) and places the rows it has at
//! their position, with spacer rows above and below sized through the
//! CSSOM (no inline style attributes, which a strict policy refuses).
//!
//! Each row is laid out as a grid of the table's column shares rather than
//! by the table algorithm, so that drawing or replacing rows lays out those
//! rows alone, not the whole table again. A table whose display changes can
//! lose its table semantics in some browsers, so every part says its role:
//! `role="row"` on rows, `columnheader`, `rowheader` and `cell` on cells.

use crate::components::defer::after_next_frame;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Rows asked for beyond the visible ones, on each side.
pub const OVERSCAN: usize = 4;

/// The height of every row, in pixels, as the style sheet draws it
/// (`table.grid.fixed tbody tr`): keep the two in step.
pub const ROW_HEIGHT: f64 = 52.0;

/// Rows added per frame when the table first shows or starts again (a new
/// filter or order): each frame lays out and paints a few rows, rather than
/// one frame the whole window.
pub const ROWS_PER_FRAME: usize = 5;

/// The scroller's greatest height, from the style sheet's `.table-scroll`
/// (`max-height: calc(100vh - 290px); min-height: 240px`, 1 px borders):
/// keep the two in step.
fn scroller_height(window_height: f64) -> f64 {
    (window_height - 290.0).max(240.0) - 2.0
}

fn rows_in(height: f64) -> usize {
    // At most a few thousand on any screen; the float is non-negative.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let rows = (height.max(0.0) / ROW_HEIGHT).ceil() as usize;
    rows + 1
}

/// Rows in view before the table has been laid out, judged from the
/// window's height (which forces no layout), so that the first window asked
/// for is as small as the screen allows and no larger.
fn rows_in_view() -> usize {
    let window_height = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0);
    rows_in(scroller_height(window_height))
}

/// A window of rows: `(offset, limit)`.
pub type Window = (usize, usize);

/// The window of rows a page asks for, starting with the
/// rows in view and those just below, and the callback a [`VirtualTable`]
/// moves it with.
#[hook]
pub fn use_row_window() -> (UseStateHandle<Window>, Callback<Window>) {
    let window = use_state(|| (0, rows_in_view() + OVERSCAN));
    let on_window = {
        let window = window.clone();
        use_callback((), move |w: Window, _| window.set(w))
    };
    (window, on_window)
}

#[derive(Properties, PartialEq)]
pub struct VirtualTableProps {
    /// The table's accessible name.
    pub label: AttrValue,
    /// The header row (`<tr role="row">` with `<th scope="col"
    /// role="columnheader">` cells).
    pub header: Html,
    /// Each column's share of the table's width, in percent.
    pub widths: &'static [u8],
    /// Rows in the whole (filtered) list.
    pub total: usize,
    /// Position of the first row given.
    pub offset: usize,
    /// The rows given (`<tr role="row">` each), in order from `offset`.
    pub rows: Vec<Html>,
    /// Asks for the window `(offset, limit)`.
    pub on_window: Callback<Window>,
    /// Scroll back to the top when this changes (a new filter).
    #[prop_or_default]
    pub reset: u64,
    /// Why the table is empty, said in its place when it is.
    #[prop_or_default]
    pub empty: Option<AttrValue>,
}

fn set_height(node: &NodeRef, px: f64) {
    if let Some(el) = node.cast::<web_sys::HtmlElement>() {
        let _ = el.style().set_property("height", &format!("{px}px"));
    }
}

#[function_component(VirtualTable)]
pub fn virtual_table(props: &VirtualTableProps) -> Html {
    let scroller = use_node_ref();
    let table = use_node_ref();
    let top = use_node_ref();
    let bottom = use_node_ref();
    // Equal views render nothing again: the scroll and resize handlers set
    // the view without first comparing it.
    let view = use_state_eq(|| (0usize, rows_in_view()));

    let count = props.rows.len();
    // How many of the rows given are drawn: a few more after each frame.
    let shown = use_state_eq(|| ROWS_PER_FRAME);
    {
        let shown = shown.clone();
        use_effect_with((*shown, count), move |&(now, count)| {
            let next =
                (now < count).then(|| after_next_frame(move || shown.set(now + ROWS_PER_FRAME)));
            move || drop(next)
        });
    }
    let drawn = count.min(*shown);
    // The columns, for every row's grid.
    {
        let table = table.clone();
        use_effect_with(props.widths, move |widths| {
            if let Some(el) = table.cast::<web_sys::HtmlElement>() {
                let shares: Vec<String> = widths.iter().map(|w| format!("{w}%")).collect();
                let _ = el.style().set_property("--columns", &shares.join(" "));
            }
        });
    }
    // Spacers: what lies above and below the rows drawn.
    {
        let (top, bottom) = (top.clone(), bottom.clone());
        let (offset, total) = (props.offset, props.total);
        use_effect_with((offset, drawn, total), move |&(offset, count, total)| {
            let above = offset.min(total);
            let below = total.saturating_sub(above + count);
            set_height(&top, above as f64 * ROW_HEIGHT);
            set_height(&bottom, below as f64 * ROW_HEIGHT);
        });
    }
    // A new filter starts at the top. Not on mount: the table already is at
    // the top, and setting the position forces a layout of the whole page
    // inside the task that mounts it.
    {
        let scroller = scroller.clone();
        let (view, shown) = (view.clone(), shown.clone());
        let seen = use_mut_ref(|| props.reset);
        use_effect_with(props.reset, move |&reset| {
            if *seen.borrow() != reset {
                *seen.borrow_mut() = reset;
                shown.set(ROWS_PER_FRAME);
                if let Some(el) = scroller.cast::<web_sys::Element>() {
                    el.set_scroll_top(0);
                }
                view.set((0, view.1));
            }
        });
    }
    // Ask for a new window when the view leaves the rows given.
    {
        let on_window = props.on_window.clone();
        let (offset, total) = (props.offset, props.total);
        use_effect_with(
            (*view, offset, count, total),
            move |((first, visible), offset, count, total)| {
                let wanted_end = (first + visible).min(*total);
                let have_end = offset + count;
                let missing = *first < *offset || wanted_end > have_end;
                if missing {
                    let start = first.saturating_sub(OVERSCAN);
                    on_window.emit((start, visible + 2 * OVERSCAN));
                }
            },
        );
    }
    // A window resized taller shows more rows. The observer reports after
    // layout, so reading the scroller's size there forces none.
    {
        let (scroller, view) = (scroller.clone(), view.clone());
        use_effect_with((), move |_| {
            let observer = scroller.cast::<web_sys::Element>().and_then(|el| {
                let on_resize = Closure::<dyn FnMut()>::new({
                    let el = el.clone();
                    move || view.set(in_view(&el))
                });
                let observer =
                    web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
                observer.observe(&el);
                Some((observer, on_resize))
            });
            move || {
                if let Some((observer, _keep_alive)) = observer {
                    observer.disconnect();
                }
            }
        });
    }
    let on_scroll = {
        let view = view.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                view.set(in_view(&el));
            }
        })
    };
    let spacer = |node: &NodeRef| {
        html! { <tr ref={node.clone()} aria-hidden="true" class="spacer"></tr> }
    };
    // A few rows take the room they need, not a frame's worth of blank.
    let class = classes!("table-scroll", (props.total < 5).then_some("short"));
    html! {
        <>
        <div {class} ref={scroller} onscroll={on_scroll} tabindex="0" aria-label={format!("{}, scrollable", props.label)}>
            <table ref={table} class="grid fixed" role="table" aria-label={props.label.clone()} aria-rowcount={(props.total + 1).to_string()}>
                <thead role="rowgroup">{ props.header.clone() }</thead>
                <tbody role="rowgroup">
                    { spacer(&top) }
                    // One fragment between the spacers, so that drawing
                    // more rows never turns a spacer into a row.
                    <>{ for props.rows[..drawn].iter().cloned() }</>
                    { spacer(&bottom) }
                </tbody>
            </table>
        </div>
        if props.total == 0 {
            if let Some(why) = &props.empty {
                <p class="muted table-empty" role="status">{ why.clone() }</p>
            }
        }
        </>
    }
}

/// The first row in view and how many rows the scroller shows.
fn in_view(el: &web_sys::Element) -> (usize, usize) {
    // Non-negative and bounded by the table's height in rows.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let first = (f64::from(el.scroll_top()) / ROW_HEIGHT).floor().max(0.0) as usize;
    (first, rows_in(f64::from(el.client_height())))
}

#[derive(Properties, PartialEq)]
pub struct TableWrapProps {
    /// Names the scrolling region.
    pub label: AttrValue,
    pub children: Html,
}

/// A table that scrolls sideways within itself on narrow screens (so the
/// page never does), reachable and scrollable from the keyboard.
#[function_component(TableWrap)]
pub fn table_wrap(props: &TableWrapProps) -> Html {
    html! {
        <div class="table-wrap" tabindex="0" role="region" aria-label={props.label.clone()}>
            { props.children.clone() }
        </div>
    }
}

/// How many of `total` items to render: all of them after a few frames, but
/// `chunk` more per frame, so that a long list never blocks the page in one
/// task. Starts again when `total` changes.
#[hook]
pub fn use_progressive(total: usize, chunk: usize) -> usize {
    let shown = use_state(|| chunk.min(total));
    {
        let shown = shown.clone();
        use_effect_with(total, move |&total| {
            shown.set(chunk.min(total));
        });
    }
    {
        let shown = shown.clone();
        use_effect_with((*shown, total), move |&(now, total)| {
            let timer = (now < total).then(|| {
                gloo_timers::callback::Timeout::new(0, move || shown.set((now + chunk).min(total)))
            });
            move || drop(timer)
        });
    }
    (*shown).min(total)
}
