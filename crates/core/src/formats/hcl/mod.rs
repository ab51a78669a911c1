//! The literal part of Terraform's HCL and of Bicep: enough to write the
//! files export makes and to read them (and hand-edited copies) back.
//! Values are strings, numbers, booleans, null, lists and objects;
//! anything computed (an interpolation, a reference other than a
//! resource's symbolic name, a function other than `jsonencode`) is
//! refused by name rather than guessed at.

use crate::error::Error;
use serde_json::{Map, Value};

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
    pub fn value(&self) -> Result<Value, Error> {
        Ok(match self {
            Expr::Lit(v) => v.clone(),
            Expr::Ref(r) => {
                return Err(format!(
                    "`{}` is a reference; import reads literal values only",
                    crate::text::quote(r)
                )
                .into())
            }
            Expr::List(l) => Value::Array(l.iter().map(Expr::value).collect::<Result<_, _>>()?),
            Expr::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, v)| Ok((k.clone(), v.value()?)))
                    .collect::<Result<Map<_, _>, Error>>()?,
            ),
            Expr::Call(f, args) if f == "jsonencode" && args.len() == 1 => args[0].value()?,
            // Bicep's `json('1.5')`: a number Bicep has no literal for.
            Expr::Call(f, args) if f == "json" && args.len() == 1 => match &args[0] {
                Expr::Lit(Value::String(text)) => match serde_json::from_str::<Value>(text) {
                    Ok(v @ Value::Number(_)) => v,
                    _ => return Err(Error::from("`json(…)` of anything but a number is computed; import reads literal values only")),
                },
                _ => return Err("`json(…)` of anything but a literal is computed; import reads literal values only".into()),
            },
            Expr::Call(f, _) => {
                return Err(format!(
                    "`{}(…)` is a function call; import reads literal values only",
                    crate::text::quote(f)
                )
                .into())
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

mod lexer;
mod parser;
mod write;

pub(crate) use write::{attributes, label, string, write};

use lexer::Lexer;
use parser::Parser;

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
        depth: 0,
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_round_trip_in_both_syntaxes() {
        let hard = "a \"quoted\" 'single' \\ back\nline\ttab ${not} %{either} $x % \u{1b}[2J \u{1F600} [x]";
        for syntax in [Syntax::Hcl, Syntax::Bicep] {
            let v = json!({"k": hard, "list": [1, -2.5e3, 1.5, 18446744073709551615u64, -9223372036854775808i64, true, null, {}], "weird key": {"a-b": "c"}, "for": {"if": "in"}});
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
    fn nesting_is_bounded() {
        for syntax in [Syntax::Hcl, Syntax::Bicep] {
            let list = |n: usize| format!("var x = {}{}", "[".repeat(n), "]".repeat(n));
            let e = parse("deep.tf", &list(5_000), syntax).unwrap_err();
            assert!(e.to_string().contains("deep.tf"), "{e}");
            assert!(e.to_string().contains("nested more than 128"), "{e}");
            assert!(parse("ok.tf", &list(100), syntax).is_ok());
        }
    }

    #[test]
    fn a_bicep_param_without_default_is_a_statement_of_its_own() {
        let text = "param name string\nmetadata exemptTarget = '/subscriptions/s'\nparam other int\nresource r 'T@1' = {\n  name: 'x'\n}\n";
        let blocks = parse("m.bicep", text, Syntax::Bicep).unwrap();
        let heads: Vec<(&str, usize)> = blocks
            .iter()
            .map(|b| (b.keyword.as_str(), b.labels.len()))
            .collect();
        assert_eq!(
            heads,
            [("param", 2), ("metadata", 1), ("param", 2), ("resource", 2)]
        );
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
            .message
            .contains("reference"));
    }
}
