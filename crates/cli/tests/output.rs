//! Standard output that goes away: a reader that stops early (`| head`)
//! ends the command quietly with the status a SIGPIPE gives; a full disk is
//! an error that says so. Neither is ever a panic.

mod common;

use common::{command, demo_inputs, scratch, stderr, AT};
use serde_json::json;
use std::process::{Output, Stdio};
use std::sync::OnceLock;

/// The demo environment with 5,000 expired exemptions: every command's
/// output is then far larger than a pipe holds, so the command is still
/// writing when the reader has gone, however the two are scheduled.
fn many_exemptions() -> &'static str {
    static FILE: OnceLock<String> = OnceLock::new();
    FILE.get_or_init(|| {
        let exemptions: Vec<_> = (0..5_000)
            .map(|i| {
                json!({"name": format!("exemption number {i:05}"), "cloud": "Azure",
                       "scopes": ["/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64"],
                       "category": "waiver", "recommendationCategory": "Compute",
                       "expiresOn": "2020-01-01T00:00:00Z"})
            })
            .collect();
        scratch(
            "output-many-exemptions.json",
            common::exemption_file(&exemptions),
        )
    })
}

const ASSESSMENT: &str = "/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64/resourceGroups/rg-legacy/providers/Microsoft.Compute/virtualMachines/vm-legacy-01/providers/Microsoft.Security/assessments/4ab6e3c5-74dd-8b35-9ab9-f61b30875b27";

/// Each command with large output, as arguments.
fn commands() -> Vec<Vec<String>> {
    let exemptions = many_exemptions().to_string();
    let with_inputs = |head: &[&str]| {
        let mut args: Vec<String> = head.iter().map(|s| s.to_string()).collect();
        args.extend(["-e".to_string(), exemptions.clone()]);
        args.extend(demo_inputs());
        args
    };
    vec![
        with_inputs(&["evaluate", "--at", AT]),
        with_inputs(&["evaluate", "--at", AT, "--format", "table"]),
        with_inputs(&["explain", "--at", AT, "--assessment", ASSESSMENT]),
        with_inputs(&[
            "explain",
            "--at",
            AT,
            "--assessment",
            ASSESSMENT,
            "--format",
            "json",
        ]),
        vec![
            "validate".into(),
            "--at".into(),
            AT.into(),
            exemptions.clone(),
        ],
    ]
}

fn never_panicked(o: &Output, args: &[String]) {
    assert_ne!(
        o.status.code(),
        Some(101),
        "{args:?} panicked: {}",
        stderr(o)
    );
}

#[test]
fn a_closed_pipe_ends_quietly_with_141() {
    for args in commands() {
        let mut child = command()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before the command has written anything.
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        never_panicked(&o, &args);
        assert_eq!(o.status.code(), Some(141), "{args:?}: {}", stderr(&o));
        assert!(o.stderr.is_empty(), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_full_disk_is_an_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("no /dev/full here: nothing to test");
        return;
    };
    for args in commands() {
        let o = command()
            .args(&args)
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        never_panicked(&o, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.starts_with("error: writing the output: "),
            "{args:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
}
