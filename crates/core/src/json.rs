//! Reading JSON that people write by hand: comments and trailing commas are
//! allowed (JSONC, as in the README's examples), repeated keys are not.
//!
//! A repeated key is almost always a mistake that hides data: with
//! `{"exemptions": [...], "exemptions": []}` a plain JSON reader keeps the
//! last list and the file "validates" as empty. So each object's keys are
//! checked, and the error names the key and both places. Nesting is bounded
//! before parsing, so a hostile file cannot exhaust the stack.

use jsonc_parser::ast;
use jsonc_parser::{parse_to_ast, CollectOptions, CommentCollectionStrategy, ParseOptions};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;

/// How deeply arrays and objects may nest.
pub const MAX_DEPTH: usize = 128;

/// Why a text is not usable JSON, with the place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// What is wrong.
    pub message: String,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

fn options() -> (CollectOptions, ParseOptions) {
    let options = ParseOptions {
        allow_comments: true,
        allow_trailing_commas: true,
        allow_loose_object_property_names: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::Off,
        tokens: false,
    };
    (collect, options)
}

/// Parses JSON with comments and trailing commas, refusing repeated keys.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    parse_then(text, |_| ()).map(|(v, ())| v)
}

/// Parses as [`parse`] does, and also finds where an exemption file's
/// exemptions and fields are, from the same syntax tree.
pub fn parse_with_positions(text: &str) -> Result<(Value, Positions), JsonError> {
    parse_then(text, |ast| positions_of(ast, text))
}

fn parse_then<T>(
    text: &str,
    also: impl FnOnce(&ast::Value<'_>) -> T,
) -> Result<(Value, T), JsonError> {
    check_depth(text)?;
    let (collect, options) = options();
    let parsed = parse_to_ast(text, &collect, &options).map_err(|e| JsonError {
        message: e.kind().to_string(),
        line: e.line_display(),
        column: e.column_display(),
    })?;
    match parsed.value {
        Some(v) => Ok((convert(&v, text)?, also(&v))),
        None => Err(JsonError {
            message: "the file holds no JSON value".into(),
            line: 1,
            column: 1,
        }),
    }
}

fn convert(v: &ast::Value<'_>, text: &str) -> Result<Value, JsonError> {
    Ok(match v {
        ast::Value::StringLit(s) => Value::String(s.value.to_string()),
        ast::Value::NumberLit(n) => match serde_json::from_str::<Number>(n.value) {
            Ok(n) => Value::Number(n),
            Err(_) => {
                return Err(at(
                    text,
                    n.range.start,
                    format!("`{}` is not a number", crate::text::quote(n.value)),
                ))
            }
        },
        ast::Value::BooleanLit(b) => Value::Bool(b.value),
        ast::Value::NullKeyword(_) => Value::Null,
        ast::Value::Array(a) => Value::Array(
            a.elements
                .iter()
                .map(|e| convert(e, text))
                .collect::<Result<_, _>>()?,
        ),
        ast::Value::Object(o) => {
            let mut map = Map::new();
            let mut first: HashMap<&str, usize> = HashMap::new();
            for p in &o.properties {
                let name = p.name.as_str();
                if let Some(&before) = first.get(name) {
                    let (line, column) = line_column(text, before);
                    return Err(at(
                        text,
                        p.range.start,
                        format!(
                            "the key \"{}\" is repeated (first at line {line} column {column}); a repeated key would silently replace the first value",
                            crate::text::quote(name)
                        ),
                    ));
                }
                first.insert(name, p.range.start);
                map.insert(name.to_string(), convert(&p.value, text)?);
            }
            Value::Object(map)
        }
    })
}

fn at(text: &str, offset: usize, message: String) -> JsonError {
    let (line, column) = line_column(text, offset);
    JsonError {
        message,
        line,
        column,
    }
}

/// A line and a column, from 1.
pub type Place = (usize, usize);

/// A field's name (nested ones as `approval.by`) and its place.
pub type FieldPlace = (String, Place);

/// Where each exemption of an exemption file, and each of its fields,
/// starts: for messages that point into the file (the linter's, SARIF's).
#[derive(Debug, Clone, Default)]
pub struct Positions {
    /// Per exemption, in file order: its object's place, and each field's
    /// (nested fields as `approval.by`).
    pub exemptions: Vec<(Place, Vec<FieldPlace>)>,
    /// The top-level `policy` object's fields, as `policy.maxDays`.
    pub policy: Vec<FieldPlace>,
}

impl Positions {
    /// Exemption `index`'s (from 1) field `field`, or the exemption itself,
    /// or the file's start.
    pub fn of(&self, index: usize, field: &str) -> (usize, usize) {
        if index == 0 {
            return self
                .policy
                .iter()
                .find(|(f, _)| f == field)
                .map_or((1, 1), |(_, p)| *p);
        }
        let Some((start, fields)) = self.exemptions.get(index - 1) else {
            return (1, 1);
        };
        // The field, or the nearest enclosing one (`approval` for
        // `approval.by` when `by` is missing), or the exemption.
        let mut path = field;
        loop {
            if let Some((_, p)) = fields.iter().find(|(f, _)| f == path) {
                return *p;
            }
            match path.rsplit_once('.') {
                Some((outer, _)) => path = outer,
                None => return *start,
            }
        }
    }
}

/// The places of an exemption file's exemptions and fields.
fn positions_of(value: &ast::Value<'_>, text: &str) -> Positions {
    let mut out = Positions::default();
    let ast::Value::Object(top) = value else {
        return out;
    };
    // Line starts, found once: counting from the text's start for every
    // field would make a file of 5,000 exemptions take seconds.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let place = |offset: usize| -> (usize, usize) {
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let from = starts[line - 1];
        let column = text
            .get(from..offset.min(text.len()))
            .map_or(0, |t| t.chars().count())
            + 1;
        (line, column)
    };
    let fields = |o: &ast::Object<'_>, prefix: &str, into: &mut Vec<(String, (usize, usize))>| {
        fn walk(
            o: &ast::Object<'_>,
            prefix: &str,
            place: &dyn Fn(usize) -> (usize, usize),
            into: &mut Vec<(String, (usize, usize))>,
        ) {
            for p in &o.properties {
                let name = format!("{prefix}{}", p.name.as_str());
                into.push((name.clone(), place(p.range.start)));
                if let ast::Value::Object(inner) = &p.value {
                    walk(inner, &format!("{name}."), place, into);
                }
            }
        }
        walk(o, prefix, &place, into);
    };
    for p in &top.properties {
        match (p.name.as_str(), &p.value) {
            ("exemptions", ast::Value::Array(items)) => {
                for item in &items.elements {
                    let start = match item {
                        ast::Value::Object(o) => o.range.start,
                        ast::Value::Array(a) => a.range.start,
                        _ => p.range.start,
                    };
                    let mut list = Vec::new();
                    if let ast::Value::Object(o) = item {
                        fields(o, "", &mut list);
                    }
                    out.exemptions.push((place(start), list));
                }
            }
            ("policy", ast::Value::Object(o)) => fields(o, "policy.", &mut out.policy),
            _ => {}
        }
    }
    out
}

/// Line and column (from 1) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Refuses nesting deeper than [`MAX_DEPTH`], scanning past strings and
/// comments.
fn check_depth(text: &str) -> Result<(), JsonError> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(at(
                        text,
                        i,
                        format!("arrays and objects are nested more than {MAX_DEPTH} levels deep"),
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_trailing_commas_are_fine() {
        let v = parse("// a file\n{\"a\": [1, 2,], /* b */ \"b\": true,}\n").unwrap();
        assert_eq!(v, serde_json::json!({"a": [1, 2], "b": true}));
    }

    #[test]
    fn repeated_keys_are_refused_with_both_places() {
        let e = parse("{\"exemptions\": [1],\n \"exemptions\": []}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 2));
        assert!(
            e.message
                .contains("\"exemptions\" is repeated (first at line 1 column 2)"),
            "{e}"
        );
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let text = "[".repeat(100_000);
        let e = parse(&text).unwrap_err();
        assert!(e.message.contains("nested more than 128"), "{e}");
        assert!(parse(&"[".repeat(100)).is_err()); // unclosed, but not too deep
    }

    #[test]
    fn json5_extras_are_not_json() {
        assert!(parse("{'a': 1}").is_err());
        assert!(parse("{a: 1}").is_err());
        assert!(parse("[0x10]").is_err());
    }
}
