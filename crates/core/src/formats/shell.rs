//! Bash commands as words, for reading scripts back: single, double and
//! backslash quoting, line continuations and comments. An expansion (`$`,
//! a backtick) is refused: import reads literal values only.

/// One word of a command, and how many of its first bytes were outside
/// quotes: an option's leading `-` (and its `=`) must be, so that a quoted
/// value that starts with `-` stays a value.
pub(crate) struct Word {
    pub text: String,
    pub plain: usize,
}

/// A command's first line and its words.
pub(crate) type Command = (usize, Vec<Word>);

/// The script's commands as words, with the line each starts on: Bash's
/// quoting (single, double, backslash), line continuations and comments.
pub(crate) fn words(text: &str) -> Result<Vec<Command>, (usize, String)> {
    let mut commands = Vec::new();
    let mut words: Vec<Word> = Vec::new();
    let (mut word, mut in_word) = (String::new(), false);
    // Bytes of the word before its first quote, once one was seen.
    let mut plain: Option<usize> = None;
    let (mut line, mut start) = (1, 1);
    let mut chars = text.chars().peekable();
    let end_word = |words: &mut Vec<Word>,
                    word: &mut String,
                    in_word: &mut bool,
                    plain: &mut Option<usize>| {
        if *in_word {
            let text = std::mem::take(word);
            let plain = plain.take().unwrap_or(text.len());
            words.push(Word { text, plain });
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                plain.get_or_insert(word.len());
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
                plain.get_or_insert(word.len());
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
                    plain.get_or_insert(word.len());
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
                end_word(&mut words, &mut word, &mut in_word, &mut plain);
                if !words.is_empty() {
                    commands.push((start, std::mem::take(&mut words)));
                }
                line += usize::from(c == '\n');
                start = line;
            }
            c if c.is_whitespace() => end_word(&mut words, &mut word, &mut in_word, &mut plain),
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
    end_word(&mut words, &mut word, &mut in_word, &mut plain);
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
        let texts: Vec<&str> = w[1].1.iter().map(|w| w.text.as_str()).collect();
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
        assert_eq!((w[1].1[5].plain, w[1].1[4].plain), (0, "--name".len()));
        let w = words("az rest --url='/a b' '--body=x'").unwrap();
        assert_eq!(
            (w[0].1[2].text.as_str(), w[0].1[2].plain),
            ("--url=/a b", 6)
        );
        assert_eq!(w[0].1[3].plain, 0);
        assert!(words("echo $HOME").is_err());
    }
}
