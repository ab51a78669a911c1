//! A link to a route that says when it is the current page.

use crate::nav::{full_url, use_embedded, use_go};
use crate::route::Route;
use yew::prelude::*;
use yew_router::Routable;

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
/// navigates in place when clicked. In an embedded view it goes to the
/// compact view of the same page, or, when there is none, it is a link to
/// the full app that opens in a new tab.
#[function_component(RouteLink)]
pub fn route_link(props: &RouteLinkProps) -> Html {
    let go = use_go();
    let embedded = use_embedded();
    let current = props.current.then_some("page");
    let class = classes!(props.class.clone(), props.current.then_some("active"));
    let target = if embedded {
        props.to.embedded()
    } else {
        Some(props.to.clone())
    };
    let Some(to) = target else {
        return html! {
            <a href={full_url(&props.to)} target="_blank" rel="noopener" {class} aria-label={props.label.clone()}>
                { props.children.clone() }
            </a>
        };
    };
    let href = format!("#{}", to.to_path());
    let onclick = Callback::from(move |e: MouseEvent| {
        if e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0 {
            return;
        }
        e.prevent_default();
        go.emit(to.clone());
    });
    html! {
        <a {href} {class} {onclick} aria-current={current} aria-label={props.label.clone()}>
            { props.children.clone() }
        </a>
    }
}
