//! Fresh ids for exemptions and imported environments, in the page and in
//! the worker alike. `Math.random` is enough: ids need to be unique within
//! one browser's storage, not unguessable.

/// `n` random hexadecimal digits.
pub fn hex(n: usize) -> String {
    (0..n)
        .map(|_| {
            let d = (js_sys::Math::random() * 16.0).floor() as u32;
            char::from_digit(d.min(15), 16).unwrap_or('0')
        })
        .collect()
}

/// A random id in the shape of a version-4 UUID, as Azure names resources.
pub fn uuid() -> String {
    format!("{}-{}-4{}-a{}-{}", hex(8), hex(4), hex(3), hex(3), hex(12))
}
