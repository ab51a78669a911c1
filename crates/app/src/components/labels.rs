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

/// What to do about an engine error, in the app's words: the buttons and
/// fields of these pages, where the command line names its options.
pub fn hint(h: exempt_core::error::Hint) -> &'static str {
    use exempt_core::error::Hint;
    match h {
        Hint::ExemptionFile | Hint::ExemptionsToImport => {
            "import it with Import exemptions on the Exemptions page"
        }
        Hint::Definitions => {
            "choose the initiative's definition (such as the Microsoft cloud security benchmark) and Defender's assessment metadata too: with the exemption files under Import exemptions, or under “Initiative and assessment metadata” in Export"
        }
        Hint::Assignment => {
            "enter it under “Policy assignment”: the assignment's id, or a name such as SecurityCenterBuiltIn for the assignment of that name at each subscription"
        }
        Hint::DefenderFormats => {
            "export it as Defender standard assignments (ARM template or Terraform), which need no policy"
        }
        Hint::PolicyArmOrTerraform => {
            "export them as Azure Policy exemptions in an ARM template or Terraform, which reach every scope from one file"
        }
    }
}

/// An engine error as the app says it: its hint in the app's words and its
/// field by name, not by its path in the file.
pub fn say(e: &exempt_core::Error) -> String {
    e.plain(hint)
}
