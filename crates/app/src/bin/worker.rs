//! The worker binary: the engine, off the page's thread.

fn main() {
    exempt_app::worker::start();
}
