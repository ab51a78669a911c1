//! The smallest page the app's framework allows: a router with two routes
//! and a button with state.

use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Clone, Routable, PartialEq)]
enum Route {
    #[at("/")]
    Home,
    #[at("/a/:id")]
    A { id: String },
}

#[function_component(App)]
fn app() -> Html {
    let n = use_state(|| 0u32);
    let click = {
        let n = n.clone();
        Callback::from(move |_| n.set(*n + 1))
    };
    let render = |r: Route| match r {
        Route::Home => html! { <p>{ "home" }</p> },
        Route::A { id } => html! { <p>{ id }</p> },
    };
    html! {
        <HashRouter>
            <Switch<Route> {render} />
            <button onclick={click}>{ n.to_string() }</button>
        </HashRouter>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
