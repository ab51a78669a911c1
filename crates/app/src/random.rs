//! Fresh ids for exemptions and imported environments, in the page and in
//! the worker alike. `Math.random` is enough: ids need to be unique within
//! one browser's storage, not unguessable.

/// A random number in [0, 1).
#[cfg(target_arch = "wasm32")]
fn random() -> f64 {
    js_sys::Math::random()
}

/// A random number in [0, 1), for the app's native tests: a xorshift
/// stepped from the clock, without a thread-local.
#[cfg(not(target_arch = "wasm32"))]
fn random() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0);
    let mut x = STATE.load(Ordering::Relaxed);
    if x == 0 {
        x = crate::clock::now().timestamp_millis().unsigned_abs() | 1;
    }
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    STATE.store(x, Ordering::Relaxed);
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// `n` random hexadecimal digits.
pub fn hex(n: usize) -> String {
    (0..n)
        .map(|_| {
            let d = (random() * 16.0).floor() as u32;
            char::from_digit(d.min(15), 16).unwrap_or('0')
        })
        .collect()
}

/// A random id in the shape of a version-4 UUID, as Azure names resources.
pub fn uuid() -> String {
    format!("{}-{}-4{}-a{}-{}", hex(8), hex(4), hex(3), hex(3), hex(12))
}
