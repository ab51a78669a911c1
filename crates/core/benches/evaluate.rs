//! The engine at scale: 1,000,000 assessments on 100,000 resources against
//! 10,000 and 50,000 exemptions (generated, seed fixed), against the
//! all-pairs loop, the what-if of one draft, and the lifecycle review.
//!
//! `cargo bench -p exempt-core --bench evaluate`

use criterion::{criterion_group, Criterion};
use exempt_core::exemption::{Exemption, Target};
use exempt_core::synth::{reference_time, Spec, Synth};
use exempt_core::{reference, Cloud, Environment, ExemptionCategory, Posture, Session};
use std::hint::black_box;
use std::sync::Arc;
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

/// Times `f` on a session whose caches were just dropped (by evaluating
/// again), leaving the re-evaluation out of the measurement.
fn cold(s: &mut Session, iters: u64, f: impl Fn(&Session)) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        s.evaluate_again().unwrap();
        let t = Instant::now();
        f(s);
        total += t.elapsed();
    }
    total
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
    let mut s = Session::new(env.clone(), at);
    s.set_exemptions(list.clone()).unwrap();

    let mut g = c.benchmark_group("engine");
    g.sample_size(20);
    g.bench_function("evaluate 1M assessments x 10k exemptions", |b| {
        b.iter(|| s.evaluate_again().unwrap())
    });
    g.bench_function("secure score of 1M assessments", |b| {
        b.iter(|| black_box(Posture::compute(s.environment(), s.evaluation().statuses()).overall()))
    });
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
        b.iter(|| black_box(s.what_if(&typical)))
    });
    g.bench_function("what-if: root management group, whole category", |b| {
        b.iter(|| black_box(s.what_if(&worst)))
    });
    g.bench_function("lifecycle findings, 10k exemptions", |b| {
        b.iter_custom(|n| {
            cold(&mut s, n, |s| {
                black_box(s.findings().len());
            })
        })
    });
    g.bench_function("each exemption's worth, 10k exemptions", |b| {
        b.iter_custom(|n| {
            cold(&mut s, n, |s| {
                black_box(s.contributions().without_each.len());
            })
        })
    });
    g.finish();

    let mut g = c.benchmark_group("at 50k exemptions");
    g.sample_size(10);
    let many = Synth::new(Spec {
        exemptions: 50_000,
        ..Spec::large()
    })
    .exemptions();
    let mut s50 = Session::new(env.clone(), at);
    s50.set_exemptions(many).unwrap();
    eprintln!(
        "50k generated exemptions: {} findings",
        s50.findings().len()
    );
    g.bench_function("evaluate 1M assessments x 50k exemptions", |b| {
        b.iter(|| s50.evaluate_again().unwrap())
    });
    // An edit as the app's worker hands it over: the whole list after the
    // edit, replacing the session's (made beforehand, outside the timing).
    let edit = |s: &mut Session, n: u64, change: &dyn Fn(&mut Vec<Arc<Exemption>>, u64)| {
        let mut total = Duration::ZERO;
        for i in 0..n {
            let mut list = s.exemptions().to_vec();
            change(&mut list, i);
            let t = Instant::now();
            s.set_exemptions_at(list, at).unwrap();
            total += t.elapsed();
        }
        total
    };
    let base = s50.exemptions().to_vec();
    g.bench_function("edit at 50k exemptions: rename one", |b| {
        b.iter_custom(|n| {
            edit(&mut s50, n, &|l, i| {
                Arc::make_mut(&mut l[0]).name = format!("renamed {i}")
            })
        })
    });
    g.bench_function("edit at 50k exemptions: add one", |b| {
        b.iter_custom(|n| {
            let mut d = Exemption::clone(&base[1]);
            d.name = "added".into();
            let total = edit(&mut s50, n, &|l, _| l.push(Arc::new(d.clone())));
            s50.set_exemptions(base.clone()).unwrap();
            total
        })
    });
    g.bench_function("edit at 50k exemptions: remove one", |b| {
        b.iter_custom(|n| {
            let total = edit(&mut s50, n, &|l, _| {
                l.pop();
            });
            s50.set_exemptions(base.clone()).unwrap();
            total
        })
    });
    g.bench_function("edit at 50k exemptions: remove the first", |b| {
        b.iter_custom(|n| {
            let total = edit(&mut s50, n, &|l, _| {
                l.remove(0);
            });
            s50.set_exemptions(base.clone()).unwrap();
            total
        })
    });
    g.bench_function("lifecycle findings, 50k exemptions", |b| {
        b.iter_custom(|n| {
            cold(&mut s50, n, |s| {
                black_box(s.findings().len());
            })
        })
    });
    g.bench_function("each exemption's worth, 50k exemptions", |b| {
        b.iter_custom(|n| {
            cold(&mut s50, n, |s| {
                black_box(s.contributions().without_each.len());
            })
        })
    });
    // The worst case for pairwise reviews: every exemption covers the same
    // assessments (a whole subscription, a whole category).
    let same: Vec<Exemption> = (0..50_000)
        .map(|i| {
            let mut e = Exemption::new(
                format!("Same {i}"),
                Cloud::Azure,
                vec![format!("/subscriptions/{sub}")],
                if i % 2 == 0 {
                    ExemptionCategory::Mitigated
                } else {
                    ExemptionCategory::Waiver
                },
                Target::Category("Compute".into()),
            );
            e.id = Some(i.to_string());
            e
        })
        .collect();
    let mut same_session = Session::new(env.clone(), at);
    same_session.set_exemptions(same).unwrap();
    g.bench_function(
        "lifecycle findings, 50k exemptions covering the same assessments",
        |b| {
            b.iter_custom(|n| {
                cold(&mut same_session, n, |s| {
                    black_box(s.findings().len());
                })
            })
        },
    );
    g.finish();

    // Reopening a kept environment (the browser's IndexedDB copy).
    let kept = env.to_bytes().unwrap();
    eprintln!("kept environment: {:.1} MB", kept.len() as f64 / 1e6);
    let mut g = c.benchmark_group("kept");
    g.sample_size(10);
    g.bench_function("environment of 1M assessments from bytes", |b| {
        b.iter(|| black_box(Environment::from_bytes(&kept).unwrap().assessment_count()))
    });
    g.bench_function("environment of 1M assessments to bytes", |b| {
        b.iter(|| black_box(env.to_bytes().unwrap().len()))
    });
    g.finish();

    let mut g = c.benchmark_group("baseline");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    let slice: Vec<_> = env.assessments().take(SLICE).collect();
    g.bench_function(
        "all-pairs loop, 10k-assessment slice x 10k exemptions",
        |b| {
            b.iter(|| {
                for &a in &slice {
                    black_box(reference::decide(&env, &list, a, at));
                }
            })
        },
    );
    g.finish();

    // The ratio the README quotes, measured here rather than computed by hand.
    let engine = best_of(7, || s.evaluate_again().unwrap());
    let naive = best_of(3, || {
        for &a in &slice {
            black_box(reference::decide(&env, &list, a, at));
        }
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
