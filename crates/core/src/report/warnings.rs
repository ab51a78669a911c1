//! The report's warnings: the input's own, then one per problem of an
//! exemption, with its kind, so that a report of thousands of exemptions
//! can be read as a few lines by kind.

use super::Report;
use crate::exemption::State;
use crate::session::Session;
use crate::text::quote;

/// What an exemption warning says, for summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WarningKind {
    /// A scope names nothing in the input.
    UnknownScope,
    /// A recommendation or category no assessment has.
    UnknownTarget,
    /// Expired before the evaluation time.
    Expired,
    /// In force, but applies to no healthy or unhealthy assessment.
    Unused,
    /// Waits for approval, so applies to nothing yet.
    Pending,
    /// Refused, so applies to nothing.
    Rejected,
}

impl WarningKind {
    /// How a summary line names the kind, after a count of exemptions.
    pub fn summary(self) -> &'static str {
        match self {
            WarningKind::UnknownScope => "name a scope that names nothing in the input",
            WarningKind::UnknownTarget => {
                "name a recommendation or category that no assessment has"
            }
            WarningKind::Expired => "have expired",
            WarningKind::Unused => "apply to no healthy or unhealthy assessment",
            WarningKind::Pending => "wait for approval and do not apply yet",
            WarningKind::Rejected => "were rejected and do not apply",
        }
    }
}

impl Report<'_> {
    /// The warnings for a person to read: each of the input's own, and of
    /// each kind of exemption warning either every line (up to `shown` of
    /// them) or one line with the count and the first `shown` names.
    pub fn warning_summary(&self, shown: usize) -> Vec<String> {
        let mut out = Vec::new();
        // Each kind with its lines and the exemptions they name.
        let mut kinds: Vec<(WarningKind, Vec<(&str, &str)>)> = Vec::new();
        for (w, k) in self.warnings.iter().zip(&self.warning_kinds) {
            match k {
                None => out.push(w.clone()),
                Some((k, name)) => match kinds.iter_mut().find(|(x, _)| x == k) {
                    Some((_, lines)) => lines.push((w, name)),
                    None => kinds.push((*k, vec![(w, name)])),
                },
            }
        }
        for (k, lines) in kinds {
            if lines.len() <= shown {
                out.extend(lines.iter().map(|(l, _)| l.to_string()));
                continue;
            }
            let names = lines.iter().map(|(_, n)| format!("\"{}\"", quote(n)));
            out.push(format!(
                "{} exemptions {}: {}",
                lines.len(),
                k.summary(),
                crate::text::few(names, shown)
            ));
        }
        out
    }
}

pub(super) fn warnings(session: &Session) -> (Vec<String>, Vec<Option<(WarningKind, String)>>) {
    let env = session.environment();
    let mut out: Vec<String> = env.warnings().to_vec();
    let in_azure = env.azure_exempt_assessments().len();
    if in_azure > 0 {
        out.push(format!(
            "{in_azure} assessments are already exempt in Azure (status cause Exempt): the export does not carry their real status, so the score without exemptions counts them as Not applicable"
        ));
    }
    let mut kinds = vec![None; out.len()];
    let mut add = |kind: WarningKind, name: &str, line: String| {
        out.push(line);
        kinds.push(Some((kind, name.to_string())));
    };
    for (e, o) in session
        .exemptions()
        .iter()
        .zip(session.evaluation().outcomes())
    {
        let (raw, name) = (e.name.as_str(), quote(&e.name));
        for s in &o.unknown_scopes {
            add(
                WarningKind::UnknownScope,
                raw,
                format!(
                    "exemption \"{name}\": scope {} names nothing in the input",
                    quote(s)
                ),
            );
        }
        for t in &o.unknown_targets {
            add(
                WarningKind::UnknownTarget,
                raw,
                format!(
                    "exemption \"{name}\": no assessment has recommendation or category {}",
                    quote(t)
                ),
            );
        }
        let state = session.policy().state(e, session.time());
        if state == State::Rejected {
            add(
                WarningKind::Rejected,
                raw,
                format!("exemption \"{name}\" was rejected and does not apply"),
            );
        } else if state == State::Expired {
            let when = e
                .expires_on
                .map(crate::exemption::shown_instant)
                .unwrap_or_default();
            add(
                WarningKind::Expired,
                raw,
                format!("exemption \"{name}\" expired on {when}"),
            );
        } else if state == State::Pending {
            add(
                WarningKind::Pending,
                raw,
                format!("exemption \"{name}\" waits for approval and does not apply yet"),
            );
        } else if !o.matched {
            let what = if matches!(e.target, crate::exemption::Target::Vulnerabilities(_)) {
                "matches no Unhealthy vulnerability finding"
            } else {
                "applies to no healthy or unhealthy assessment"
            };
            add(
                WarningKind::Unused,
                raw,
                format!("exemption \"{name}\" {what}"),
            );
        }
    }
    (out, kinds)
}
