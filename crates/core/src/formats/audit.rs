//! CSV for auditors (RFC 4180: CRLF lines, cells quoted when they hold a
//! comma, a quote or a line break): one row per exemption, and one row per
//! exempted assessment with the exemption that decides it. Cells that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return) get a leading `'`, as OWASP advises for CSV
//! meant for spreadsheets.

use crate::error::Error;
use crate::exemption::{instant, ExemptionFile, Target};
use crate::session::Session;

fn row(out: &mut String, cells: &[&str]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let c = if c.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{c}")
        } else {
            (*c).to_string()
        };
        if c.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&c.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&c);
        }
    }
    out.push_str("\r\n");
}

/// One row per exemption; lists are joined with `; `.
pub(crate) fn exemptions(file: &ExemptionFile) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &[
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
        ],
    );
    for e in &file.exemptions {
        let (keys, category) = match &e.target {
            Target::Recommendations(k) => (k.join("; "), ""),
            Target::Category(c) => (String::new(), c.as_str()),
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
        row(&mut out, &cells);
    }
    out
}

/// One row per assessment an exemption decides, in input order.
pub(crate) fn assessments(session: &Session) -> Result<String, Error> {
    let env = session.environment();
    let eval = session.evaluation();
    let mut out = String::new();
    row(
        &mut out,
        &[
            "assessment",
            "resource",
            "recommendation",
            "recommendationName",
            "statusWithoutExemptions",
            "status",
            "exemption",
            "category",
            "expiresOn",
        ],
    );
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
        row(&mut out, &cells);
    }
    Ok(out)
}
