//! What the command's tests share: running it, the demo files, scratch
//! files, and checks on what reaches a terminal.
#![allow(dead_code)] // each test file uses its own part

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The evaluation time of the tests: the demo's "now".
pub const AT: &str = "2026-11-24T00:00:00Z";

/// The command, not yet run.
pub fn command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_exempt"))
}

/// Runs the command to the end.
pub fn exempt(args: &[&str]) -> Output {
    command().args(args).output().expect("runs")
}

/// The repository's top folder.
pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A file of the demo environment.
pub fn demo(name: &str) -> String {
    repository().join("demo").join(name).display().to_string()
}

/// The demo's three Resource Graph files, as arguments.
pub fn demo_inputs() -> Vec<String> {
    ["containers.json", "controls.json", "assessments.json"]
        .map(demo)
        .to_vec()
}

/// A folder of the tests' own files.
pub fn scratch_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `text` to a scratch file and returns its path.
///
/// Tests run on several threads and some write the same inputs, so the text
/// goes to a file of this call's own and is renamed into place: a reader sees
/// the whole file, never one another test has just truncated.
pub fn scratch(name: &str, text: impl AsRef<[u8]>) -> String {
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = scratch_dir();
    let path = dir.join(name);
    let partial = dir.join(format!(".scratch-{name}.{}.{call}", std::process::id()));
    std::fs::write(&partial, text).unwrap();
    std::fs::rename(&partial, &path).unwrap();
    path.display().to_string()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// An exemption file's text for these exemption objects.
pub fn exemption_file(exemptions: &[serde_json::Value]) -> String {
    serde_json::json!({ "exemptions": exemptions }).to_string()
}

/// Fails when `bytes` hold a character that drives a terminal: ESC, BEL
/// or another C0 control but newline and tab, DEL, a C1 control (as
/// UTF-8), or a bidirectional override or isolate.
pub fn assert_no_terminal_controls(bytes: &[u8], what: &str) {
    assert!(!bytes.contains(&0x1b), "ESC in {what}");
    assert!(!bytes.contains(&0x07), "BEL in {what}");
    let text = String::from_utf8_lossy(bytes);
    let bad = text.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    });
    assert!(bad.is_none(), "{bad:?} in {what}: {text}");
}
