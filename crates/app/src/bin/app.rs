fn main() {
    yew::Renderer::<exempt_app::App>::new().render();
}
