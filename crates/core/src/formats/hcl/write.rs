//! Values written as HCL or Bicep, quoted so that every string reads back
//! as itself.

use super::Syntax;
use serde_json::Value;
use std::fmt::Write;

pub(crate) fn write(v: &Value, syntax: Syntax, indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent + 1);
    let (sep, empty_obj) = match syntax {
        Syntax::Hcl => (" = ", "{}"),
        Syntax::Bicep => (": ", "{}"),
    };
    match v {
        Value::String(s) => string(s, syntax, out),
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Array(a) => {
            out.push_str("[\n");
            for x in a {
                out.push_str(&pad);
                write(x, syntax, indent + 1, out);
                out.push_str(if syntax == Syntax::Hcl { ",\n" } else { "\n" });
            }
            out.push_str(&"  ".repeat(indent));
            out.push(']');
        }
        Value::Object(o) if o.is_empty() => out.push_str(empty_obj),
        Value::Object(o) => {
            out.push_str("{\n");
            let keyed = o.iter().map(|(k, v)| (key(k, syntax), v));
            lines(keyed, syntax, indent + 1, sep, out);
            out.push_str(&"  ".repeat(indent));
            out.push('}');
        }
        // Bicep reads only 64-bit integers; any other number is given as
        // the JSON text it is, through `json()`, so it reaches ARM as written.
        Value::Number(n) if syntax == Syntax::Bicep && n.as_i64().is_none() => {
            out.push_str("json(");
            string(&n.to_string(), syntax, out);
            out.push(')');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// A block's `name = value` lines at `indent` levels; the names are the
/// writer's own (`name`, `parent_id`, `properties`), never data.
pub(crate) fn attributes<'v>(
    items: impl Iterator<Item = (&'v str, &'v Value)>,
    syntax: Syntax,
    indent: usize,
    sep: &str,
    out: &mut String,
) {
    lines(
        items.map(|(k, v)| (k.to_string(), v)),
        syntax,
        indent,
        sep,
        out,
    );
}

/// `key = value` lines at `indent` levels, with the `=` of consecutive
/// one-line values aligned as `terraform fmt` aligns them.
fn lines<'v>(
    items: impl Iterator<Item = (String, &'v Value)>,
    syntax: Syntax,
    indent: usize,
    sep: &str,
    out: &mut String,
) {
    let lines: Vec<(String, String)> = items
        .map(|(k, v)| {
            let mut value = String::new();
            write(v, syntax, indent, &mut value);
            (k, value)
        })
        .collect();
    let pad = "  ".repeat(indent);
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        while j < lines.len() && !lines[j].1.contains('\n') {
            j += 1;
        }
        let run = if j == i { i + 1 } else { j };
        let width = lines[i..run]
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        for (k, v) in &lines[i..run] {
            let fill = if syntax == Syntax::Hcl {
                width - k.chars().count()
            } else {
                0
            };
            let _ = writeln!(
                out,
                "{pad}{k}{}{}{v}",
                " ".repeat(fill),
                if syntax == Syntax::Hcl {
                    sep
                } else {
                    sep.trim_start()
                }
            );
        }
        i = run;
    }
}

/// An object key: bare when it is a plain identifier that neither language
/// reads as anything else, quoted otherwise. HCL reads `{for = …}` as a
/// `for` expression and Bicep reserves its keywords, so those are quoted
/// too (<https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#for-expressions>).
fn key(k: &str, syntax: Syntax) -> String {
    let plain = k.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || (c == '-' && syntax == Syntax::Hcl));
    if plain && !KEYWORDS.contains(&k) {
        k.to_string()
    } else {
        let mut s = String::new();
        string(k, syntax, &mut s);
        s
    }
}

/// Words either language gives a meaning of its own where a key may stand.
const KEYWORDS: [&str; 18] = [
    "true", "false", "null", "for", "in", "if", "else", "endfor", "endif", "resource", "module",
    "param", "var", "output", "existing", "metadata", "import", "type",
];

/// A resource's label or symbol, `prefix_name`, made of what both
/// languages take in an identifier; a name that is not (an imported Azure
/// name may hold any character) or that is taken is replaced by a stable
/// hash of the resource's scope and name. `taken` holds the labels given.
pub(crate) fn label(
    prefix: &str,
    name: &str,
    scope: &str,
    taken: &mut rustc_hash::FxHashSet<String>,
) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let first = format!("{prefix}_{}", name.replace('-', "_"));
    if plain && taken.insert(first.clone()) {
        return first;
    }
    let hashed = format!(
        "{prefix}_{}",
        crate::formats::guid::stable(&[scope, name]).replace('-', "_")
    );
    taken.insert(hashed.clone());
    hashed
}

/// A string literal: HCL in double quotes with `$${`/`%%{` for literal
/// template markers, Bicep in single quotes with `\${`.
pub(crate) fn string(s: &str, syntax: Syntax, out: &mut String) {
    let quote = if syntax == Syntax::Hcl { '"' } else { '\'' };
    out.push(quote);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '$' | '%' if chars.peek() == Some(&'{') => match syntax {
                Syntax::Hcl => {
                    out.push(c);
                    out.push(c);
                }
                Syntax::Bicep if c == '$' => out.push_str("\\$"),
                Syntax::Bicep => out.push(c),
            },
            c if c.is_control() => {
                let _ = match syntax {
                    Syntax::Hcl if u32::from(c) <= 0xffff => write!(out, "\\u{:04x}", u32::from(c)),
                    Syntax::Hcl => write!(out, "\\U{:08x}", u32::from(c)),
                    Syntax::Bicep => write!(out, "\\u{{{:x}}}", u32::from(c)),
                };
            }
            c => out.push(c),
        }
    }
    out.push(quote);
}
