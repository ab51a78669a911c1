//! The engine at scale: 1,000,000 assessments on 100,000 resources against
//! 10,000 exemptions (generated, seed fixed), against the all-pairs loop, and
//! the what-if of one draft.
//!
//! `cargo bench -p exempt-core --bench evaluate`

use criterion::{criterion_group, Criterion};
use exempt_core::exemption::{Exemption, Target};
use exempt_core::synth::{reference_time, Spec, Synth};
use exempt_core::{evaluate, reference, what_if, Cloud, ExemptionCategory, Posture};
use std::hint::black_box;
use std::time::{Duration, Instant};

const SLICE: usize = 10_000;

fn draft(scopes: Vec<String>, target: Target) -> Exemption {
    Exemption::new(
        "draft",
        Cloud::Azure,
        scopes,
        ExemptionCategory::Waiver,
        target,
    )
}

fn benches(c: &mut Criterion) {
    let synth = Synth::new(Spec::large());
    let env = synth.environment();
    let list = synth.exemptions();
    let at = reference_time();
    eprintln!(
        "dataset: {} assessments, {} resources, {} exemptions",
        env.assessment_count(),
        env.resource_count(),
        list.len()
    );

    let mut g = c.benchmark_group("engine");
    g.sample_size(20);
    g.bench_function("evaluate 1M assessments x 10k exemptions", |b| {
        b.iter(|| black_box(evaluate(&env, &list, at)))
    });
    let evaluation = evaluate(&env, &list, at);
    g.bench_function("secure score of 1M assessments", |b| {
        b.iter(|| black_box(Posture::compute(&env, evaluation.statuses()).overall()))
    });
    let posture = Posture::compute(&env, evaluation.statuses());
    let sub = synth.subscription_ids().next().unwrap().to_string();
    let typical = draft(
        vec![format!("/subscriptions/{sub}")],
        Target::Recommendations(
            (0..3)
                .map(|i| synth.key_of_category(i, i).to_string())
                .collect(),
        ),
    );
    let worst = draft(
        vec!["/providers/Microsoft.Management/managementGroups/tenant-root".into()],
        Target::Category("Compute".into()),
    );
    g.bench_function("what-if: one subscription, three recommendations", |b| {
        b.iter(|| black_box(what_if(&env, &evaluation, &posture, &typical)))
    });
    g.bench_function("what-if: root management group, whole category", |b| {
        b.iter(|| black_box(what_if(&env, &evaluation, &posture, &worst)))
    });
    g.bench_function("all applying exemptions of 1M assessments", |b| {
        b.iter(|| black_box(exempt_core::applications(&env, &list, at)))
    });
    let apps = exempt_core::applications(&env, &list, at);
    eprintln!("applying (assessment, exemption) pairs: {}", apps.pairs());
    g.bench_function("lifecycle findings (overlaps, conflicts, unused)", |b| {
        b.iter(|| {
            black_box(exempt_core::lifecycle::review(
                &env,
                &list,
                &evaluation,
                &apps,
                chrono::Duration::days(30),
            ))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("baseline");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function(
        "all-pairs loop, 10k-assessment slice x 10k exemptions",
        |b| b.iter(|| black_box(reference::decide_all(&env, &list, 0..SLICE, at))),
    );
    g.finish();

    // The ratio the README quotes, measured here rather than computed by hand.
    let engine = best_of(7, || {
        black_box(evaluate(&env, &list, at));
    });
    let naive = best_of(3, || {
        black_box(reference::decide_all(&env, &list, 0..SLICE, at));
    });
    let scaled = naive.as_secs_f64() * env.assessment_count() as f64 / SLICE as f64;
    eprintln!(
        "engine {:.1} ms for {} assessments ({:.1} M/s); all-pairs {:.2} s for {SLICE}, {:.0} s scaled; speed-up {:.0}x",
        engine.as_secs_f64() * 1e3,
        env.assessment_count(),
        env.assessment_count() as f64 / engine.as_secs_f64() / 1e6,
        naive.as_secs_f64(),
        scaled,
        scaled / engine.as_secs_f64()
    );
}

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

criterion_group!(group, benches);

fn main() {
    group();
    Criterion::default().configure_from_args().final_summary();
}
