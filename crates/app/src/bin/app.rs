fn main() {
    // The first render in a task of its own, not in the one that
    // instantiates the module (see `components::defer`).
    gloo_timers::callback::Timeout::new(0, || {
        yew::Renderer::<exempt_app::App>::new().render();
    })
    .forget();
}
