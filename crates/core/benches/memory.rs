//! Heap held by the 1,000,000-assessment environment, counted by a global
//! allocator (no sampling, no guesswork).
//!
//! `cargo bench -p exempt-core --bench memory`

use exempt_core::session::ReviewStage;
use exempt_core::synth::{reference_time, Spec, Synth};
use exempt_core::workspace::{numbered_ids, Held, Workspace};
use exempt_core::Session;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let live = LIVE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
            PEAK.fetch_max(live, Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench -- --list` asks every bench target for its names
    }
    let synth = Synth::new(Spec {
        exemptions: 50_000,
        ..Spec::large()
    });
    let exemptions = synth.exemptions();
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let env = synth.environment();
    let held = LIVE.load(Relaxed) - base;
    let peak = PEAK.load(Relaxed) - base;
    let (assessments, resources) = (env.assessment_count(), env.resource_count());
    let before = LIVE.load(Relaxed);
    let mut session = Session::new(env, reference_time());
    session.set_exemptions(exemptions).unwrap();
    let evaluated = LIVE.load(Relaxed) - before;
    session.findings();
    session.contributions();
    let reviewed = LIVE.load(Relaxed) - before;
    let peak_all = PEAK.load(Relaxed) - base;
    println!(
        "environment: {assessments} assessments, {resources} resources: {:.1} MB held ({:.1} bytes per assessment), {:.1} MB peak while building",
        mb(held),
        held as f64 / assessments as f64,
        mb(peak)
    );
    println!(
        "session with {} exemptions, evaluated and scored: {:.1} MB more; with findings and each exemption's worth: {:.1} MB more; peak of everything: {:.1} MB",
        session.exemptions().len(),
        mb(evaluated),
        mb(reviewed),
        mb(peak_all)
    );
    std::hint::black_box(&session);
    drop(session);

    // The app's worker holds the same through the workspace, and after the
    // review it also prepares the list's rows and runs the linter.
    let env = synth.environment();
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let mut ws = Workspace::new(numbered_ids());
    ws.set_environment(env, reference_time());
    ws.hold(synth.exemptions(), Held::Generated, reference_time())
        .unwrap();
    let held = LIVE.load(Relaxed) - before;
    let mut peaks = vec![PEAK.load(Relaxed) - before];
    let s = ws.session().unwrap();
    s.prepare_rows();
    let rows = LIVE.load(Relaxed) - before;
    peaks.push(PEAK.swap(LIVE.load(Relaxed), Relaxed) - before);
    while s.review_step(100_000).stage != ReviewStage::Done {}
    let reviewed = LIVE.load(Relaxed) - before;
    peaks.push(PEAK.swap(LIVE.load(Relaxed), Relaxed) - before);
    ws.prepare_problems().unwrap();
    let linted = LIVE.load(Relaxed) - before;
    peaks.push(PEAK.load(Relaxed) - before);
    let peaks: Vec<String> = peaks.iter().map(|p| format!("{:.0}", mb(*p))).collect();
    println!(
        "the worker's workspace, beyond the environment: exemptions held and evaluated {:.1} MB, the list's rows {:.1} MB, the review {:.1} MB, the linter {:.1} MB; peak by stage {} MB",
        mb(held),
        mb(rows - held),
        mb(reviewed - rows),
        mb(linted - reviewed),
        peaks.join(" / ")
    );
    std::hint::black_box(&ws);
}
