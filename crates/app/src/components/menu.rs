//! The "..." button of a table row and its menu (Edit, Delete), with the
//! keyboard behaviour of a menu button: arrows move, Escape closes and
//! returns focus to the button.

use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RowMenuProps {
    /// Names the row, for the menu's accessible name.
    pub label: AttrValue,
    /// The id of the element naming the row, which describes the button.
    pub described_by: AttrValue,
    pub on_edit: Callback<()>,
    pub on_delete: Callback<()>,
    /// Offers Renew when given.
    #[prop_or_default]
    pub on_renew: Option<Callback<()>>,
    /// Offers Approve and Reject when given.
    #[prop_or_default]
    pub decide: Option<Decide>,
}

/// Approve and Reject, or why they cannot be used.
#[derive(Clone, PartialEq)]
pub struct Decide {
    /// Approve (true) or reject (false).
    pub on_decide: Callback<bool>,
    /// Why this user may not decide, shown in the menu.
    pub refused: Option<AttrValue>,
}

#[function_component(RowMenu)]
pub fn row_menu(props: &RowMenuProps) -> Html {
    let open = use_state(|| false);
    let button_ref = use_node_ref();
    let menu_ref = use_node_ref();
    {
        let menu_ref = menu_ref.clone();
        use_effect_with(*open, move |&open| {
            if open {
                if let Some(menu) = menu_ref.cast::<web_sys::Element>() {
                    flip_if_clipped(&menu);
                    if let Ok(Some(first)) = menu.query_selector("[role=menuitem]") {
                        if let Ok(first) = first.dyn_into::<web_sys::HtmlElement>() {
                            let _ = first.focus();
                        }
                    }
                }
            }
        });
    }
    let close = {
        let open = open.clone();
        let button_ref = button_ref.clone();
        move || {
            open.set(false);
            if let Some(b) = button_ref.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        }
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_button_key = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "ArrowDown" {
                e.prevent_default();
                open.set(true);
            }
        })
    };
    let on_menu_key = {
        let close = close.clone();
        let menu_ref = menu_ref.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Escape" || key == "Tab" {
                e.prevent_default();
                close();
                return;
            }
            if key != "ArrowDown" && key != "ArrowUp" && key != "Home" && key != "End" {
                return;
            }
            e.prevent_default();
            let Some(menu) = menu_ref.cast::<web_sys::Element>() else {
                return;
            };
            let Ok(items) = menu.query_selector_all("[role=menuitem]") else {
                return;
            };
            let n = items.length();
            let active = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element());
            let current = (0..n)
                .find(|&i| items.get(i).map(|x| x.unchecked_into::<web_sys::Element>()) == active);
            let next = match (key.as_str(), current) {
                ("Home", _) => 0,
                ("End", _) => n - 1,
                ("ArrowDown", Some(i)) => (i + 1) % n,
                ("ArrowUp", Some(i)) => (i + n - 1) % n,
                _ => 0,
            };
            if let Some(item) = items
                .get(next)
                .and_then(|x| x.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = item.focus();
            }
        })
    };
    let choose = |cb: Callback<()>| {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| {
            open.set(false);
            cb.emit(());
        })
    };
    let on_blur = {
        let open = open.clone();
        let menu_ref = menu_ref.clone();
        Callback::from(move |e: FocusEvent| {
            let inside = e
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                .zip(menu_ref.cast::<web_sys::Node>())
                .is_some_and(|(t, menu)| menu.contains(Some(&t)));
            if !inside {
                open.set(false);
            }
        })
    };
    html! {
        <div class="row-menu">
            <button ref={button_ref} class="icon-button" title="More actions" aria-describedby={props.described_by.clone()}
                aria-haspopup="menu" aria-expanded={(*open).to_string()} onclick={toggle} onkeydown={on_button_key}>
                { "..." }
            </button>
            if *open {
                <div class="menu" role="menu" ref={menu_ref} aria-label={format!("Actions for {}", props.label)} onkeydown={on_menu_key} onfocusout={on_blur}>
                    <button role="menuitem" tabindex="-1" onclick={choose(props.on_edit.clone())}>{ "Edit" }</button>
                    if let Some(renew) = &props.on_renew {
                        <button role="menuitem" tabindex="-1" onclick={choose(renew.clone())}>{ "Renew" }</button>
                    }
                    if let Some(d) = &props.decide {
                        { decide_items(d, &open) }
                    }
                    <button role="menuitem" tabindex="-1" onclick={choose(props.on_delete.clone())}>{ "Delete" }</button>
                </div>
            }
        </div>
    }
}

/// Opens the menu upward when the table's scrolling box would cut its
/// bottom off (the last rows), or, when the box is too short for it either
/// way (a table of a few rows), lays it over the page beside its button:
/// every item stays reachable.
fn flip_if_clipped(menu: &web_sys::Element) {
    let mut parent = menu.parent_element();
    let window = web_sys::window();
    while let Some(p) = parent {
        let clips = window
            .as_ref()
            .and_then(|w| w.get_computed_style(&p).ok().flatten())
            .and_then(|s| s.get_property_value("overflow-y").ok())
            .is_some_and(|o| o != "visible");
        if clips {
            let (m, frame) = (
                menu.get_bounding_client_rect(),
                p.get_bounding_client_rect(),
            );
            if m.bottom() <= frame.bottom() {
                return;
            }
            if m.top() - m.height() > frame.top() {
                let _ = menu.class_list().add_1("up");
                return;
            }
            fix_beside_button(menu, m.height());
            return;
        }
        parent = p.parent_element();
    }
}

/// Fixes the menu to the viewport below its button (above, when the
/// window is too short), set through the CSSOM: a style attribute would
/// be refused by the Content-Security-Policy.
fn fix_beside_button(menu: &web_sys::Element, height: f64) {
    let (Some(button), Some(window)) = (menu.previous_element_sibling(), web_sys::window()) else {
        return;
    };
    let b = button.get_bounding_client_rect();
    let size =
        |v: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>| v.ok().and_then(|v| v.as_f64());
    let (view_h, view_w) = (
        size(window.inner_height()).unwrap_or(800.0),
        size(window.inner_width()).unwrap_or(1280.0),
    );
    let top = if b.bottom() + height <= view_h {
        b.bottom()
    } else {
        (b.top() - height).max(0.0)
    };
    if let Some(el) = menu.dyn_ref::<web_sys::HtmlElement>() {
        let style = el.style();
        let _ = style.set_property("position", "fixed");
        let _ = style.set_property("top", &format!("{top}px"));
        let _ = style.set_property("right", &format!("{}px", (view_w - b.right()).max(0.0)));
    }
}

/// Approve and Reject; disabled, with the reason shown, when this user may
/// not decide.
fn decide_items(d: &Decide, open: &UseStateHandle<bool>) -> Html {
    let item = |approve: bool, label: &str| {
        let (cb, open, refused) = (d.on_decide.clone(), open.clone(), d.refused.is_some());
        let onclick = Callback::from(move |_: MouseEvent| {
            if !refused {
                open.set(false);
                cb.emit(approve);
            }
        });
        html! {
            <button role="menuitem" tabindex="-1" aria-disabled={refused.then_some("true")}
                aria-describedby={refused.then_some("menu-refused")} {onclick}>{ label.to_string() }</button>
        }
    };
    html! {
        <>
            { item(true, "Approve") }
            { item(false, "Reject") }
            if let Some(why) = &d.refused {
                <p class="menu-note" id="menu-refused">{ why.clone() }</p>
            }
        </>
    }
}
