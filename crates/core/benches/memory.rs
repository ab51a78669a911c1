//! Heap held by the 1,000,000-assessment environment, counted by a global
//! allocator (no sampling, no guesswork).
//!
//! `cargo bench -p exempt-core --bench memory`

use exempt_core::synth::{reference_time, Spec, Synth};
use exempt_core::{evaluate, Posture};
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
    let synth = Synth::new(Spec::large());
    let exemptions = synth.exemptions();
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let env = synth.environment();
    let held = LIVE.load(Relaxed) - base;
    let peak = PEAK.load(Relaxed) - base;
    let before = LIVE.load(Relaxed);
    let evaluation = evaluate(&env, &exemptions, reference_time());
    let posture = Posture::compute(&env, evaluation.statuses());
    let evaluated = LIVE.load(Relaxed) - before;
    println!(
        "environment: {} assessments, {} resources: {:.1} MB held ({:.1} bytes per assessment), {:.1} MB peak while building",
        env.assessment_count(),
        env.resource_count(),
        mb(held),
        held as f64 / env.assessment_count() as f64,
        mb(peak)
    );
    println!(
        "evaluation with {} exemptions and its posture: {:.1} MB more",
        exemptions.len(),
        mb(evaluated)
    );
    std::hint::black_box((&env, &evaluation, &posture));
}
