//! CSV for auditors (RFC 4180 through the `csv` crate: CRLF lines, cells
//! quoted when they hold a comma, a quote or a line break): one row per
//! exemption, and one row per exempted assessment with the exemption that
//! decides it.
//!
//! A spreadsheet runs a cell as a formula when it starts with `=`, `+`,
//! `-` or `@` (OWASP's CSV injection page), also after leading blanks or
//! control characters that some spreadsheets skip, and also in their
//! full-width forms `＝＋－＠`, which some spreadsheets fold to ASCII. Such
//! cells, and every cell that starts with a tab, a carriage return or
//! another control character, get a leading `'`, as OWASP advises:
//! <https://owasp.org/www-community/attacks/CSV_Injection>.

use crate::error::Error;
use crate::exemption::{instant, ExemptionFile, Target};
use crate::session::Session;
use std::borrow::Cow;

/// Whether a spreadsheet could read `cell` as a formula.
fn formula_like(cell: &str) -> bool {
    // A plain negative number (`-0.25`) is data, not a formula.
    let number = cell.strip_prefix('-').is_some_and(|n| {
        !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && n.bytes().filter(|&b| b == b'.').count() <= 1
            && n.bytes().next().is_some_and(|b| b.is_ascii_digit())
    });
    if number {
        return false;
    }
    if cell.starts_with(|c: char| c.is_control()) {
        return true;
    }
    let first = cell.trim_start_matches(|c: char| c.is_whitespace() || c.is_control());
    first.starts_with([
        '=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
    ])
}

/// A cell as written: `'` before anything a spreadsheet could run.
fn neutral(cell: &str) -> Cow<'_, str> {
    if formula_like(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

pub(crate) struct Sheet(csv::Writer<Vec<u8>>);

impl Sheet {
    pub(crate) fn new() -> Sheet {
        Sheet(
            csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new()),
        )
    }

    pub(crate) fn row(&mut self, cells: &[&str]) {
        // Writing to memory cannot fail.
        for c in cells {
            let _ = self.0.write_field(neutral(c).as_bytes());
        }
        let _ = self.0.write_record(None::<&[u8]>);
    }

    pub(crate) fn text(self) -> String {
        let bytes = self.0.into_inner().unwrap_or_default();
        // Every cell was a `str`, so the bytes are UTF-8.
        String::from_utf8(bytes).unwrap_or_default()
    }
}

/// One row per exemption; lists are joined with `; `.
pub(crate) fn exemptions(file: &ExemptionFile) -> String {
    let mut out = Sheet::new();
    out.row(&[
        "name",
        "category",
        "cloud",
        "scopes",
        "recommendations",
        "recommendationCategory",
        "expiresOn",
        "createdOn",
        "createdBy",
        "description",
        "id",
    ]);
    for e in &file.exemptions {
        let (keys, category) = match &e.target {
            Target::Recommendations(k) => (k.join("; "), ""),
            Target::Category(c) => (String::new(), c.as_str()),
            Target::Vulnerabilities(v) => (v.describe(), ""),
        };
        let expires = e.expires_on.map(instant).unwrap_or_default();
        let created = e.created_on.map(instant).unwrap_or_default();
        let cells = [
            e.name.as_str(),
            e.category.as_str(),
            e.cloud.as_str(),
            &e.scopes.join("; "),
            &keys,
            category,
            &expires,
            &created,
            e.created_by.as_deref().unwrap_or(""),
            e.description.as_deref().unwrap_or(""),
            e.id.as_deref().unwrap_or(""),
        ];
        out.row(&cells);
    }
    out.text()
}

/// One row per assessment an exemption decides, in input order.
pub(crate) fn assessments(session: &Session) -> Result<String, Error> {
    let env = session.environment();
    let eval = session.evaluation();
    let mut out = Sheet::new();
    out.row(&[
        "assessment",
        "resource",
        "recommendation",
        "recommendationName",
        "statusWithoutExemptions",
        "status",
        "exemption",
        "category",
        "expiresOn",
    ]);
    for a in env.assessments() {
        let Some((x, category)) = eval.decided_by(a) else {
            continue;
        };
        let e = session.exemption(x)?;
        let rec = env.recommendation(env.assessment_recommendation(a));
        let expires = e.expires_on.map(instant).unwrap_or_default();
        let cells = [
            &*env.assessment_id(a),
            env.resource_id(env.assessment_resource(a)),
            &rec.key,
            rec.title(),
            env.raw_status(a).as_str(),
            eval.status(a).as_str(),
            &e.name,
            category.as_str(),
            &expires,
        ];
        out.row(&cells);
    }
    Ok(out.text())
}
