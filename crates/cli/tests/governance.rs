//! Requests, decisions and the evidence pack through the command line:
//! the requester never decides, a refused decision leaves the file as it
//! was, and the pack's numbers are `evaluate`'s.

mod common;

use common::{exempt, scratch, scratch_dir, stderr, stdout, AT};
use serde_json::Value;

const LEGACY: &str = "/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64/resourceGroups/rg-legacy";
const UPDATES: &str = "4ab6e3c5-74dd-8b35-9ab9-f61b30875b27";

fn file(name: &str) -> String {
    let text = serde_json::json!({
        "policy": {"requireApproval": true, "requireOwner": true},
        "exemptions": [{
            "name": "Legacy VMs patched by Tanium", "cloud": "Azure", "scopes": [LEGACY],
            "category": "mitigated", "recommendations": [UPDATES],
            "owner": "alice@contoso.com", "requestedBy": "bob@contoso.com",
            "requestedOn": "2026-11-01T09:00:00Z"
        }, {
            "name": "Shop <b>assets</b> & \"more\"", "cloud": "Azure",
            "scopes": ["/subscriptions/6e3a1c8d-9f72-4b05-a4e6-1b8d2f7c0e93"],
            "category": "waiver", "recommendationCategory": "Networking",
            "owner": "web@contoso.com", "ticket": "=HYPERLINK(\"http://x\")",
            "requestedBy": "dan@contoso.com",
            "approval": {"by": "carol@contoso.com", "on": "2026-11-02T10:00:00Z", "decision": "approved"}
        }]
    });
    scratch(name, serde_json::to_string_pretty(&text).unwrap())
}

fn report(path: &str) -> Value {
    let o = exempt(&["evaluate", "--at", AT, "-e", path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn states(report: &Value) -> Vec<String> {
    report["exemptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["state"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_requester_cannot_approve_and_another_person_can() {
    let path = file("approve.json");
    let before = std::fs::read_to_string(&path).unwrap();
    assert_eq!(states(&report(&path)), ["pending", "active"]);

    let o = exempt(&[
        "approve",
        &path,
        "--name",
        " LEGACY vms patched by tanium",
        "--as",
        " Bob@Contoso.com ",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the requester cannot decide their own request"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        before,
        "a refusal writes nothing"
    );

    let o = exempt(&[
        "approve",
        &path,
        "--name",
        "legacy vms patched by tanium",
        "--as",
        "carol@contoso.com",
        "--comment",
        "Tanium covers them",
        "--at",
        "2026-11-03T08:00:00Z",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("recorded, not verified"),
        "{}",
        stderr(&o)
    );
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        written["exemptions"][0]["approval"],
        serde_json::json!({"by": "carol@contoso.com", "on": "2026-11-03T08:00:00Z",
                           "decision": "approved", "comment": "Tanium covers them"})
    );
    assert_eq!(written["policy"]["requireApproval"], true);
    assert_eq!(states(&report(&path)), ["active", "active"]);
}

#[test]
fn reject_writes_another_file_and_the_rejected_one_never_applies() {
    let path = file("reject.json");
    let out = scratch_dir().join("rejected.json").display().to_string();
    let o = exempt(&[
        "reject",
        &path,
        "--name",
        "Shop <b>assets</b> & \"more\"",
        "--as",
        "erin",
        "-o",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = report(&out);
    assert_eq!(states(&r), ["pending", "rejected"]);
    assert!(r["exemptions"][1]["decided"] == 0);
    // The original keeps its approval.
    assert_eq!(states(&report(&path)), ["pending", "active"]);
}

#[test]
fn a_self_approved_file_is_refused_by_every_command_naming_the_exemption() {
    let text = std::fs::read_to_string(file("self.json")).unwrap().replace(
        "\"by\": \"carol@contoso.com\"",
        "\"by\": \"DAN@contoso.com\"",
    );
    let path = scratch("self-approved.json", text);
    for args in [
        vec!["validate", path.as_str()],
        vec!["evaluate", "--at", AT, "-e", &path],
        vec!["report", "--format", "json", "--at", AT, "-e", &path],
    ] {
        let o = exempt(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(r#"exemption 2 "Shop <b>assets</b> & "more"": approval.by:"#),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(o.stdout.is_empty(), "no partial output");
    }
}

#[test]
fn the_pack_gives_evaluates_numbers_and_escapes_every_value() {
    let path = file("pack.json");
    let r = report(&path);
    let o = exempt(&["report", "--format", "json", "--at", AT, "-e", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pack: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(pack["score"]["with"], r["secureScore"]);
    assert_eq!(pack["score"]["without"], r["secureScoreWithoutExemptions"]);
    assert_eq!(
        pack["pending"]["ifApproved"],
        r["pending"]["secureScoreIfApproved"]
    );
    assert_eq!(pack["exemptions"][0]["state"], "pending");
    assert_eq!(
        pack["exemptions"][1]["decides"],
        r["exemptions"][1]["decided"]
    );

    let html = scratch_dir().join("pack.html");
    let o = exempt(&[
        "report",
        "--at",
        AT,
        "-e",
        &path,
        "-o",
        &html.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Shop &lt;b&gt;assets&lt;/b&gt; &amp; &quot;more&quot;"));
    assert!(!page.contains("<b>assets"));
    assert!(!page.to_ascii_lowercase().contains("<script"));
    assert!(page.contains("default-src 'none'"));
    assert!(page.contains("recorded as typed, not authenticated"));

    let o = exempt(&["report", "--format", "csv", "--at", AT, "-e", &path]);
    let csv = stdout(&o);
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");

    let o = exempt(&["report", "--at", AT, "-e", &path]);
    assert_eq!(o.status.code(), Some(2), "HTML needs a file");
}
