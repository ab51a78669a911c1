//! A table that renders only the rows in view, for lists of any length.
//!
//! The parent owns the data and asks the worker for a window of rows around
//! what is in view; this component tells it which window (with room to
//! scroll either way before asking again) and places the rows it has at
//! their position, with spacer rows above and below sized through the
//! CSSOM (no inline style attributes, which a strict policy refuses).

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Rows asked for beyond the visible ones, on each side.
pub const OVERSCAN: usize = 4;

#[derive(Properties, PartialEq)]
pub struct VirtualTableProps {
    /// The table's accessible name.
    pub label: AttrValue,
    /// The header row (`<tr>` with `<th scope="col">` cells).
    pub header: Html,
    /// How many columns, for the spacer cells.
    pub columns: usize,
    /// Rows in the whole (filtered) list.
    pub total: usize,
    /// Position of the first row given.
    pub offset: usize,
    /// The rows given, in order from `offset`.
    pub rows: Html,
    /// How many rows are given.
    pub count: usize,
    /// The height of a row, in pixels (rows are styled to it).
    pub row_height: f64,
    /// Asks for the window `(offset, limit)`.
    pub on_window: Callback<(usize, usize)>,
    /// Scroll back to the top when this changes (a new filter).
    #[prop_or_default]
    pub reset: u64,
}

fn set_height(node: &NodeRef, px: f64) {
    if let Some(el) = node.cast::<web_sys::HtmlElement>() {
        let _ = el.style().set_property("height", &format!("{px}px"));
    }
}

#[function_component(VirtualTable)]
pub fn virtual_table(props: &VirtualTableProps) -> Html {
    let scroller = use_node_ref();
    let top = use_node_ref();
    let bottom = use_node_ref();
    let view = use_state(|| (0usize, 20usize));

    // Spacers: what lies above and below the rows given.
    {
        let (top, bottom) = (top.clone(), bottom.clone());
        let (offset, count, total, h) = (props.offset, props.count, props.total, props.row_height);
        use_effect_with((offset, count, total), move |_| {
            let above = offset.min(total);
            let below = total.saturating_sub(above + count);
            set_height(&top, above as f64 * h);
            set_height(&bottom, below as f64 * h);
        });
    }
    // A new filter starts at the top. Not on mount: the table already is at
    // the top, and setting the position forces a layout of the whole page
    // inside the task that mounts it.
    {
        let scroller = scroller.clone();
        let view = view.clone();
        let seen = use_mut_ref(|| props.reset);
        use_effect_with(props.reset, move |&reset| {
            if *seen.borrow() != reset {
                *seen.borrow_mut() = reset;
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
        let (offset, count, total) = (props.offset, props.count, props.total);
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
    let on_scroll = {
        let view = view.clone();
        let h = props.row_height;
        Callback::from(move |e: Event| {
            let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            let first = (f64::from(el.scroll_top()) / h).floor().max(0.0) as usize;
            let visible = (f64::from(el.client_height()) / h).ceil() as usize + 1;
            if *view != (first, visible) {
                view.set((first, visible));
            }
        })
    };
    let spacer = |node: &NodeRef| {
        html! { <tr ref={node.clone()} aria-hidden="true" class="spacer"><td colspan={props.columns.to_string()}></td></tr> }
    };
    html! {
        <div class="table-scroll" ref={scroller} onscroll={on_scroll} tabindex="0" aria-label={format!("{}, scrollable", props.label)}>
            <table class="grid fixed" aria-label={props.label.clone()} aria-rowcount={(props.total + 1).to_string()}>
                <thead>{ props.header.clone() }</thead>
                <tbody>
                    { spacer(&top) }
                    { props.rows.clone() }
                    { spacer(&bottom) }
                </tbody>
            </table>
        </div>
    }
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
