//! The windowed table in a real headless Chromium: it draws the rows it is
//! given a few per frame, each at its own height, and its scroll height never
//! changes meanwhile.
#![cfg(target_arch = "wasm32")]

use exempt_app::components::table::{VirtualTable, VirtualTableProps, ROWS_PER_FRAME};
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A root with the app's row geometry: rows and spacers are sized in
/// pixels, so the scroll height says where every row would be.
fn mount() -> Element {
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some(
        ".table-scroll { height: 300px; overflow: auto; } \
         .table-scroll table, .table-scroll thead, .table-scroll tbody { display: block; } \
         .table-scroll tr { display: grid; height: 52px; } \
         .table-scroll tr.spacer { display: block; height: auto; }",
    ));
    document().head().unwrap().append_child(&style).unwrap();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

fn props(total: usize, given: usize, reset: u64) -> VirtualTableProps {
    VirtualTableProps {
        label: "Things".into(),
        header: html! { <tr role="row"><th scope="col" role="columnheader">{ "Name" }</th></tr> },
        widths: &[100],
        total,
        offset: 0,
        rows: (0..given)
            .map(|i| html! { <tr role="row"><td role="cell">{ format!("row {i}") }</td></tr> })
            .collect(),
        on_window: Callback::noop(),
        reset,
        empty: None,
    }
}

fn drawn(root: &Element) -> u32 {
    root.query_selector_all("tbody tr:not(.spacer)")
        .unwrap()
        .length()
}

/// Every row drawn is a row of its own height (none is a former spacer).
fn rows_whole(root: &Element) {
    let rows = root.query_selector_all("tbody tr:not(.spacer)").unwrap();
    for i in 0..rows.length() {
        let row: web_sys::HtmlElement = rows.item(i).unwrap().dyn_into().unwrap();
        assert_eq!(
            row.offset_height(),
            52,
            "row {i}: {:?}",
            row.get_attribute("style")
        );
    }
}

fn scroll_height(root: &Element) -> i32 {
    root.query_selector(".table-scroll")
        .unwrap()
        .unwrap()
        .scroll_height()
}

async fn frames(n: u64) {
    // Headless Chromium draws at 60 frames a second.
    yew::platform::time::sleep(Duration::from_millis(n * 40)).await;
}

#[wasm_bindgen_test]
async fn rows_are_drawn_a_few_per_frame_at_a_steady_height() {
    let root = mount();
    let given = 3 * ROWS_PER_FRAME;
    let mut app =
        yew::Renderer::<VirtualTable>::with_root_and_props(root.clone(), props(1000, given, 0))
            .render();
    yew::platform::time::sleep(Duration::ZERO).await;
    let first = drawn(&root);
    assert!(
        (1..given as u32).contains(&first),
        "the first frame draws some rows, not all {given}: {first}"
    );
    let height = scroll_height(&root);
    // Header and 1,000 rows of 52 px: the spacer stands for rows not drawn.
    assert!((52_000..53_000).contains(&height), "scroll height {height}");

    frames(given as u64).await;
    assert_eq!(
        drawn(&root),
        given as u32,
        "every row given is drawn in the end"
    );
    assert_eq!(
        scroll_height(&root),
        height,
        "drawing rows never moves the scroll height"
    );
    let text = root.text_content().unwrap();
    assert!(text.contains("row 0") && text.contains(&format!("row {}", given - 1)));

    // A new filter or order starts again with a few rows.
    app.update(props(1000, given, 1));
    yew::platform::time::sleep(Duration::ZERO).await;
    assert!(
        drawn(&root) < given as u32,
        "drawing starts again after a reset"
    );
    frames(given as u64).await;
    assert_eq!(drawn(&root), given as u32);
    rows_whole(&root);
    assert_eq!(scroll_height(&root), height);
}
