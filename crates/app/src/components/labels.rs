//! The portal's words for things, in one place.

use exempt_core::{ExemptionCategory, Status};

/// The portal's short name for a category.
pub fn category(c: ExemptionCategory) -> &'static str {
    match c {
        ExemptionCategory::Mitigated => "Mitigated",
        ExemptionCategory::Waiver => "Waiver",
    }
}

/// The portal's long name for a category, as the wizard offers it.
pub fn category_long(c: ExemptionCategory) -> &'static str {
    match c {
        ExemptionCategory::Mitigated => "Mitigated (resolved through a third-party service)",
        ExemptionCategory::Waiver => "Waiver (risk accepted)",
    }
}

/// A status as the portal writes it.
pub fn status(s: Status) -> &'static str {
    match s {
        Status::Healthy => "Healthy",
        Status::Unhealthy => "Unhealthy",
        Status::NotApplicable => "Not applicable",
    }
}

/// `n` and a noun, with the noun's plural when `n` is not 1.
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A size in bytes as people read it: KB below a megabyte, MB above.
pub fn size(bytes: f64) -> String {
    if bytes < 1e6 {
        format!("{:.0} KB", (bytes / 1e3).max(1.0))
    } else {
        format!("{:.1} MB", bytes / 1e6)
    }
}
