//! Mutation fuzzing on stable Rust. Real-shaped inputs (the demo's files,
//! Azure's examples and the fixtures under `tests/data`, exemption files of
//! this format and of Azure's) are mutated field by field (retyped,
//! removed, repeated, replaced by huge numbers, long strings, deep nesting,
//! odd dates and scopes, Unicode edge cases) and byte by byte (flipped,
//! cut, inserted, deleted, doubled), then fed to every reader and, when
//! they load, to a session that evaluates, explains and reports.
//!
//! Asserted: no panic; no hang (each case runs under a deadline); every
//! refusal of an input names the file it was given as; decoding agrees with
//! the standard library. `cargo fuzz` targets (`fuzz/`) run the same
//! readers for longer.

use chrono::{DateTime, TimeZone, Utc};
use exempt_core::exemption::ExemptionFile;
use exempt_core::input::load_json;
use exempt_core::{Environment, EnvironmentBuilder, Error, ErrorKind, Exemption, Session};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The name the mutated file is loaded as.
const FILE: &str = "mutated.json";

/// How long one case may take before it counts as a hang. Cases take
/// milliseconds; the margin is for a loaded machine.
const DEADLINE: Duration = Duration::from_secs(20);

/// Seeds larger than this are left out, to keep each case fast.
const MAX_SEED: usize = 64 * 1024;

struct Seeds {
    /// Resource Graph and REST exports, as text.
    inputs: Vec<(String, String)>,
    /// Exemption files of this format.
    exemptions: Vec<(String, String)>,
    /// Azure Policy's exemption formats and others, which are refused.
    foreign: Vec<(String, String)>,
    /// Every seed file's bytes, other encodings included.
    raw: Vec<(String, Vec<u8>)>,
    /// Valid exemption lists for sessions on mutated inputs.
    lists: Vec<Vec<Exemption>>,
    /// Files loaded before the mutated one, so that rows find their
    /// subscriptions and controls.
    companions: Vec<(String, String)>,
    /// The demo environment, for sessions on mutated exemption files.
    demo: Environment,
}

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn files(dir: &str, extensions: &[&str]) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(data(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| extensions.iter().any(|e| x == *e))
        })
        .map(|p| {
            let name = format!("{dir}/{}", p.file_name().unwrap().to_string_lossy());
            (name, std::fs::read(&p).unwrap())
        })
        .filter(|(_, bytes)| bytes.len() <= MAX_SEED)
        .collect();
    out.sort();
    out
}

fn seeds() -> &'static Arc<Seeds> {
    static SEEDS: OnceLock<Arc<Seeds>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut raw = Vec::new();
        let mut inputs = Vec::new();
        let mut exemptions = Vec::new();
        let mut foreign = Vec::new();
        let mut lists = vec![exempt_core::demo::exemptions().unwrap().exemptions];

        // The demo, its assessments cut to the first rows.
        for (name, text) in exempt_core::demo::FILES {
            let mut value: Value = serde_json::from_str(text).unwrap();
            if let Some(rows) = value.get_mut("data").and_then(Value::as_array_mut) {
                rows.truncate(40);
            }
            inputs.push((
                name.to_string(),
                serde_json::to_string_pretty(&value).unwrap(),
            ));
        }
        let (name, text) = exempt_core::demo::EXEMPTIONS;
        exemptions.push((name.to_string(), text.to_string()));

        for dir in ["tests/data/inputs", "tests/data/azure", "tests/data/shared"] {
            for (name, bytes) in files(dir, &["json", "txt", "csv"]) {
                if let Ok(text) = exempt_core::input::decode(&bytes) {
                    inputs.push((name.clone(), text.into_owned()));
                }
                raw.push((name, bytes));
            }
        }
        for (name, bytes) in files("tests/data/formats", &["json", "jsonc", "csv"]) {
            if let Ok(text) = exempt_core::input::decode(&bytes) {
                foreign.push((name.clone(), text.into_owned()));
            }
            raw.push((name, bytes));
        }
        for (name, bytes) in files("tests/data/cases", &["json"]) {
            let case: Value = serde_json::from_slice(&bytes).unwrap();
            for (i, input) in case["inputs"].as_array().into_iter().flatten().enumerate() {
                inputs.push((format!("{name} input {i}"), input.to_string()));
            }
            let text = match &case["exemptions"] {
                Value::Null => None,
                Value::String(raw) => Some(raw.clone()),
                v => Some(serde_json::to_string_pretty(v).unwrap()),
            };
            if let Some(text) = text {
                if let Ok(file) = ExemptionFile::parse(&text) {
                    lists.push(file.exemptions);
                }
                exemptions.push((format!("{name} exemptions"), text));
            }
        }
        for (name, text) in &inputs {
            raw.push((name.clone(), text.clone().into_bytes()));
        }
        let companions = [
            "tests/data/shared/containers.json",
            "tests/data/shared/controls.json",
        ]
        .map(|f| (f.to_string(), std::fs::read_to_string(data(f)).unwrap()))
        .to_vec();
        Arc::new(Seeds {
            inputs,
            exemptions,
            foreign,
            raw,
            lists,
            companions,
            demo: exempt_core::demo::environment().unwrap(),
        })
    })
}

/// Raw JSON text put in place of a value or into the bytes.
const FIXED: &[&str] = &[
    // Numbers at and beyond the edges of f64 and of integers.
    "1e308",
    "-1e308",
    "1e999",
    "-1e999",
    "-0",
    "-0.0",
    "9007199254740993",
    "18446744073709551616",
    "-9223372036854775809",
    "4.9e-324",
    "1e-400",
    "0.1e1",
    "NaN",
    "Infinity",
    "01",
    "1.",
    ".5",
    "+1",
    // Other types.
    "null",
    "true",
    "false",
    "[]",
    "{}",
    "\"\"",
    "\" \"",
    "[null]",
    "{\"\": null}",
    "[[]]",
    // Unicode edge cases.
    r#""\ud800""#,
    r#""\udc00x""#,
    r#""\ud800\udc00""#,
    r#""\u0000""#,
    "\"a\u{0}b\"",
    "\"\u{feff}x\"",
    "\u{feff}",
    "\"\u{202e}evil\u{2066}\"",
    r#""\u001b]0;t\u0007""#,
    "\"\u{1b}[2J\"",
    "\"\u{9b}\"",
    "\"I\u{307}İıß\u{1e9e}ﬀ\"",
    "\"\u{fffd}\"",
    r#""\"""#,
    // Dates.
    "\"2026-02-30T00:00:00Z\"",
    "\"9999-12-31T23:59:60Z\"",
    "\"+275760-09-13T00:00:00Z\"",
    "\"2026-11-24T00:00:00+24:00\"",
    "\"2026-11-24\"",
    "\"0000-01-01T00:00:00Z\"",
    "\"2026-11-24T00:00:00.99999999999Z\"",
    "\"2262-04-11T23:47:16.854775808Z\"",
    "\"1969-12-31T23:59:59-23:59\"",
    "\"2026-11-24t00:00:00z\"",
    "\" 2026-11-24T00:00:00Z \"",
    // Scopes.
    "\"/\"",
    "\"//\"",
    "\"/subscriptions/\"",
    "\"/subscriptions/s/../t\"",
    "\"/subscriptions/s/./rg\"",
    "\"/providers/Microsoft.Management/managementGroups/\"",
    "\"/providers/Microsoft.Management/managementGroups/x/subscriptions/y\"",
    "\"/SUBSCRİPTİONS/s\"",
    "\"/subscriptions/ß/resourceGroups/ẞ\"",
    "\"/subscriptions/00000000-0000-0000-0000-000000000001/\"",
    "\"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg\"",
    "\"/subscriptions/s\\u0000/x\"",
    "\"subscriptions/s\"",
    "\"/subscriptions//s\"",
    // Fields of this format, as values.
    "\"Azure\"",
    "\"aws\"",
    "\"waiver\"",
    "\"Mitigated\"",
    "\"Healthy\"",
    "\"NotApplicable\"",
    "\"microsoft.security/assessments\"",
    "\"microsoft.resources/subscriptions\"",
    "\"microsoft.management/managementgroups\"",
    "\"Microsoft.Security/secureScoreControlDefinitions\"",
    // Comments and commas, for the JSONC reader.
    "// c\n",
    "/* c */",
    "/*",
    ",",
    ",,",
    ":",
    "\"",
    "\\",
];

/// Snippets made at run time: long strings, deep nesting, long paths.
const GENERATED: usize = 8;

const SNIPPETS: usize = FIXED.len() + GENERATED;

fn snippet(i: usize) -> String {
    match i.checked_sub(FIXED.len()) {
        None => FIXED[i].to_string(),
        Some(0) => format!("\"{}\"", "a".repeat(100_000)),
        Some(1) => format!("\"{}\"", "é\u{202e}".repeat(50_000)),
        Some(2) => format!("{}0{}", "[".repeat(10_000), "]".repeat(10_000)),
        Some(3) => format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000)),
        Some(4) => format!("\"{}\"", "/a".repeat(50_000)),
        Some(5) => format!("[{}0]", "0,".repeat(100_000)),
        Some(6) => format!("\"/subscriptions/s{}\"", "/resourceGroups/rg".repeat(5_000)),
        _ => "[".repeat(10_000),
    }
}

/// Fields whose values are worth replacing on purpose.
const KEYS: &[&str] = &[
    "type",
    "id",
    "name",
    "properties",
    "status",
    "code",
    "resourceDetails",
    "Source",
    "Id",
    "source",
    "metadata",
    "categories",
    "preview",
    "displayName",
    "subscriptionId",
    "managementGroupAncestorsChain",
    "details",
    "parent",
    "maxScore",
    "assessmentDefinitions",
    "data",
    "value",
    "exemptions",
    "cloud",
    "scopes",
    "category",
    "expiresOn",
    "createdOn",
    "recommendations",
    "recommendationCategory",
    "description",
    "createdBy",
];

/// An edit of the parsed document.
#[derive(Debug, Clone)]
enum TreeEdit {
    /// A node replaced by a snippet.
    Replace(Index, usize),
    /// The value of one occurrence of a known field replaced by a snippet.
    SetField(usize, Index, usize),
    /// A node given another type.
    Retype(Index),
    /// A field or element removed.
    Remove(Index),
    /// A field repeated (the text then holds the key twice).
    RepeatKey(Index),
    /// An element or field value doubled in place, several times.
    Grow(Index, u8),
}

/// An edit of the bytes.
#[derive(Debug, Clone)]
enum ByteEdit {
    Flip(Index, u8),
    Truncate(Index),
    Insert(Index, usize),
    Delete(Index, u16),
    Double(Index, u16),
    Prefix(u8),
}

fn tree_edit() -> impl Strategy<Value = TreeEdit> {
    let s = 0..SNIPPETS;
    prop_oneof![
        3 => (any::<Index>(), s.clone()).prop_map(|(i, s)| TreeEdit::Replace(i, s)),
        4 => (0..KEYS.len(), any::<Index>(), s).prop_map(|(k, i, s)| TreeEdit::SetField(k, i, s)),
        2 => any::<Index>().prop_map(TreeEdit::Retype),
        2 => any::<Index>().prop_map(TreeEdit::Remove),
        2 => any::<Index>().prop_map(TreeEdit::RepeatKey),
        1 => (any::<Index>(), 1..4u8).prop_map(|(i, n)| TreeEdit::Grow(i, n)),
    ]
}

/// Byte edits for a document that should mostly stay JSON: none in most
/// cases, so that the tree edits reach the readers' later checks.
fn few_byte_edits() -> impl Strategy<Value = Vec<ByteEdit>> {
    prop_oneof![
        3 => Just(Vec::new()),
        2 => prop::collection::vec(byte_edit(), 1..3),
    ]
}

fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    prop_oneof![
        3 => (any::<Index>(), 1..=255u8).prop_map(|(i, m)| ByteEdit::Flip(i, m)),
        1 => any::<Index>().prop_map(ByteEdit::Truncate),
        3 => (any::<Index>(), 0..SNIPPETS).prop_map(|(i, s)| ByteEdit::Insert(i, s)),
        1 => (any::<Index>(), 1..64u16).prop_map(|(i, n)| ByteEdit::Delete(i, n)),
        1 => (any::<Index>(), 1..64u16).prop_map(|(i, n)| ByteEdit::Double(i, n)),
        1 => (0..4u8).prop_map(ByteEdit::Prefix),
    ]
}

fn count(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count).sum(),
        Value::Object(o) => o.values().map(count).sum(),
        _ => 0,
    }
}

/// The `k`th node in pre-order.
fn nth(v: &mut Value, mut k: usize) -> &mut Value {
    if k == 0 {
        return v;
    }
    k -= 1;
    let children: Box<dyn Iterator<Item = &mut Value>> = match v {
        Value::Array(a) => Box::new(a.iter_mut()),
        Value::Object(o) => Box::new(o.values_mut()),
        _ => unreachable!("counted"),
    };
    for child in children {
        let c = count(child);
        if k < c {
            return nth(child, k);
        }
        k -= c;
    }
    unreachable!("counted")
}

fn count_containers(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(count_containers).sum::<usize>(),
        Value::Object(o) => 1 + o.values().map(count_containers).sum::<usize>(),
        _ => 0,
    }
}

/// The `k`th array or object in pre-order; `v` must be one.
fn nth_container(v: &mut Value, mut k: usize) -> &mut Value {
    if k == 0 {
        return v;
    }
    k -= 1;
    let children: Box<dyn Iterator<Item = &mut Value>> = match v {
        Value::Array(a) => Box::new(a.iter_mut()),
        Value::Object(o) => Box::new(o.values_mut()),
        _ => unreachable!("counted"),
    };
    for child in children {
        let c = count_containers(child);
        if k < c {
            return nth_container(child, k);
        }
        k -= c;
    }
    unreachable!("counted")
}

/// Objects holding `key`, in pre-order.
fn holders<'a>(v: &'a mut Value, key: &str, out: &mut Vec<&'a mut Value>) {
    match v {
        Value::Array(a) => a.iter_mut().for_each(|x| holders(x, key, out)),
        Value::Object(o) => {
            let has = o.contains_key(key);
            if has {
                out.push(o.get_mut(key).unwrap());
            } else {
                o.values_mut().for_each(|x| holders(x, key, out));
            }
        }
        _ => {}
    }
}

/// Raw text stands in a document as a marker string, swapped for the text
/// once the document is written.
struct Raw(Vec<(String, String)>);

impl Raw {
    fn mark(&mut self, text: String) -> Value {
        let marker = format!("\u{0}raw{}\u{0}", self.0.len());
        self.0.push((marker.clone(), text));
        Value::String(marker)
    }

    fn write(&self, v: &Value) -> String {
        let mut text = serde_json::to_string_pretty(v).unwrap();
        for (marker, raw) in &self.0 {
            let quoted = serde_json::to_string(marker).unwrap();
            text = text.replace(&quoted, raw);
        }
        text
    }
}

fn retype(v: &Value) -> Value {
    match v {
        Value::String(s) => s
            .parse::<f64>()
            .ok()
            .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number))
            .unwrap_or_else(|| Value::Array(vec![Value::String(s.clone())])),
        Value::Number(n) => Value::String(n.to_string()),
        Value::Bool(b) => Value::String(b.to_string()),
        Value::Null => Value::Object(Default::default()),
        Value::Array(a) => Value::Object(
            a.iter()
                .enumerate()
                .map(|(i, x)| (i.to_string(), x.clone()))
                .collect(),
        ),
        Value::Object(o) => Value::Array(o.values().cloned().collect()),
    }
}

fn apply_tree(doc: &mut Value, edit: &TreeEdit, raw: &mut Raw) {
    let nodes = count(doc);
    match edit {
        TreeEdit::Replace(i, s) => *nth(doc, i.index(nodes)) = raw.mark(snippet(*s)),
        TreeEdit::SetField(k, i, s) => {
            let mut found = Vec::new();
            holders(doc, KEYS[*k], &mut found);
            if !found.is_empty() {
                let at = i.index(found.len());
                *found.swap_remove(at) = raw.mark(snippet(*s));
            }
        }
        TreeEdit::Retype(i) => {
            let node = nth(doc, i.index(nodes));
            *node = retype(node);
        }
        TreeEdit::Remove(i) | TreeEdit::RepeatKey(i) | TreeEdit::Grow(i, _) => {
            let total = count_containers(doc);
            if total == 0 {
                return;
            }
            let node = nth_container(doc, i.index(total));
            let pick = i.index(usize::MAX) % 7919;
            match (edit, node) {
                (TreeEdit::Remove(_), Value::Array(a)) if !a.is_empty() => {
                    let at = pick % a.len();
                    a.remove(at);
                }
                (TreeEdit::Remove(_), Value::Object(o)) if !o.is_empty() => {
                    let key = o.keys().nth(pick % o.len()).unwrap().clone();
                    o.remove(&key);
                }
                (TreeEdit::RepeatKey(_), Value::Object(o)) if !o.is_empty() => {
                    let (key, value) = o.iter().nth(pick % o.len()).unwrap();
                    let (key, value) = (key.clone(), value.clone());
                    let marker = raw.mark(serde_json::to_string(&key).unwrap());
                    let Value::String(marker) = marker else {
                        unreachable!()
                    };
                    o.insert(marker, value);
                }
                (TreeEdit::Grow(_, n), Value::Array(a)) if !a.is_empty() => {
                    let item = a[pick % a.len()].clone();
                    for _ in 0..*n {
                        a.push(item.clone());
                    }
                }
                (TreeEdit::Grow(_, n), Value::Object(o)) if !o.is_empty() => {
                    let key = o.keys().nth(pick % o.len()).unwrap().clone();
                    let value = o[&key].clone();
                    o.insert(key, Value::Array(vec![value; usize::from(*n) + 1]));
                }
                _ => {}
            }
        }
    }
}

fn apply_bytes(bytes: &mut Vec<u8>, edit: &ByteEdit) {
    let len = bytes.len();
    let at = |i: &Index| if len == 0 { 0 } else { i.index(len + 1) };
    match edit {
        ByteEdit::Flip(i, mask) if len > 0 => bytes[i.index(len)] ^= mask,
        ByteEdit::Truncate(i) => bytes.truncate(at(i)),
        ByteEdit::Insert(i, s) => {
            let at = at(i);
            bytes.splice(at..at, snippet(*s).into_bytes());
        }
        ByteEdit::Delete(i, n) => {
            let from = at(i).min(len);
            let to = (from + usize::from(*n)).min(len);
            bytes.drain(from..to);
        }
        ByteEdit::Double(i, n) => {
            let from = at(i).min(len);
            let to = (from + usize::from(*n)).min(len);
            let copy = bytes[from..to].to_vec();
            bytes.splice(to..to, copy);
        }
        ByteEdit::Prefix(kind) => {
            let bom: &[u8] = match kind {
                0 => &[0xEF, 0xBB, 0xBF],
                1 => &[0xFF, 0xFE],
                2 => &[0xFE, 0xFF],
                _ => &[0xEF, 0xBB],
            };
            bytes.splice(0..0, bom.iter().copied());
        }
        ByteEdit::Flip(..) => {}
    }
}

/// A seed as JSON with comments and trailing commas, as exemption files
/// may be written.
fn jsonc(text: &str) -> Result<serde_json::Value, String> {
    let options = jsonc_parser::ParseOptions {
        allow_comments: true,
        allow_trailing_commas: true,
        ..Default::default()
    };
    jsonc_parser::parse_to_serde_value::<serde_json::Value>(text, &options)
        .map_err(|e| e.to_string())
}

/// A seed's text with the edits applied: the tree edits when it parses
/// (JSON with comments allowed), then the byte edits.
fn mutate(text: &str, tree: &[TreeEdit], bytes: &[ByteEdit]) -> Vec<u8> {
    let mut out = match jsonc(text) {
        Ok(mut doc) if !tree.is_empty() => {
            let mut raw = Raw(Vec::new());
            for edit in tree {
                apply_tree(&mut doc, edit, &mut raw);
            }
            raw.write(&doc).into_bytes()
        }
        _ => text.as_bytes().to_vec(),
    };
    for edit in bytes {
        apply_bytes(&mut out, edit);
    }
    out
}

/// Runs `f` on a thread of its own and fails if it takes longer than
/// [`DEADLINE`]; a panic in it fails the case with its own message.
fn bounded<T: Send + 'static>(what: String, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, finished) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .name(what.clone())
        .spawn(move || {
            let out = f();
            let _ = done.send(());
            out
        })
        .unwrap();
    match finished.recv_timeout(DEADLINE) {
        Ok(()) | Err(RecvTimeoutError::Disconnected) => match worker.join() {
            Ok(out) => out,
            Err(panic) => std::panic::resume_unwind(panic),
        },
        Err(RecvTimeoutError::Timeout) => panic!("{what}: no answer after {DEADLINE:?}"),
    }
}

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap()
}

/// A refusal of input: it must name a file it was loaded as.
fn check_refusal(e: &Error, files: &[&str]) {
    let shown = e.to_string();
    assert!(!shown.is_empty());
    if e.kind == ErrorKind::Input {
        assert!(
            files.iter().any(|f| shown.contains(f)),
            "an input error that names no file: {shown}"
        );
    }
}

/// Everything a session answers, serialized, so that nothing is left
/// uncomputed.
fn exercise(session: &mut Session, list: Vec<Exemption>) {
    let exemptions = list.len();
    if let Err(e) = session.set_exemptions(list) {
        assert_eq!(e.kind, ErrorKind::Limit, "{e}");
        return;
    }
    let report = serde_json::to_string(&session.report()).unwrap();
    assert!(report.starts_with('{'));
    let env = session.environment();
    let assessments: Vec<_> = env.assessments().take(3).collect();
    for a in assessments {
        let why = session.explain(a).unwrap();
        serde_json::to_string(&why).unwrap();
        // Found by its id, or by one equal to it (ids compare without case
        // and without spaces around them).
        let id = env.assessment_id(a).into_owned();
        let found = session.find_assessment(&id).map(|f| env.assessment_id(f));
        assert_eq!(
            found.map(|f| f.trim().to_lowercase()),
            Some(id.trim().to_lowercase())
        );
    }
    for e in session.exemptions().iter().take(3) {
        let impact = session.what_if(e);
        assert!(impact.after.percentage.is_finite());
    }
    let _ = session.contributions();
    assert!(session.score().percentage.is_finite());
    assert!(session.exemptions().len() == exemptions);
}

/// Loads the companions, then the mutated text as [`FILE`]; on success,
/// evaluates it with one of the seed exemption lists.
fn load_and_evaluate(seeds: &Seeds, text: &str, with_companions: bool, list: usize) {
    let mut builder = EnvironmentBuilder::new();
    let mut names = vec![FILE];
    if with_companions {
        for (name, companion) in &seeds.companions {
            load_json(&mut builder, name, companion).unwrap();
            names.push(name);
        }
    }
    if let Err(e) = load_json(&mut builder, FILE, text) {
        check_refusal(&e, &[FILE]);
        return;
    }
    let env = match builder.finish() {
        Ok(env) => env,
        Err(e) => return check_refusal(&e, &names),
    };
    let mut session = Session::new(env, at());
    let list = seeds.lists[list % seeds.lists.len()].clone();
    exercise(&mut session, list);
}

/// `cases` per property, or `PROPTEST_CASES` when set, for longer runs.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        // Failures are shrunk and printed; they are not saved, as the
        // seeds change with the fixtures.
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(1_000))]

    /// Exports, mutated, read into an environment and evaluated.
    #[test]
    fn mutated_inputs_load_or_are_refused_by_name(
        seed in any::<Index>(),
        tree in prop::collection::vec(tree_edit(), 0..4),
        bytes in few_byte_edits(),
        with_companions in any::<bool>(),
        list in any::<usize>(),
    ) {
        let seeds = Arc::clone(seeds());
        let (name, text) = &seeds.inputs[seed.index(seeds.inputs.len())];
        let mutated = mutate(text, &tree, &bytes);
        bounded(format!("{name} mutated"), move || {
            let Ok(text) = exempt_core::input::decode(&mutated) else { return };
            load_and_evaluate(&seeds, &text, with_companions, list);
        });
    }
}

proptest! {
    #![proptest_config(config(1_000))]

    /// Exemption files, mutated, read, written back and evaluated on the
    /// demo environment.
    #[test]
    fn mutated_exemption_files_load_or_list_their_problems(
        seed in any::<Index>(),
        other_format in prop::bool::weighted(0.2),
        tree in prop::collection::vec(tree_edit(), 0..4),
        bytes in few_byte_edits(),
    ) {
        let seeds = Arc::clone(seeds());
        let pool = if other_format { &seeds.foreign } else { &seeds.exemptions };
        let (name, text) = &pool[seed.index(pool.len())];
        let mutated = mutate(text, &tree, &bytes);
        bounded(format!("{name} mutated"), move || {
            let Ok(text) = exempt_core::input::decode(&mutated) else { return };
            let file = match ExemptionFile::parse(&text) {
                Ok(file) => file,
                Err(e) => {
                    assert!(matches!(e.kind, ErrorKind::Exemptions | ErrorKind::Limit), "{e:?}");
                    let shown = e.in_file(FILE).to_string();
                    assert!(shown.starts_with(FILE), "{shown}");
                    return;
                }
            };
            // What is written back reads back the same.
            let again = ExemptionFile::parse(&file.to_value().to_string())
                .unwrap_or_else(|e| panic!("written back, it no longer reads: {e}"));
            assert_eq!(again, file);
            let mut session = Session::new(seeds.demo.clone(), at());
            exercise(&mut session, file.exemptions);
        });
    }
}

proptest! {
    #![proptest_config(config(800))]

    /// Bytes of every encoding, mutated: decoding agrees with the standard
    /// library, and whatever decodes is read as an input.
    #[test]
    fn mutated_bytes_decode_as_the_standard_library_does(
        seed in any::<Index>(),
        bytes in prop::collection::vec(byte_edit(), 1..5),
    ) {
        let seeds = Arc::clone(seeds());
        let (name, original) = &seeds.raw[seed.index(seeds.raw.len())];
        let mut mutated = original.clone();
        for edit in &bytes {
            apply_bytes(&mut mutated, edit);
        }
        bounded(format!("{name} mutated"), move || {
            let decoded = exempt_core::input::decode(&mutated);
            let expected: Result<String, ()> = if let Some(rest) = mutated.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
                String::from_utf8(rest.to_vec()).map_err(|_| ())
            } else if let Some(rest) = mutated.strip_prefix(&[0xFF, 0xFE]) {
                utf16(rest, u16::from_le_bytes)
            } else if let Some(rest) = mutated.strip_prefix(&[0xFE, 0xFF]) {
                utf16(rest, u16::from_be_bytes)
            } else {
                String::from_utf8(mutated.clone()).map_err(|_| ())
            };
            match (&decoded, &expected) {
                (Ok(text), Ok(wanted)) => assert_eq!(text.as_ref(), wanted),
                (Err(message), Err(())) => assert!(!message.message.is_empty()),
                _ => panic!("decode gave {decoded:?}, the standard library {expected:?}"),
            }
            if let Ok(text) = decoded {
                load_and_evaluate(&seeds, &text, true, 0);
            }
        });
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, ()> {
    if bytes.len() % 2 != 0 {
        return Err(());
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]])).collect();
    String::from_utf16(&units).map_err(|_| ())
}

#[test]
fn every_snippet_is_reachable_and_the_seeds_are_real() {
    assert_eq!(
        snippet(SNIPPETS - 1),
        "[".repeat(10_000),
        "SNIPPETS counts every snippet"
    );
    let seeds = seeds();
    assert!(seeds.inputs.len() > 30, "{}", seeds.inputs.len());
    assert!(seeds.exemptions.len() > 10, "{}", seeds.exemptions.len());
    assert!(seeds.foreign.len() > 10, "{}", seeds.foreign.len());
    assert!(seeds.lists.len() > 5, "{}", seeds.lists.len());
    // The seeds themselves: no panic either.
    for (name, text) in &seeds.inputs {
        let seeds = Arc::clone(seeds);
        let text = text.clone();
        bounded(name.clone(), move || {
            load_and_evaluate(&seeds, &text, true, 1)
        });
    }
}

/// Found by the fuzzer: a row id with spaces around it was listed in the
/// report, but `explain` could not find the assessment by it.
#[test]
fn an_assessment_is_found_by_an_id_with_spaces_around_it() {
    let rows = r#"[{"id": " /subscriptions/s/providers/Microsoft.Security/assessments/k ", "name": "k",
        "type": "microsoft.security/assessments",
        "properties": {"resourceDetails": {"Source": "Azure", "Id": "/subscriptions/s"}, "status": {"code": "Healthy"}}}]"#;
    let mut builder = EnvironmentBuilder::new();
    load_json(&mut builder, FILE, rows).unwrap();
    let session = Session::new(builder.finish().unwrap(), at());
    let a = session.environment().assessments().next().unwrap();
    let id = session.environment().assessment_id(a).into_owned();
    assert_eq!(session.find_assessment(&id), Some(a));
    assert_eq!(
        session.find_assessment("/SUBSCRIPTIONS/s/providers/Microsoft.Security/assessments/k"),
        Some(a)
    );
}
