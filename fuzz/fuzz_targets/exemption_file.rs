//! An exemption file as `exempt validate` reads it: parsed and checked;
//! when valid, written back (it must read back the same) and evaluated on
//! the demo environment.

#![no_main]

use chrono::{TimeZone, Utc};
use exempt_core::exemption::ExemptionFile;
use exempt_core::{Environment, Session};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn demo() -> &'static Environment {
    static DEMO: OnceLock<Environment> = OnceLock::new();
    DEMO.get_or_init(|| exempt_core::demo::environment().unwrap())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = exempt_core::encoding::decode(data) else {
        return;
    };
    let file = match ExemptionFile::parse(&text) {
        Ok(file) => file,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    let again = ExemptionFile::parse(&file.to_value().to_string()).unwrap();
    assert_eq!(again, file, "written back, the file reads differently");
    let at = Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap();
    let mut session = Session::new(demo().clone(), at);
    if session.set_exemptions(file.exemptions).is_ok() {
        serde_json::to_string(&session.report()).unwrap();
        for e in session.exemptions().iter().take(4) {
            session.what_if(e);
        }
    }
});
