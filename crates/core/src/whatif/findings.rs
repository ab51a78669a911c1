//! A draft with a Vulnerabilities condition: it covers findings, and an
//! Unhealthy assessment changes only when its last Unhealthy findings are
//! covered (the rule of `evaluate::findings`, applied to one more
//! exemption that ranks after every existing one of its category).

use super::{Changer, Impact, DRAFT};
use crate::environment::Environment;
use crate::evaluate::findings::Condition;
use crate::evaluate::{unpack, Evaluation, WAIVER_BIT};
use crate::exemption::{Exemption, Vulnerabilities};
use crate::model::{ExemptionCategory, Status};
use crate::scope::NONE;

pub(super) fn visit(
    env: &Environment,
    evaluation: &Evaluation,
    draft: &Exemption,
    rule: &Vulnerabilities,
    impact: &mut Impact,
    changer: &mut Changer,
) {
    if env.finding_count() == 0 {
        return;
    }
    let condition = Condition::new(env, rule);
    let keys: Option<Vec<u32>> = (!rule.recommendations.is_empty()).then(|| {
        rule.recommendations
            .iter()
            .filter_map(|k| env.recommendation_index(k).map(|k| k.0))
            .collect()
    });
    let d = match draft.category {
        ExemptionCategory::Mitigated => DRAFT,
        ExemptionCategory::Waiver => DRAFT | WAIVER_BIT,
    };
    let decisions = evaluation.decisions();
    let by_finding = evaluation.finding_decisions();
    let mut changed: Vec<(usize, Status)> = Vec::new();
    for range in env.scopes_resources(&draft.scopes).0 {
        for r in range {
            if env.resources.cloud[r] != draft.cloud {
                continue;
            }
            changed.clear();
            for &a in env.assessments_of(r) {
                let a = a as usize;
                let found = env.findings.of(a);
                if found.is_empty()
                    || env.assessments.status[a] != Status::Unhealthy
                    || keys
                        .as_ref()
                        .is_some_and(|k| !k.contains(&env.assessments.key[a]))
                {
                    continue;
                }
                if evaluation.whole_decision(env, a) != NONE {
                    continue;
                }
                let (mut any, mut all, mut worst, mut covered) = (false, true, 0, 0usize);
                for f in found.filter(|&f| env.findings.unhealthy(f)) {
                    let mut now = by_finding[f];
                    if condition.matches(env, f) {
                        any = true;
                        impact.findings_matched += 1;
                        if now == NONE {
                            impact.findings_exempted += 1;
                        }
                        now = now.min(d);
                    }
                    if now == NONE {
                        all = false;
                    } else {
                        covered += 1;
                        worst = worst.max(now);
                    }
                }
                if !any {
                    continue;
                }
                impact.matched += 1;
                let new = if all && covered > 0 { worst } else { NONE };
                let (before, after) = (unpack(decisions[a]), unpack(new));
                match (before, after) {
                    (None, Some(_)) => impact.newly_exempt += 1,
                    (Some((_, b)), Some((_, c))) if b != c => impact.recategorized += 1,
                    _ => {}
                }
                let status = after.map_or(env.assessments.status[a], |(_, c)| c.effect());
                if status != evaluation.statuses()[a] {
                    if evaluation.statuses()[a] == Status::Unhealthy {
                        impact.unhealthy_resolved += 1;
                    }
                    changed.push((a, status));
                }
            }
            if changed.is_empty() {
                continue;
            }
            impact.resources += 1;
            changer.change(env, evaluation, r, |a| {
                changed
                    .iter()
                    .find(|(c, _)| *c == a)
                    .map_or(evaluation.statuses()[a], |&(_, s)| s)
            });
        }
    }
}
