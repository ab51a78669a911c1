//! Vulnerability findings at scale: 1,000,000 findings under 200,000
//! assessments, 5,000 exemptions of which 1,000 carry a Vulnerabilities
//! condition (generated, seed fixed): evaluating everything, a condition's
//! what-if, and one condition added and removed.
//!
//! `cargo bench -p exempt-core --bench findings`

use criterion::{criterion_group, Criterion};
use exempt_core::exemption::{Exemption, Target, Vulnerabilities};
use exempt_core::synth::{reference_time, with_conditions, Spec, Synth, WithFindings};
use exempt_core::vulnerabilities::Severity;
use exempt_core::{Cloud, EnvironmentBuilder, ExemptionCategory, Session};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let spec = Spec {
        exemptions: 4_000,
        ..Spec::with_assessments(200_000)
    };
    let synth = Synth::new(spec);
    let mut builder = EnvironmentBuilder::new();
    builder.file("generated").unwrap();
    synth.rows(&mut WithFindings::new(&mut builder, 5, spec.seed));
    let env = builder.finish().unwrap();
    let mut list = synth.exemptions();
    let conditions = Synth::new(Spec {
        exemptions: 1_000,
        seed: spec.seed + 1,
        ..spec
    })
    .exemptions();
    list.extend(with_conditions(conditions, spec.seed));
    let mut s = Session::new(env, reference_time());
    s.set_exemptions(list.clone()).unwrap();
    eprintln!(
        "dataset: {} assessments, {} findings, {} exemptions ({} with a condition); {} findings exempted",
        s.environment().assessment_count(),
        s.environment().finding_count(),
        list.len(),
        list.iter()
            .filter(|e| matches!(e.target, Target::Vulnerabilities(_)))
            .count(),
        s.evaluation().findings_exempted()
    );

    let mut g = c.benchmark_group("findings");
    g.sample_size(20);
    g.bench_function(
        "evaluate 200k assessments, 1M findings x 5k exemptions",
        |b| b.iter(|| s.evaluate_again().unwrap()),
    );
    // The widest draft: every Azure resource, below the tenant root group.
    let root = "/providers/Microsoft.Management/managementGroups/tenant-root";
    let draft = Exemption::new(
        "draft",
        Cloud::Azure,
        vec![root.to_string()],
        ExemptionCategory::Waiver,
        Target::Vulnerabilities(Vulnerabilities {
            minimum_severity: Some(Severity::High),
            ..Default::default()
        }),
    );
    let impact = s.what_if(&draft);
    eprintln!(
        "the draft at the root group: {} findings matched, {} newly exempted, {} assessments decided",
        impact.findings_matched, impact.findings_exempted, impact.newly_exempt
    );
    g.bench_function("what-if: a condition at the root management group", |b| {
        b.iter(|| black_box(s.what_if(&draft)))
    });
    let mut with = list.clone();
    with.push(draft.clone());
    g.bench_function("add and remove one condition (incremental)", |b| {
        b.iter(|| {
            s.set_exemptions(with.clone()).unwrap();
            s.set_exemptions(list.clone()).unwrap();
        })
    });
    g.finish();
}

criterion_group!(group, benches);

fn main() {
    group();
    Criterion::default().configure_from_args().final_summary();
}
