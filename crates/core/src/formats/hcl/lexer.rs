//! Tokens of the literal subset of HCL and Bicep, with the comment before
//! each statement kept for the metadata Terraform has no field for.

use super::Syntax;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    Punct(char),
}

pub(super) struct Lexer<'a> {
    pub(super) s: &'a [u8],
    pub(super) text: &'a str,
    pub(super) i: usize,
    pub(super) line: usize,
    pub(super) syntax: Syntax,
    pub(super) comment: Option<String>,
}

impl Lexer<'_> {
    fn fail(&self, message: impl Into<String>) -> (usize, String) {
        (self.line, message.into())
    }

    pub(super) fn next(&mut self) -> Result<Option<(Tok, usize)>, (usize, String)> {
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
