//! Statements and expressions of the literal subset, from tokens.

use super::lexer::{Lexer, Tok};
use super::{Block, Expr};
use serde_json::{Number, Value};
use std::fmt::Write;

pub(super) struct Parser<'a> {
    pub(super) toks: Vec<(Tok, usize, Option<String>)>,
    pub(super) at: usize,
    pub(super) lex: Lexer<'a>,
    /// How many lists, objects and calls enclose the token at `at`.
    pub(super) depth: usize,
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

    /// Runs `inside` one level deeper, refusing nesting beyond what the
    /// JSON reader takes, so that a hostile file cannot exhaust the stack.
    fn nested<T>(
        &mut self,
        inside: impl FnOnce(&mut Self) -> Result<T, (usize, String)>,
    ) -> Result<T, (usize, String)> {
        if self.depth >= crate::json::MAX_DEPTH {
            return self.fail(format!(
                "lists, objects and calls are nested more than {} levels deep",
                crate::json::MAX_DEPTH
            ));
        }
        self.depth += 1;
        let out = inside(self);
        self.depth -= 1;
        out
    }

    fn expr(&mut self) -> Result<Expr, (usize, String)> {
        self.nested(Self::expr_here)
    }

    fn expr_here(&mut self) -> Result<Expr, (usize, String)> {
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
            Tok::Punct('{') => Ok(Expr::Object(self.nested(Self::body)?)),
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
                Expr::Object(self.nested(Self::body)?)
            } else {
                return self.fail(format!("expected `=` after `{}`", crate::text::quote(&key)));
            };
            self.eat(',');
            out.push((key, value));
        }
        Ok(out)
    }

    pub(super) fn statement(&mut self) -> Result<Block, (usize, String)> {
        let comment = self.toks[self.at].2.clone();
        // Bicep decorators apply to the statement after them; none matters here.
        while self.eat('@') {
            self.expr()?;
        }
        let keyword = match self.take()? {
            Tok::Ident(k) => k,
            _ => return self.fail("expected a statement"),
        };
        let line = self.toks[self.at - 1].1;
        let mut labels = Vec::new();
        loop {
            // A statement's head stands on one line in both languages: a
            // line that ends without `=` or `{` (Bicep's `param name type`)
            // is a whole statement, never the head of the next one.
            if self.toks.get(self.at).is_none_or(|t| t.1 != line) {
                return Ok(Block {
                    keyword,
                    labels,
                    body: Vec::new(),
                    value: None,
                    comment,
                });
            }
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
