//! One measure of an exemption's effect: the wizard's prediction (its
//! review before Create, or before saving an edit) is the figure the
//! Overview's top contributors and the exemption itself show once it
//! exists, on the overall score and on its cloud's score under the Cloud
//! filter, for every cloud and both categories.

use exempt_core::exemption::{Exemption, Target};
use exempt_core::{Cloud, ExemptionCategory, Session};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// For each cloud and category, a draft on the unit of an unhealthy
/// assessment of that cloud, for that assessment's recommendation.
fn drafts(s: &Session) -> Vec<Exemption> {
    let env = s.environment();
    let mut out = Vec::new();
    for cloud in Cloud::ALL {
        let Some(a) = env.assessments().find(|&a| {
            let r = env.assessment_resource(a);
            env.resource_cloud(r) == cloud
                && s.evaluation().status(a) == exempt_core::Status::Unhealthy
                && env.exemptible(a)
                && env.resource_unit(r).is_some()
        }) else {
            continue;
        };
        let unit = env.unit(env.resource_unit(env.assessment_resource(a)).unwrap());
        let key = env
            .recommendation(env.assessment_recommendation(a))
            .key
            .clone();
        for category in [ExemptionCategory::Mitigated, ExemptionCategory::Waiver] {
            out.push(Exemption::new(
                format!("{cloud} {category:?} draft"),
                cloud,
                vec![unit.id.clone()],
                category,
                Target::Recommendations(vec![key.clone()]),
            ));
        }
    }
    out
}

#[test]
fn the_wizards_prediction_is_the_effect_shown_after_create() {
    let at = "2026-11-24T00:00:00Z".parse().unwrap();
    let mut s = Session::new(exempt_core::demo::environment().unwrap(), at);
    let existing = exempt_core::demo::exemptions().unwrap().exemptions;
    s.set_exemptions(existing.clone()).unwrap();
    let drafts = drafts(&s);
    let clouds: std::collections::BTreeSet<_> = drafts.iter().map(|d| d.cloud).collect();
    assert!(clouds.len() >= 2, "the demo has several clouds: {clouds:?}");
    let mut changed = 0;
    for draft in drafts {
        let predicted = s.draft_review(&draft, None).unwrap();
        let mut after = Session::new(s.environment().clone(), at);
        let mut list = existing.clone();
        list.push(draft.clone());
        after.set_exemptions(list).unwrap();
        let ix = after.exemption_ix(existing.len()).unwrap();
        let shown = after.effect(ix).unwrap();
        assert!(
            close(predicted.effect, shown),
            "{}: {} vs {shown}",
            draft.name,
            predicted.effect
        );
        let listed = |cloud: Option<Cloud>| {
            after
                .gap(usize::MAX, cloud)
                .top
                .iter()
                .find(|c| c.exemption == ix)
                .map_or(0.0, |c| c.effect)
        };
        assert!(
            close(listed(None), predicted.effect),
            "{} in all clouds",
            draft.name
        );
        assert!(
            close(listed(Some(draft.cloud)), predicted.cloud_effect),
            "{} under the {} filter: {} vs {}",
            draft.name,
            draft.cloud,
            listed(Some(draft.cloud)),
            predicted.cloud_effect
        );
        // Under another cloud's filter it is not listed at all.
        for other in Cloud::ALL.into_iter().filter(|c| *c != draft.cloud) {
            assert!(after
                .gap(usize::MAX, Some(other))
                .top
                .iter()
                .all(|c| c.exemption != ix));
        }
        if predicted.effect.abs() > 1e-9 {
            changed += 1;
        }

        // Editing it back to what it is: the preview is its effect again.
        let again = after.draft_review(&draft, Some(ix)).unwrap();
        assert!(close(again.effect, shown), "{} as an edit", draft.name);
        assert!(close(again.before.percentage, s.score().percentage));
    }
    assert!(changed > 0, "some draft must change the score");
}

/// The gap's parts under each filter: the card's gap is the score with
/// exemptions minus without, over the cloud chosen.
#[test]
fn the_gap_under_a_filter_is_that_clouds() {
    let at = "2026-11-24T00:00:00Z".parse().unwrap();
    let mut s = Session::new(exempt_core::demo::environment().unwrap(), at);
    s.set_exemptions(exempt_core::demo::exemptions().unwrap().exemptions)
        .unwrap();
    let o = s.overview(None);
    let all = s.gap(10, None);
    assert!(close(
        all.effect,
        o.secure_score.effect_over(o.without_exemptions)
    ));
    for cloud in Cloud::ALL {
        let o = s.overview(Some(cloud));
        let g = s.gap(10, Some(cloud));
        assert!(
            close(g.effect, o.secure_score.effect_over(o.without_exemptions)),
            "{cloud}"
        );
        for c in &g.top {
            assert_eq!(s.exemptions()[c.exemption.index()].cloud, cloud);
        }
    }
}

/// An exemption's own page: the effect the Overview shows, the assessments
/// it decides, and a clear refusal for an id no exemption has.
#[test]
fn the_exemption_page_shows_the_same_effect_and_what_it_decides() {
    use exempt_core::workspace::{numbered_ids, Held, Workspace};
    let at = "2026-11-24T00:00:00Z".parse().unwrap();
    let mut w = Workspace::new(numbered_ids());
    w.set_environment(exempt_core::demo::environment().unwrap(), at);
    w.hold_file(exempt_core::demo::exemptions().unwrap(), Held::Hosted, at)
        .unwrap();
    let s = w.session().unwrap();
    let mut seen = 0;
    for (i, e) in s.exemptions().iter().enumerate() {
        let ix = s.exemption_ix(i).unwrap();
        let view = w.exemption_view(e.id.as_deref().unwrap()).unwrap();
        assert_eq!(view.row.name, e.name);
        assert_eq!(view.effect, s.effect(ix), "{}", e.name);
        let decided = s
            .environment()
            .assessments()
            .filter(|&a| s.evaluation().decided_by(a).is_some_and(|(x, _)| x == ix))
            .count();
        assert_eq!(view.decided as usize, decided, "{}", e.name);
        assert_eq!(view.resources.len(), decided.min(200));
        seen += usize::from(decided > 0);
    }
    assert!(seen > 0);
    let e = w.exemption_view("no-such-id").unwrap_err();
    assert!(e.to_string().contains("no such exemption"), "{e}");
}
