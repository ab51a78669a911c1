//! The literal part of Terraform's HCL and of Bicep: enough to write the
//! files export makes and to read them (and hand-edited copies) back.
//! Values are strings, numbers, booleans, null, lists and objects;
//! anything computed (an interpolation, a reference other than a
//! resource's symbolic name, a function other than `jsonencode`) is
//! refused by name rather than guessed at.

use crate::error::Error;
use serde_json::{Map, Number, Value};
use std::fmt::Write;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    Hcl,
    Bicep,
}

/// An expression as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Lit(Value),
    /// A name or traversal (`stg`, `azurerm_x.y.id`).
    Ref(String),
    List(Vec<Expr>),
    Object(Vec<(String, Expr)>),
    Call(String, Vec<Expr>),
}

impl Expr {
    /// The value, when it is a literal (`jsonencode(x)` is `x`).
    pub fn value(&self) -> Result<Value, String> {
        Ok(match self {
            Expr::Lit(v) => v.clone(),
            Expr::Ref(r) => {
                return Err(format!(
                    "`{}` is a reference; import reads literal values only",
                    crate::text::quote(r)
                ))
            }
            Expr::List(l) => Value::Array(l.iter().map(Expr::value).collect::<Result<_, _>>()?),
            Expr::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, v)| Ok((k.clone(), v.value()?)))
                    .collect::<Result<Map<_, _>, String>>()?,
            ),
            Expr::Call(f, args) if f == "jsonencode" && args.len() == 1 => args[0].value()?,
            Expr::Call(f, _) => {
                return Err(format!(
                    "`{}(…)` is a function call; import reads literal values only",
                    crate::text::quote(f)
                ))
            }
        })
    }
}

/// A top-level statement: `keyword labels… { body }` or `name = value`.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub keyword: String,
    pub labels: Vec<String>,
    pub body: Vec<(String, Expr)>,
    /// A value given with `=` (an attribute, Bicep's `targetScope`).
    pub value: Option<Expr>,
    /// The comment right before the statement.
    pub comment: Option<String>,
}

impl Block {
    pub fn get(&self, key: &str) -> Option<&Expr> {
        self.body.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    Punct(char),
}

struct Lexer<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    line: usize,
    syntax: Syntax,
    comment: Option<String>,
}

impl Lexer<'_> {
    fn fail(&self, message: impl Into<String>) -> (usize, String) {
        (self.line, message.into())
    }

    fn next(&mut self) -> Result<Option<(Tok, usize)>, (usize, String)> {
        loop {
            let Some(&c) = self.s.get(self.i) else {
                return Ok(None);
            };
            let rest = &self.text[self.i..];
            if c == b'\n' {
                self.line += 1;
                self.i += 1;
            } else if c.is_ascii_whitespace() {
                self.i += 1;
            } else if rest.starts_with("//") || (c == b'#' && self.syntax == Syntax::Hcl) {
                let end = rest.find('\n').unwrap_or(rest.len());
                let body = rest[..end]
                    .trim_start_matches('#')
                    .trim_start_matches('/')
                    .trim();
                self.comment = Some(body.to_string());
                self.i += end;
            } else if rest.starts_with("/*") {
                let end = rest
                    .find("*/")
                    .ok_or_else(|| self.fail("a comment is not closed"))?;
                self.line += rest[..end].matches('\n').count();
                self.i += end + 2;
            } else {
                break;
            }
        }
        let line = self.line;
        let c = char::from(self.s[self.i]);
        let rest = &self.text[self.i..];
        let tok = if c == '"' && self.syntax == Syntax::Hcl {
            Tok::Str(self.hcl_string()?)
        } else if rest.starts_with("'''") && self.syntax == Syntax::Bicep {
            let end = rest[3..]
                .find("'''")
                .ok_or_else(|| self.fail("a multi-line string is not closed"))?;
            let body = rest[3..3 + end]
                .strip_prefix('\n')
                .unwrap_or(&rest[3..3 + end])
                .to_string();
            self.line += rest[..end + 6].matches('\n').count();
            self.i += end + 6;
            Tok::Str(body)
        } else if c == '\'' && self.syntax == Syntax::Bicep {
            Tok::Str(self.bicep_string()?)
        } else if c.is_ascii_digit()
            || (c == '-' && rest[1..].starts_with(|d: char| d.is_ascii_digit()))
        {
            let end = rest[1..]
                .find(|d: char| !(d.is_ascii_alphanumeric() || d == '.' || d == '+' || d == '-'))
                .map_or(rest.len(), |n| n + 1);
            self.i += end;
            Tok::Num(rest[..end].to_string())
        } else if c.is_ascii_alphabetic() || c == '_' {
            let end = rest
                .find(|d: char| {
                    !(d.is_ascii_alphanumeric()
                        || d == '_'
                        || (d == '-' && self.syntax == Syntax::Hcl))
                })
                .unwrap_or(rest.len());
            self.i += end;
            Tok::Ident(rest[..end].to_string())
        } else if "{}[]()=:,.@?!".contains(c) {
            self.i += 1;
            Tok::Punct(c)
        } else if rest.starts_with("<<") {
            return Err(
                self.fail("heredoc strings are not read; write the value as a quoted string")
            );
        } else {
            return Err(self.fail(format!(
                "unexpected `{}`",
                crate::text::quote(&c.to_string())
            )));
        };
        Ok(Some((tok, line)))
    }

    fn hcl_string(&mut self) -> Result<String, (usize, String)> {
        let mut out = String::new();
        let mut chars = self.text[self.i + 1..].char_indices();
        while let Some((n, c)) = chars.next() {
            match c {
                '"' => {
                    self.i += n + 2;
                    return Ok(out);
                }
                '\n' => return Err(self.fail("a string is not closed on its line")),
                '\\' => match chars.next().map(|(_, e)| e) {
                    Some('n') => out.push('\n'),
                    Some('r') => out.push('\r'),
                    Some('t') => out.push('\t'),
                    Some('"') => out.push('"'),
                    Some('\\') => out.push('\\'),
                    Some(u @ ('u' | 'U')) => {
                        let len = if u == 'u' { 4 } else { 8 };
                        let hex: String = (0..len)
                            .filter_map(|_| chars.next().map(|(_, h)| h))
                            .collect();
                        let ch = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                        out.push(ch.ok_or_else(|| {
                            self.fail(format!("`\\{u}{hex}` is not a character"))
                        })?);
                    }
                    _ => return Err(self.fail("a string has an unknown escape")),
                },
                '$' | '%' => {
                    let rest = &self.text[self.i + 1 + n + 1..];
                    if rest.starts_with(c) && rest[1..].starts_with('{') {
                        out.push(c);
                        out.push('{');
                        chars.next();
                        chars.next();
                    } else if rest.starts_with('{') {
                        return Err(self.fail("a string holds a template expression; import reads literal values only"));
                    } else {
                        out.push(c);
                    }
                }
                c => out.push(c),
            }
        }
        Err(self.fail("a string is not closed"))
    }

    fn bicep_string(&mut self) -> Result<String, (usize, String)> {
        let mut out = String::new();
        let mut chars = self.text[self.i + 1..].char_indices();
        while let Some((n, c)) = chars.next() {
            match c {
                '\'' => {
                    self.i += n + 2;
                    return Ok(out);
                }
                '\n' => return Err(self.fail("a string is not closed on its line")),
                '\\' => match chars.next().map(|(_, e)| e) {
                    Some('n') => out.push('\n'),
                    Some('r') => out.push('\r'),
                    Some('t') => out.push('\t'),
                    Some(e @ ('\'' | '\\' | '$')) => out.push(e),
                    Some('u') => {
                        let hex: String = chars
                            .by_ref()
                            .map(|(_, h)| h)
                            .skip_while(|&h| h == '{')
                            .take_while(|&h| h != '}')
                            .collect();
                        let ch = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                        out.push(ch.ok_or_else(|| {
                            self.fail(format!("`\\u{{{hex}}}` is not a character"))
                        })?);
                    }
                    _ => return Err(self.fail("a string has an unknown escape")),
                },
                '$' if self.text[self.i + 1 + n + 1..].starts_with('{') => {
                    return Err(self
                        .fail("a string holds an interpolation; import reads literal values only"))
                }
                c => out.push(c),
            }
        }
        Err(self.fail("a string is not closed"))
    }
}

struct Parser<'a> {
    toks: Vec<(Tok, usize, Option<String>)>,
    at: usize,
    lex: Lexer<'a>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at).map(|t| &t.0)
    }

    fn line(&self) -> usize {
        self.toks
            .get(self.at)
            .or(self.toks.last())
            .map_or(1, |t| t.1)
    }

    fn fail<T>(&self, message: impl Into<String>) -> Result<T, (usize, String)> {
        Err((self.line(), message.into()))
    }

    fn take(&mut self) -> Result<Tok, (usize, String)> {
        let t = self.toks.get(self.at).map(|t| t.0.clone());
        self.at += 1;
        t.map_or_else(|| self.fail("the file ends too early"), Ok)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Punct(c)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expr(&mut self) -> Result<Expr, (usize, String)> {
        match self.take()? {
            Tok::Str(s) => Ok(Expr::Lit(Value::String(s))),
            Tok::Num(n) => match n.parse::<Number>() {
                Ok(n) => Ok(Expr::Lit(Value::Number(n))),
                Err(_) => self.fail(format!("`{}` is not a number", crate::text::quote(&n))),
            },
            Tok::Ident(w) if w == "true" || w == "false" => Ok(Expr::Lit(Value::Bool(w == "true"))),
            Tok::Ident(w) if w == "null" => Ok(Expr::Lit(Value::Null)),
            Tok::Ident(w) if self.eat('(') => {
                let mut args = Vec::new();
                while !self.eat(')') {
                    args.push(self.expr()?);
                    self.eat(',');
                }
                Ok(Expr::Call(w, args))
            }
            Tok::Ident(mut w) => {
                while self.eat('.') {
                    match self.take()? {
                        Tok::Ident(p) => write!(w, ".{p}").unwrap_or(()),
                        _ => return self.fail("expected a name after `.`"),
                    }
                }
                Ok(Expr::Ref(w))
            }
            Tok::Punct('[') => {
                let mut items = Vec::new();
                while !self.eat(']') {
                    items.push(self.expr()?);
                    self.eat(',');
                }
                Ok(Expr::List(items))
            }
            Tok::Punct('{') => Ok(Expr::Object(self.body()?)),
            t => self.fail(format!("unexpected {t:?}")),
        }
    }

    /// `key = value` / `key: value` pairs (nested blocks as objects) up to `}`.
    fn body(&mut self) -> Result<Vec<(String, Expr)>, (usize, String)> {
        let mut out = Vec::new();
        while !self.eat('}') {
            let key = match self.take()? {
                Tok::Ident(k) | Tok::Str(k) => k,
                _ => return self.fail("expected a name"),
            };
            let value = if self.eat('=') || self.eat(':') {
                self.expr()?
            } else if self.eat('{') {
                Expr::Object(self.body()?)
            } else {
                return self.fail(format!("expected `=` after `{}`", crate::text::quote(&key)));
            };
            self.eat(',');
            out.push((key, value));
        }
        Ok(out)
    }

    fn statement(&mut self) -> Result<Block, (usize, String)> {
        let comment = self.toks[self.at].2.clone();
        // Bicep decorators apply to the statement after them; none matters here.
        while self.eat('@') {
            self.expr()?;
        }
        let keyword = match self.take()? {
            Tok::Ident(k) => k,
            _ => return self.fail("expected a statement"),
        };
        let mut labels = Vec::new();
        loop {
            if self.eat('=') {
                let value = self.expr()?;
                let (body, value) = match value {
                    Expr::Object(body) if !labels.is_empty() => (body, None),
                    v => (Vec::new(), Some(v)),
                };
                return Ok(Block {
                    keyword,
                    labels,
                    body,
                    value,
                    comment,
                });
            }
            if self.eat('{') {
                let body = self.body()?;
                return Ok(Block {
                    keyword,
                    labels,
                    body,
                    value: None,
                    comment,
                });
            }
            match self.take()? {
                Tok::Ident(l) | Tok::Str(l) => labels.push(l),
                _ => return self.fail("expected `=` or `{`"),
            }
        }
    }
}

/// Every top-level statement of a file.
pub(crate) fn parse(file: &str, text: &str, syntax: Syntax) -> Result<Vec<Block>, Error> {
    let lex = Lexer {
        s: text.as_bytes(),
        text,
        i: 0,
        line: 1,
        syntax,
        comment: None,
    };
    let mut p = Parser {
        toks: Vec::new(),
        at: 0,
        lex,
    };
    let fail = |(line, m): (usize, String)| Error::input(file, None, format!("line {line}: {m}"));
    while let Some((t, line)) = p.lex.next().map_err(fail)? {
        let comment = p.lex.comment.take();
        p.toks.push((t, line, comment));
    }
    let mut out = Vec::new();
    while p.at < p.toks.len() {
        out.push(p.statement().map_err(fail)?);
    }
    Ok(out)
}

/// A value written in `syntax` at `indent` levels.
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
            attributes(
                o.iter().map(|(k, v)| (k.as_str(), v)),
                syntax,
                indent + 1,
                sep,
                out,
            );
            out.push_str(&"  ".repeat(indent));
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// `key = value` lines at `indent` levels, with the `=` of consecutive
/// one-line values aligned as `terraform fmt` aligns them.
pub(crate) fn attributes<'v>(
    items: impl Iterator<Item = (&'v str, &'v Value)>,
    syntax: Syntax,
    indent: usize,
    sep: &str,
    out: &mut String,
) {
    let lines: Vec<(String, String)> = items
        .map(|(k, v)| {
            let mut value = String::new();
            write(v, syntax, indent, &mut value);
            (key(k, syntax), value)
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

fn key(k: &str, syntax: Syntax) -> String {
    let plain = k.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || (c == '-' && syntax == Syntax::Hcl));
    let reserved = matches!(k, "true" | "false" | "null");
    if plain && !reserved {
        k.to_string()
    } else {
        let mut s = String::new();
        string(k, syntax, &mut s);
        s
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_round_trip_in_both_syntaxes() {
        let hard = "a \"quoted\" 'single' \\ back\nline\ttab ${not} %{either} $x % \u{1b}[2J \u{1F600} [x]";
        for syntax in [Syntax::Hcl, Syntax::Bicep] {
            let v =
                json!({"k": hard, "list": [1, -2.5e3, true, null, {}], "weird key": {"a-b": "c"}});
            let mut text = String::from("x = ");
            write(&v, syntax, 0, &mut text);
            let blocks = parse("t", &text, syntax).unwrap();
            assert_eq!(
                blocks[0].value.as_ref().unwrap().value().unwrap(),
                v,
                "{text}"
            );
        }
    }

    #[test]
    fn computed_values_are_refused_by_name() {
        let blocks = parse(
            "t",
            "resource \"a\" \"b\" { x = var.y\n z = \"${var.q}\" }",
            Syntax::Hcl,
        );
        let e = blocks.unwrap_err();
        assert!(e.message.contains("template expression"), "{e}");
        let blocks = parse("t", "resource \"a\" \"b\" { x = var.y }", Syntax::Hcl).unwrap();
        assert!(blocks[0]
            .get("x")
            .unwrap()
            .value()
            .unwrap_err()
            .contains("reference"));
    }
}
