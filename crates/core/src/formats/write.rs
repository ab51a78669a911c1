//! JSON text, written by hand: the same bytes as `serde_json`'s compact
//! and pretty printers for a `Value`, without their generic serializer,
//! which would cost the JavaScript package more than this whole file;
//! except that DEL, C1 controls, bidirectional overrides and line
//! separators are written as `\uXXXX` too (see [`crate::text::moves_text`]),
//! so that a file shown in a terminal or an editor shows what it holds.

use serde_json::Value;
use std::fmt::Write;

/// `v` as JSON: compact, or indented by two spaces with a final newline.
pub(crate) fn json(v: &Value, pretty: bool) -> String {
    let mut out = String::new();
    value(v, if pretty { Some(0) } else { None }, &mut out);
    if pretty {
        out.push('\n');
    }
    out
}

fn value(v: &Value, indent: Option<usize>, out: &mut String) {
    let line = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    match v {
        Value::String(s) => string(s, out),
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Object(o) if o.is_empty() => out.push_str("{}"),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(d) = indent {
                    line(out, d + 1);
                }
                value(x, indent.map(|d| d + 1), out);
            }
            if let Some(d) = indent {
                line(out, d);
            }
            out.push(']');
        }
        Value::Object(o) => {
            out.push('{');
            for (i, (k, x)) in o.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(d) = indent {
                    line(out, d + 1);
                }
                string(k, out);
                out.push_str(if indent.is_some() { ": " } else { ":" });
                value(x, indent.map(|d| d + 1), out);
            }
            if let Some(d) = indent {
                line(out, d);
            }
            out.push('}');
        }
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
    }
}

fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if crate::text::moves_text(c) => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_same_bytes_as_serde_json() {
        let v =
            json!({"a": [1, 2.5, -3, {"b": null, "c": []}, {}], "d\"\n\u{1}": "x\\yé", "e": true});
        assert_eq!(json(&v, false), serde_json::to_string(&v).unwrap());
        assert_eq!(
            json(&v, true),
            serde_json::to_string_pretty(&v).unwrap() + "\n"
        );
    }

    #[test]
    fn characters_that_move_text_are_escaped() {
        let v = json!("a\u{7f}b\u{9b}c\u{202e}d\u{2028}é");
        let text = json(&v, false);
        assert_eq!(text, r#""a\u007fb\u009bc\u202ed\u2028é""#);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
    }
}
