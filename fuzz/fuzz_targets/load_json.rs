//! An export as `exempt evaluate` reads it: decoded, read into an
//! environment, and, when it loads, evaluated with the demo's exemptions.
//! A refusal of the input must name the file.

#![no_main]

use chrono::{TimeZone, Utc};
use exempt_core::input::load_json;
use exempt_core::{EnvironmentBuilder, ErrorKind, Session};
use libfuzzer_sys::fuzz_target;

const FILE: &str = "fuzzed.json";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = exempt_core::encoding::decode(data) else {
        return;
    };
    let mut builder = EnvironmentBuilder::new();
    if let Err(e) = load_json(&mut builder, FILE, &text) {
        if e.kind == ErrorKind::Input {
            assert!(e.to_string().contains(FILE), "names no file: {e}");
        }
        return;
    }
    let Ok(env) = builder.finish() else {
        return;
    };
    let at = Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap();
    let mut session = Session::new(env, at);
    let exemptions = exempt_core::demo::exemptions().unwrap().exemptions;
    if session.set_exemptions(exemptions).is_ok() {
        let report = serde_json::to_string(&session.report()).unwrap();
        assert!(report.starts_with('{'));
        if let Some(a) = session.environment().assessments().next() {
            session.explain(a).unwrap();
        }
    }
});
