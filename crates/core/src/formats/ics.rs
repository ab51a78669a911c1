//! An iCalendar file (RFC 5545): an all-day event on the day each
//! exemption expires (the UTC date of its `expiresOn`), with a reminder
//! 14 days before. Event ids derive from the exemption, so importing the
//! file again into a calendar updates the events instead of adding copies.

use crate::exemption::{instant, ExemptionFile, Target};
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use std::fmt::Write;

pub(crate) fn write(file: &ExemptionFile, at: DateTime<Utc>) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//exempt//Exemption expiries//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
    ];
    let stamp = format!(
        "{}T{:02}{:02}{:02}Z",
        date(at.date_naive()),
        at.hour(),
        at.minute(),
        at.second()
    );
    for e in &file.exemptions {
        let Some(expires) = e.expires_on else {
            continue;
        };
        let day = expires.date_naive();
        let target = match &e.target {
            Target::Recommendations(k) => format!("Recommendations: {}", k.join(", ")),
            Target::Category(c) => format!("Recommendation category: {c}"),
            Target::Vulnerabilities(v) => v.describe(),
        };
        let mut description = format!(
            "Exemption \"{}\" ({}, {}) expires at {}.\nScopes: {}\n{target}",
            e.name,
            e.category,
            e.cloud,
            instant(expires),
            e.scopes.join(", ")
        );
        if let Some(d) = &e.description {
            let _ = write!(description, "\n\n{d}");
        }
        let summary = format!("Exemption expires: {}", e.name);
        lines.extend([
            "BEGIN:VEVENT".into(),
            format!(
                "UID:{}@exempt",
                super::guid::stable(&["expiry", &super::identity(e)])
            ),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", date(day)),
            format!("DTEND;VALUE=DATE:{}", date(day.succ_opt().unwrap_or(day))),
            format!("SUMMARY:{}", text(&summary)),
            format!("DESCRIPTION:{}", text(&description)),
            "TRANSP:TRANSPARENT".into(),
            "BEGIN:VALARM".into(),
            "ACTION:DISPLAY".into(),
            "TRIGGER:-P14D".into(),
            format!("DESCRIPTION:{}", text(&format!("In 14 days: {summary}"))),
            "END:VALARM".into(),
            "END:VEVENT".into(),
        ]);
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for l in lines {
        fold(&l, &mut out);
    }
    out
}

/// `20270630`.
fn date(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// A TEXT value: backslash, `;`, `,` and line breaks escaped, other control
/// characters (which TEXT may not hold) left out.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets (never inside a character), CRLF-ended.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}
