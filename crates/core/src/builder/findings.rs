//! Findings collected in any order, tied to their assessments when the
//! builder finishes. Texts are interned as rows arrive, so a million
//! findings never sit in memory as owned strings.

use crate::environment::findings::{Findings, NO_CVSS};
use crate::error::Error;
use crate::exemption::Cvss;
use crate::ids::narrow;
use crate::scope::NONE;
use crate::vulnerabilities::Finding;
use rustc_hash::FxHashMap;

use super::Origin;

/// Findings as read, with what ties each to its assessment.
#[derive(Default)]
pub(crate) struct Pending {
    pub store: Findings,
    /// Per finding: its assessment's resource id and key, as string numbers.
    pub parent: Vec<(u32, u32)>,
    pub origin: Vec<Origin>,
    interned: FxHashMap<Box<str>, u32>,
}

impl Pending {
    fn intern(&mut self, text: &str) -> Result<u32, Error> {
        if let Some(&s) = self.interned.get(text) {
            return Ok(s);
        }
        let s = narrow(self.store.strings.len(), "texts of findings")?;
        self.store.strings.push(text.into());
        self.interned.insert(text.into(), s);
        Ok(s)
    }

    fn maybe(&mut self, text: Option<&str>) -> Result<u32, Error> {
        text.map_or(Ok(NONE), |t| self.intern(t))
    }

    /// One finding read from a row.
    pub fn add(&mut self, origin: Origin, f: &Finding) -> Result<(), Error> {
        narrow(self.parent.len(), "findings")?;
        let (resource, key) = parent_of(&f.assessment)
            .ok_or_else(|| Error::invalid(format!("`{}` names no assessment", f.id)))?;
        let parent = (self.intern(resource)?, self.intern(key)?);
        let name = f.id.rsplit('/').next().unwrap_or(&f.id);
        let s = &mut self.store;
        if s.cve_start.is_empty() {
            s.cve_start.push(0);
        }
        let name = self.intern(name)?;
        let title = self.intern(&f.title)?;
        for cve in &f.cves {
            let upper = cve.trim().to_ascii_uppercase();
            let c = self.intern(&upper)?;
            self.store.cve_index.insert(upper.into(), c);
            self.store.cves.push(c);
        }
        let detail = [
            self.maybe(f.image_digest.as_deref())?,
            self.maybe(f.repository.as_deref())?,
            self.maybe(f.package.as_deref())?,
            self.maybe(f.os.as_deref())?,
        ];
        let s = &mut self.store;
        s.cve_start.push(narrow(s.cves.len(), "CVEs of findings")?);
        s.name.push(name);
        s.title.push(title);
        s.status.push(f.status);
        s.severity.push(f.severity);
        s.cvss
            .push(f.cvss.and_then(Cvss::nearest).map_or(NO_CVSS, |c| c.0));
        s.patchable.push(f.patchable);
        s.detail.push(detail);
        self.parent.push(parent);
        self.origin.push(origin);
        Ok(())
    }
}

/// The resource and key of `<resource>/providers/Microsoft.Security/assessments/<key>`.
fn parent_of(assessment: &str) -> Option<(&str, &str)> {
    let lower = assessment.to_ascii_lowercase();
    let at = lower.rfind("/providers/microsoft.security/assessments/")?;
    let key = assessment.rsplit('/').next()?;
    (at > 0 && !key.is_empty()).then(|| (&assessment[..at], key))
}

/// The findings grouped by assessment: `assessment_of` gives each
/// finding's assessment, or `None` when none was loaded; those are left
/// out and named in a warning, and a finding given twice is kept once.
pub(crate) fn group(
    mut pending: Pending,
    assessments: usize,
    assessment_of: impl Fn(&str, &str) -> Option<u32>,
    file_name: impl Fn(u32) -> String,
    warnings: &mut Vec<String>,
) -> Result<Findings, Error> {
    let n = pending.parent.len();
    if n == 0 {
        return Ok(Findings::default());
    }
    let strings = &pending.store.strings;
    let mut owner: Vec<(u32, u32, usize)> = Vec::with_capacity(n);
    let mut orphans: Vec<String> = Vec::new();
    let mut orphan_count = 0usize;
    for (f, &(r, k)) in pending.parent.iter().enumerate() {
        match assessment_of(&strings[r as usize], &strings[k as usize]) {
            Some(a) => owner.push((a, pending.store.name[f], f)),
            None => {
                orphan_count += 1;
                if orphans.len() < 3 {
                    let o = pending.origin[f];
                    orphans.push(format!("{} row {}", file_name(o.file), o.row));
                }
            }
        }
    }
    owner.sort_unstable();
    let before = owner.len();
    owner.dedup_by_key(|&mut (a, name, _)| (a, name));
    let repeated = before - owner.len();
    if orphan_count > 0 {
        warnings.push(format!(
            "{orphan_count} finding{} left out: {} assessment is not in the files given ({}{}); give the assessments export beside the findings",
            if orphan_count == 1 { " is" } else { "s are" },
            if orphan_count == 1 { "its" } else { "their" },
            orphans.join(", "),
            if orphan_count > orphans.len() { ", …" } else { "" }
        ));
    }
    if repeated > 0 {
        warnings.push(format!(
            "{repeated} finding{} given more than once under the same assessment, kept once",
            if repeated == 1 { " was" } else { "s were" }
        ));
    }
    let old = std::mem::take(&mut pending.store);
    let mut out = Findings {
        strings: old.strings,
        cve_index: old.cve_index,
        cve_start: vec![0],
        ..Default::default()
    };
    out.start = vec![0; assessments + 1];
    for &(a, _, _) in &owner {
        out.start[a as usize + 1] += 1;
    }
    for a in 0..assessments {
        out.start[a + 1] += out.start[a];
    }
    for &(_, _, f) in &owner {
        out.name.push(old.name[f]);
        out.title.push(old.title[f]);
        out.status.push(old.status[f]);
        out.severity.push(old.severity[f]);
        out.cvss.push(old.cvss[f]);
        out.patchable.push(old.patchable[f]);
        out.detail.push(old.detail[f]);
        let cves = &old.cves[old.cve_start[f] as usize..old.cve_start[f + 1] as usize];
        out.cves.extend_from_slice(cves);
        out.cve_start
            .push(narrow(out.cves.len(), "CVEs of findings")?);
    }
    Ok(out)
}
