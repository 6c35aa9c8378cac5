//! A `.env` reader with python-dotenv's rules, because the file pmc reads is the store's own
//! (a Python backend): what python-dotenv accepts, pmc accepts alike. Unquoted values may hold
//! spaces (`NAME=hello world`) and end at a ` #` comment; `'…'` knows only `\'` and `\\`;
//! `"…"` knows backslash escapes; both quotes may span lines; `${NAME}` and `${NAME:-default}`
//! expand in every value, single-quoted ones included (python-dotenv 1.x does, unlike a shell),
//! from the lines above or else the environment; a name may be single-quoted (`'NAME'=x`); a
//! bare `NAME` line unsets what the lines above set; lines end at LF, CRLF or a lone CR, as
//! with Python's universal newlines; a UTF-8 byte order mark stays part of the first name. A line python-dotenv could not
//! parse is reported by line number, never by its text, which may hold a secret.

/// One assignment of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1-based line the assignment starts on.
    pub line: usize,
    pub name: String,
    /// The value, or why it could not be read.
    pub value: Result<String, &'static str>,
}

/// Every assignment of `text`, in file order. A line that is not an assignment at all comes out
/// with an empty name and an error, so the caller decides whether it matters.
pub fn parse(text: &str) -> Vec<Entry> {
    // Python reads the file with universal newlines: CRLF and a lone CR end a line, even
    // inside quotes. A byte order mark stays, part of the first name, as it does there.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let chars: Vec<char> = text.chars().collect();
    let mut reader = Reader {
        chars,
        at: 0,
        line: 1,
    };
    let mut entries: Vec<Entry> = Vec::new();
    while !reader.done() {
        let line = reader.line;
        match reader.statement() {
            Ok(None) => {}
            // A bare `NAME` unsets it, as in python-dotenv (whose value is then None).
            Ok(Some((name, None))) => entries.retain(|e| e.name != name),
            Ok(Some((name, Some((text, expand))))) => {
                let value = if expand {
                    expand_variables(&text, &entries)
                } else {
                    text
                };
                entries.push(Entry {
                    line,
                    name,
                    value: Ok(value),
                });
            }
            Err((name, why)) => {
                reader.skip_line();
                entries.push(Entry {
                    line,
                    name,
                    value: Err(why),
                });
            }
        }
    }
    entries
}

struct Reader {
    chars: Vec<char>,
    at: usize,
    line: usize,
}

/// A value as read: its text and whether `${…}` expands in it.
type RawValue = Option<(String, bool)>;

impl Reader {
    fn done(&self) -> bool {
        self.at >= self.chars.len()
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\r')) {
            self.next();
        }
    }

    fn skip_line(&mut self) {
        while let Some(c) = self.next() {
            if c == '\n' {
                break;
            }
        }
    }

    /// The end of a statement: blanks, an optional comment, then the end of the line.
    fn end_of_statement(&mut self) -> Result<(), &'static str> {
        self.skip_blanks();
        match self.peek() {
            None | Some('\n') => {
                self.next();
                Ok(())
            }
            Some('#') => {
                self.skip_line();
                Ok(())
            }
            Some(_) => Err("text after the closing quote"),
        }
    }

    /// One statement: nothing (a blank line or a comment), or a name and its value.
    #[allow(clippy::type_complexity)]
    fn statement(&mut self) -> Result<Option<(String, RawValue)>, (String, &'static str)> {
        self.skip_blanks();
        match self.peek() {
            None => return Ok(None),
            Some('\n') | Some('#') => {
                self.skip_line();
                return Ok(None);
            }
            _ => {}
        }
        let mut name = self.word();
        if name == "export" && matches!(self.peek(), Some(' ' | '\t')) {
            self.skip_blanks();
            name = self.word();
        }
        if name.is_empty() {
            return Err((name, "not a NAME=value line"));
        }
        self.skip_blanks();
        match self.peek() {
            None | Some('\n') | Some('#') => {
                self.skip_line();
                return Ok(Some((name, None)));
            }
            Some('=') => {
                self.next();
            }
            Some(_) => return Err((name, "not a NAME=value line")),
        }
        self.skip_blanks();
        let value = match self.peek() {
            Some('\'') => self.single_quoted().map(|v| (v, true)),
            Some('"') => self.double_quoted().map(|v| (v, true)),
            _ => Ok((self.unquoted(), true)),
        };
        let value = value.and_then(|v| self.end_of_statement().map(|()| v));
        match value {
            Ok(v) => Ok(Some((name, Some(v)))),
            Err(why) => Err((name, why)),
        }
    }

    /// A name: a quoted one, or anything up to a blank, `=`, `#` or the end of the line.
    fn word(&mut self) -> String {
        // Only single quotes quote a name; double quotes stay part of it (python-dotenv's key
        // pattern), so `"NAME"=x` sets no variable pmc reads, for the store neither.
        if self.peek() == Some('\'') {
            return self.single_quoted().unwrap_or_default();
        }
        let mut word = String::new();
        while let Some(c) = self.peek() {
            if matches!(c, ' ' | '\t' | '\r' | '\n' | '=' | '#') {
                break;
            }
            word.push(c);
            self.next();
        }
        word
    }

    /// python-dotenv reads a quoted value with one regular expression, which matches nothing
    /// when the quote is never closed: the error is then at the quote, and only the rest of
    /// that line is skipped. So an unclosed quote leaves the reader where it was.
    fn unclosed(&mut self, at: usize, line: usize) -> Result<String, &'static str> {
        self.at = at;
        self.line = line;
        Err("a quote that is never closed")
    }

    fn single_quoted(&mut self) -> Result<String, &'static str> {
        let (at, line) = (self.at, self.line);
        self.next();
        let mut value = String::new();
        loop {
            match self.next() {
                None => return self.unclosed(at, line),
                Some('\'') => return Ok(value),
                Some('\\') if matches!(self.peek(), Some('\'' | '\\')) => {
                    value.push(self.next().unwrap_or_default());
                }
                Some(c) => value.push(c),
            }
        }
    }

    fn double_quoted(&mut self) -> Result<String, &'static str> {
        let (at, line) = (self.at, self.line);
        self.next();
        let mut value = String::new();
        loop {
            match self.next() {
                None => return self.unclosed(at, line),
                Some('"') => return Ok(value),
                Some('\\') => match self.next() {
                    None => return self.unclosed(at, line),
                    Some('n') => value.push('\n'),
                    Some('t') => value.push('\t'),
                    Some('r') => value.push('\r'),
                    Some('a') => value.push('\u{7}'),
                    Some('b') => value.push('\u{8}'),
                    Some('f') => value.push('\u{c}'),
                    Some('v') => value.push('\u{b}'),
                    Some(c @ ('"' | '\\' | '\'')) => value.push(c),
                    Some(c) => {
                        value.push('\\');
                        value.push(c);
                    }
                },
                Some(c) => value.push(c),
            }
        }
    }

    /// Up to the end of the line or a comment (` #`), trailing blanks trimmed.
    fn unquoted(&mut self) -> String {
        let mut value = String::new();
        while let Some(c) = self.peek() {
            if c == '\n' || (c == '#' && value.ends_with([' ', '\t'])) {
                break;
            }
            value.push(c);
            self.next();
        }
        value.trim_end().to_string()
    }
}

/// `${NAME}` and `${NAME:-default}` replaced by the value of NAME in the lines above, else in
/// the environment, else the default (or nothing).
fn expand_variables(text: &str, above: &[Entry]) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&rest[..start]);
        let inner = &rest[start + 2..start + len];
        let (name, default) = inner.split_once(":-").unwrap_or((inner, ""));
        let from_file = above
            .iter()
            .rev()
            .find(|e| e.name == name)
            .and_then(|e| e.value.clone().ok());
        let value = from_file
            .or_else(|| std::env::var(name).ok())
            .unwrap_or_else(|| default.to_string());
        out.push_str(&value);
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(usize, String, Result<String, &'static str>)> {
        parse(text)
            .into_iter()
            .map(|e| (e.line, e.name, e.value))
            .collect()
    }

    #[test]
    fn reads_what_python_dotenv_reads() {
        let text = "\u{feff}# the store's settings\n\
                    export DATABASE_URL=\"postgres://u:p@db/store\"\n\
                    GREETING=hello world  # a comment\n\
                    SOME_FLAG\n\
                    EMPTY=\n\
                    SINGLE='a \\'b\\' ${EMPTY}'\n\
                    DOUBLE=\"line\\nnext \\\"q\\\"\"\n\
                    MULTI=\"one\ntwo\"\n\
                    HASH=a#b\n\
                    URL=${DATABASE_URL}/x\n\
                    DEFAULTED=${NOT_SET_ANYWHERE_PMC:-fallback}\n";
        assert_eq!(
            values(text),
            vec![
                (
                    2,
                    "DATABASE_URL".into(),
                    Ok("postgres://u:p@db/store".into())
                ),
                (3, "GREETING".into(), Ok("hello world".into())),
                (5, "EMPTY".into(), Ok(String::new())),
                (6, "SINGLE".into(), Ok("a 'b' ".into())),
                (7, "DOUBLE".into(), Ok("line\nnext \"q\"".into())),
                (8, "MULTI".into(), Ok("one\ntwo".into())),
                (10, "HASH".into(), Ok("a#b".into())),
                (11, "URL".into(), Ok("postgres://u:p@db/store/x".into())),
                (12, "DEFAULTED".into(), Ok("fallback".into())),
            ]
        );
    }

    #[test]
    fn names_may_be_quoted_and_a_bare_name_unsets() {
        // What python-dotenv 1.2 gives for the same file (dotenv_values).
        let text = "XPW=s3\nA='acct${XPW}'\n'QK'=x\nB=1\nB\nC=\"a\\bb\\fc\"\n";
        assert_eq!(
            values(text),
            vec![
                (1, "XPW".into(), Ok("s3".into())),
                (2, "A".into(), Ok("accts3".into())),
                (3, "QK".into(), Ok("x".into())),
                (6, "C".into(), Ok("a\u{8}b\u{c}c".into())),
            ]
        );
    }

    #[test]
    fn line_ends_byte_order_marks_and_double_quoted_names_as_in_python() {
        // python-dotenv 1.2: {'\ufeffA': 'bom', '"Q"': 'q', 'C': 'a\nb', 'X': 'a', 'b': None}
        let text = "\u{feff}A=bom\r\n\"Q\"=q\r\nC=\"a\r\nb\"\r\nX=a\rb\n";
        assert_eq!(
            values(text),
            vec![
                (1, "\u{feff}A".into(), Ok("bom".into())),
                (2, "\"Q\"".into(), Ok("q".into())),
                (3, "C".into(), Ok("a\nb".into())),
                (5, "X".into(), Ok("a".into())),
            ]
        );
    }

    #[test]
    fn a_broken_line_is_reported_by_number_and_the_next_is_read() {
        // python-dotenv 1.2.2: {'B': '2'}; {'D': '4'} (the quote runs to the next one, then
        // `x"` is text after it); {'D': '4'}.
        let text = "A=\"never closed\nB=2\n";
        assert_eq!(
            values(text),
            vec![
                (1, "A".into(), Err("a quote that is never closed")),
                (2, "B".into(), Ok("2".into())),
            ]
        );
        let text = "A=\"never closed\nB=2\nC=\"x\"\nD=4\n";
        assert_eq!(
            values(text),
            vec![
                (1, "A".into(), Err("text after the closing quote")),
                (4, "D".into(), Ok("4".into())),
            ]
        );
        let text = "A='never\nB=2\nC='x'\nD=4\n";
        assert_eq!(
            values(text),
            vec![
                (1, "A".into(), Err("text after the closing quote")),
                (4, "D".into(), Ok("4".into())),
            ]
        );
        let text = "this line is not an assignment\nC='x' y\nD=4\n";
        assert_eq!(
            values(text),
            vec![
                (1, "this".into(), Err("not a NAME=value line")),
                (2, "C".into(), Err("text after the closing quote")),
                (3, "D".into(), Ok("4".into())),
            ]
        );
    }
}
