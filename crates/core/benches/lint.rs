//! The linter at scale: 50,000 generated exemptions (as their file's text)
//! against the 1,000,000-assessment environment, every rule that needs the
//! environment included; and the file-only rules on the same text.
//!
//! `cargo bench -p exempt-core --bench lint`
//!
//! With the command line's allocator, so that the figure is the command's.

use criterion::{criterion_group, Criterion};
use exempt_core::exemption::ExemptionFile;
use exempt_core::lint::{lint, Inputs};
use exempt_core::synth::{reference_time, Spec, Synth};
use exempt_core::Session;
use std::hint::black_box;
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn benches(c: &mut Criterion) {
    let synth = Synth::new(Spec {
        exemptions: 50_000,
        ..Spec::large()
    });
    let env = synth.environment();
    let at = reference_time();
    let file = ExemptionFile {
        exemptions: synth.exemptions(),
        ..ExemptionFile::default()
    };
    let text = serde_json::to_string_pretty(&file.to_value()).unwrap();
    let mut session = Session::new(env.clone(), at);
    let report = lint(
        &text,
        Inputs {
            session: Some(&mut session),
            definitions: None,
            at,
        },
    )
    .unwrap();
    eprintln!(
        "{} exemptions, {:.1} MB of text: {} errors, {} warnings, {} notes",
        file.exemptions.len(),
        text.len() as f64 / 1e6,
        report.errors,
        report.warnings,
        report.notes
    );
    // Only the environment stays: the first run's session would double
    // the memory the measured runs work in, which the command never has.
    drop(session);
    drop(synth);
    let mut g = c.benchmark_group("lint");
    g.sample_size(10);
    // A fresh session each time, as `exempt lint` has: the file's
    // exemptions are evaluated and reviewed from nothing (building the
    // session is left out of the time).
    g.bench_function("lint 50k exemptions on 1M assessments", |b| {
        b.iter_custom(|n| {
            let mut total = Duration::ZERO;
            for _ in 0..n {
                let mut fresh = Session::new(env.clone(), at);
                let t = Instant::now();
                let r = lint(
                    &text,
                    Inputs {
                        session: Some(&mut fresh),
                        definitions: None,
                        at,
                    },
                )
                .unwrap();
                total += t.elapsed();
                black_box(r.findings.len());
            }
            total
        })
    });
    g.bench_function("lint 50k exemptions, the file alone", |b| {
        b.iter(|| {
            let r = lint(
                &text,
                Inputs {
                    session: None,
                    definitions: None,
                    at,
                },
            )
            .unwrap();
            black_box(r.findings.len())
        })
    });
    g.finish();
}

criterion_group!(group, benches);

fn main() {
    group();
    Criterion::default().configure_from_args().final_summary();
}
