//! A Bash script of `az policy exemption create` commands (creating an
//! exemption that exists updates it), and reading such scripts back.

use super::item::Item;
use super::{policy, Reading};
use crate::error::Error;
use serde_json::{json, Map, Value};
use std::fmt::Write;

/// Options and the policy exemption properties they set.
const OPTIONS: [(&str, &str); 6] = [
    ("--policy-assignment", "policyAssignmentId"),
    ("--exemption-category", "exemptionCategory"),
    ("--display-name", "displayName"),
    ("--description", "description"),
    ("--expires-on", "expiresOn"),
    ("--metadata", "metadata"),
];

/// Short forms the Azure CLI accepts.
const SHORT: [(&str, &str); 5] = [
    ("-n", "--name"),
    ("-a", "--policy-assignment"),
    ("-e", "--exemption-category"),
    ("-r", "--policy-definition-reference-ids"),
    ("-v", "--assignment-scope-validation"),
];

pub(crate) fn write(plan: &[policy::PolicyExemption]) -> String {
    let mut out = String::from(
        "#!/usr/bin/env bash\n# Azure Policy exemptions, written by exempt. Run with a signed-in Azure CLI;\n# creating an exemption that exists updates it.\nset -euo pipefail\n",
    );
    for p in plan {
        out.push_str("\naz policy exemption create \\\n");
        let _ = write!(
            out,
            "  --name {} \\\n  --scope {}",
            quote(&p.name),
            quote(&p.scope)
        );
        for (option, prop) in OPTIONS {
            let Some(v) = p.properties.get(prop) else {
                continue;
            };
            let text = match v {
                Value::String(s) => s.clone(),
                other => super::write::json(other, false),
            };
            let _ = write!(out, " \\\n  {option} {}", quote(&text));
        }
        if let Some(Value::Array(refs)) = p.properties.get("policyDefinitionReferenceIds") {
            out.push_str(" \\\n  --policy-definition-reference-ids");
            for r in refs.iter().filter_map(Value::as_str) {
                let _ = write!(out, " {}", quote(r));
            }
        }
        out.push('\n');
    }
    out
}

/// A word in single quotes, which Bash takes literally, `'` itself as `'\''`.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

pub(crate) fn looks_like(text: &str) -> bool {
    text.contains("az policy exemption create")
}

pub(crate) fn read(file: &str, text: &str, r: &mut Reading) -> Result<(), Error> {
    let commands =
        words(text).map_err(|(line, m)| Error::input(file, None, format!("line {line}: {m}")))?;
    let mut row = 0;
    for (line, words) in commands {
        let bare: Vec<&str> = words.iter().take(4).map(|(w, _)| w.as_str()).collect();
        if bare != ["az", "policy", "exemption", "create"] {
            continue;
        }
        row += 1;
        let mut options: Map<String, Value> = Map::new();
        let mut current: Option<String> = None;
        for (w, quoted) in &words[4..] {
            if !quoted && w.starts_with('-') {
                let long = SHORT
                    .iter()
                    .find(|(s, _)| s == w)
                    .map_or(w.as_str(), |(_, l)| l);
                current = Some(long.to_string());
                options
                    .entry(long.to_string())
                    .or_insert(Value::Array(Vec::new()));
            } else if let Some(Value::Array(values)) =
                current.as_ref().and_then(|c| options.get_mut(c))
            {
                values.push(w.clone().into());
            }
        }
        let one = |o: &str| {
            options
                .get(o)
                .and_then(|v| v.get(0))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let path = format!("line {line}: ");
        let blank = Value::Null;
        let mut item = Item::new(file, row, path.clone(), &blank);
        item.name = one("--display-name").or(one("--name"));
        if options.contains_key("--resource-group") || options.contains_key("-g") {
            r.rejected.push(item.reject("--resource-group", "names a resource group of the current subscription, which the script does not name; use --scope with the resource group's id"));
            continue;
        }
        let Some(scope) = one("--scope") else {
            r.rejected.push(item.reject(
                "--scope",
                "is required: without it the exemption lands in whichever subscription is current",
            ));
            continue;
        };
        let mut props = Map::new();
        for (option, prop) in OPTIONS {
            if let Some(v) = one(option) {
                let v = if prop == "metadata" {
                    crate::json::parse(&v)
                        .map_err(|e| item.error(option, format!("not JSON: {e}")))?
                } else {
                    v.into()
                };
                props.insert(prop.into(), v);
            }
        }
        if let Some(refs) = options.get("--policy-definition-reference-ids") {
            props.insert("policyDefinitionReferenceIds".into(), refs.clone());
        }
        if let Some(sel) = one("--resource-selectors") {
            let v = crate::json::parse(&sel)
                .map_err(|e| item.error("--resource-selectors", format!("not JSON: {e}")))?;
            props.insert("resourceSelectors".into(), v);
        }
        let rest = json!({
            "id": format!("{}/providers/{}/{}", scope.trim_end_matches('/'), policy::TYPE, one("--name").unwrap_or_default()),
            "name": one("--name"),
            "properties": props,
        });
        let mut item = Item::new(file, row, path, &rest);
        policy::read(&mut item, "properties.", r)?;
    }
    Ok(())
}

/// The script's commands as words, with the line each starts on: Bash's
/// quoting (single, double, backslash), line continuations and comments.
/// A word is marked when any part of it was quoted: it is then a value,
/// even one that starts with `-`.
type Words = Vec<(String, bool)>;

fn words(text: &str) -> Result<Vec<(usize, Words)>, (usize, String)> {
    let mut commands = Vec::new();
    let (mut words, mut word, mut in_word): (Words, String, bool) =
        (Vec::new(), String::new(), false);
    let mut quoted = false;
    let (mut line, mut start) = (1, 1);
    let mut chars = text.chars().peekable();
    let end_word = |words: &mut Words, word: &mut String, in_word: &mut bool, quoted: &mut bool| {
        if *in_word {
            words.push((std::mem::take(word), *quoted));
            *in_word = false;
            *quoted = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                quoted = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => {
                            line += usize::from(ch == '\n');
                            word.push(ch);
                        }
                        None => return Err((line, "a quote is not closed".into())),
                    }
                }
            }
            '"' => {
                in_word = true;
                quoted = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') if chars.peek().is_some_and(|n| "\"\\$`\n".contains(*n)) => {
                            let n = chars.next().unwrap_or('\\');
                            if n != '\n' {
                                word.push(n);
                            }
                        }
                        Some('$' | '`') => return Err((line, "a double-quoted word holds an expansion; import reads literal values only".into())),
                        Some(ch) => {
                            line += usize::from(ch == '\n');
                            word.push(ch);
                        }
                        None => return Err((line, "a quote is not closed".into())),
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') => line += 1,
                Some(ch) => {
                    in_word = true;
                    quoted = true;
                    word.push(ch);
                }
                None => {}
            },
            '#' if !in_word => {
                while chars.peek().is_some_and(|&n| n != '\n') {
                    chars.next();
                }
            }
            '\n' | ';' => {
                end_word(&mut words, &mut word, &mut in_word, &mut quoted);
                if !words.is_empty() {
                    commands.push((start, std::mem::take(&mut words)));
                }
                line += usize::from(c == '\n');
                start = line;
            }
            c if c.is_whitespace() => end_word(&mut words, &mut word, &mut in_word, &mut quoted),
            '$' | '`' => {
                return Err((
                    line,
                    "the script holds an expansion; import reads literal values only".into(),
                ))
            }
            c => {
                if !in_word && words.is_empty() {
                    start = line;
                }
                in_word = true;
                word.push(c);
            }
        }
    }
    end_word(&mut words, &mut word, &mut in_word, &mut quoted);
    if !words.is_empty() {
        commands.push((start, words));
    }
    Ok(commands)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_words() {
        let text = "set -e\naz policy exemption create \\\n  --name 'it'\\''s' --description \"a \\\"b\\\"\" # note\n";
        let w = words(text).unwrap();
        assert_eq!(w[1].0, 2);
        let texts: Vec<&str> = w[1].1.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "az",
                "policy",
                "exemption",
                "create",
                "--name",
                "it's",
                "--description",
                "a \"b\""
            ]
        );
        assert!(w[1].1[5].1 && !w[1].1[4].1);
        assert!(words("echo $HOME").is_err());
    }
}
