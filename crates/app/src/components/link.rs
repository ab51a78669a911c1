//! A link to a route that says when it is the current page.

use crate::route::Route;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RouteLinkProps {
    pub to: Route,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub current: bool,
    #[prop_or_default]
    pub label: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

/// An ordinary `<a href="#/...">` (so it can be opened in a new tab) that
/// navigates in place when clicked.
#[function_component(RouteLink)]
pub fn route_link(props: &RouteLinkProps) -> Html {
    let navigator = use_navigator();
    let to = props.to.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        if e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0 {
            return;
        }
        if let Some(n) = &navigator {
            e.prevent_default();
            n.push(&to);
        }
    });
    let current = props.current.then_some("page");
    let class = classes!(props.class.clone(), props.current.then_some("active"));
    html! {
        <a href={format!("#{}", props.to.to_path())} {class} {onclick} aria-current={current} aria-label={props.label.clone()}>
            { props.children.clone() }
        </a>
    }
}
