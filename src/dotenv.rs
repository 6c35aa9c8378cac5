//! A `.env` reader with python-dotenv's rules, because the file pmc reads is the store's own
//! (a Python backend): what python-dotenv 1.2 reads, pmc reads alike. The reader follows
//! python-dotenv's grammar (its `parser.py`) step by step: its regular expressions become the
//! small scanners below, with Python's idea of whitespace (`\s`: Unicode white space and
//! `\x1c`..`\x1f`). Unquoted values may hold spaces (`NAME=hello world`) and end at a
//! whitespace-then-`#` comment; a quoted value ends at the first quote without a backslash
//! before it, or, when there is none, at the last one with a backslash (the regular
//! expression backtracks there); `'…'` then decodes `\'` and `\\`, `"…"` Python's escapes;
//! both quotes may span lines; `${NAME}` and `${NAME:-default}` expand in every value, from the
//! lines above (a bare `NAME` line there counts as empty), else the environment, else the
//! default; a name may be single-quoted (`'NAME'=x`, no escapes); lines end at LF, CRLF or a
//! lone CR (Python's universal newlines); a UTF-8 byte order mark stays part of the first name.
//! A line python-dotenv could not parse is skipped from where the parse failed to the end of
//! that line, and reported by line number, never by its text, which may hold a secret.

use std::collections::HashMap;

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
    let mut reader = Reader {
        chars: text.chars().collect(),
        at: 0,
        line: 1,
    };
    let mut entries: Vec<Entry> = Vec::new();
    // What `${NAME}` sees from the lines above: the value, or None after a bare `NAME` line
    // (python-dotenv's None, which expands to nothing). A line that could not be read sets
    // nothing, there as here.
    let mut seen: HashMap<String, Option<String>> = HashMap::new();
    loop {
        reader.skip_while(is_space);
        if reader.done() {
            break;
        }
        let line = reader.line;
        match reader.binding() {
            Ok(None) => {}
            Ok(Some((name, None))) => {
                entries.retain(|e| e.name != name);
                seen.insert(name, None);
            }
            Ok(Some((name, Some(raw)))) => {
                let value = expand_variables(&raw, &seen);
                seen.insert(name.clone(), Some(value.clone()));
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

/// Python's `\s` on a str: Unicode white space, and the separators `\x1c`..`\x1f` that
/// `str.isspace` counts too.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// `[^\S\r\n]`: white space within a line.
fn is_blank(c: char) -> bool {
    is_space(c) && c != '\n' && c != '\r'
}

struct Reader {
    chars: Vec<char>,
    at: usize,
    line: usize,
}

/// A name and its raw value (None for a bare `NAME` line), or the name and why the line
/// could not be read.
type Binding = Result<Option<(String, Option<String>)>, (String, &'static str)>;

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

    fn skip_while(&mut self, keep: fn(char) -> bool) {
        while self.peek().is_some_and(keep) {
            self.next();
        }
    }

    /// `[^\r\n]*` and the line end: what python-dotenv skips after an error.
    fn skip_line(&mut self) {
        while let Some(c) = self.next() {
            if c == '\n' {
                break;
            }
        }
    }

    fn starts_with(&self, word: &str) -> bool {
        word.chars()
            .enumerate()
            .all(|(i, c)| self.chars.get(self.at + i) == Some(&c))
    }

    /// One binding, python-dotenv's `parse_binding`, after the white space before it.
    fn binding(&mut self) -> Binding {
        // `(?:export[^\S\r\n]+)?`
        if self.starts_with("export") && self.chars.get(self.at + 6).copied().is_some_and(is_blank)
        {
            self.at += 6;
            self.skip_while(is_blank);
        }
        let name = match self.peek() {
            // A comment line: python-dotenv's key None, the rest of the line a comment.
            Some('#') => {
                self.skip_line();
                return Ok(None);
            }
            Some('\'') => self.quoted_name(),
            _ => self.unquoted_name(),
        }
        .map_err(|why| (String::new(), why))?;
        self.skip_while(is_blank);
        let value = if self.peek() == Some('=') {
            self.next();
            self.skip_while(is_blank);
            Some(self.value().map_err(|why| (name.clone(), why))?)
        } else {
            None
        };
        if self.end_of_binding().is_err() {
            // Only a closing quote or a bare name can be followed by text on its line.
            let why = match value {
                Some(_) => "text after the closing quote",
                None => "not a NAME=value line",
            };
            return Err((name, why));
        }
        Ok(Some((name, value)))
    }

    /// `'([^']+)'`: no escapes in a quoted name.
    fn quoted_name(&mut self) -> Result<String, &'static str> {
        let close = self.chars[self.at + 1..].iter().position(|&c| c == '\'');
        match close {
            Some(len) if len > 0 => {
                let name: String = self.chars[self.at + 1..self.at + 1 + len].iter().collect();
                for _ in 0..len + 2 {
                    self.next();
                }
                Ok(name)
            }
            _ => Err("not a NAME=value line"),
        }
    }

    /// `[^=\#\s]+`
    fn unquoted_name(&mut self) -> Result<String, &'static str> {
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if c == '=' || c == '#' || is_space(c) {
                break;
            }
            name.push(c);
            self.next();
        }
        if name.is_empty() {
            Err("not a NAME=value line")
        } else {
            Ok(name)
        }
    }

    /// python-dotenv's `parse_value`.
    fn value(&mut self) -> Result<String, &'static str> {
        match self.peek() {
            Some(quote @ ('\'' | '"')) => {
                let raw = self.quoted(quote)?;
                Ok(decode_escapes(&raw, quote))
            }
            None | Some('\n') => Ok(String::new()),
            Some(_) => Ok(self.unquoted()),
        }
    }

    /// `'((?:\\'|[^'])*)'` (or with `"`): the text up to the first quote without a backslash
    /// before it; when there is none, the regular expression backtracks to the last quote with
    /// a backslash before it. A quote with neither is never closed, and the error is at the
    /// opening quote: only the rest of that line is skipped.
    fn quoted(&mut self, quote: char) -> Result<String, &'static str> {
        let start = self.at + 1;
        let mut i = start;
        let mut last_escaped = None;
        let close = loop {
            match self.chars.get(i) {
                None => match last_escaped {
                    Some(at) => break at,
                    None => return Err("a quote that is never closed"),
                },
                Some('\\') if self.chars.get(i + 1) == Some(&quote) => {
                    last_escaped = Some(i + 1);
                    i += 2;
                }
                Some(&c) if c == quote => break i,
                Some(_) => i += 1,
            }
        };
        let raw: String = self.chars[start..close].iter().collect();
        while self.at <= close {
            self.next();
        }
        Ok(raw)
    }

    /// `[^\r\n]*`, cut at the first white space followed by `#`, trailing white space trimmed.
    fn unquoted(&mut self) -> String {
        let mut part = Vec::new();
        while let Some(c) = self.peek().filter(|&c| c != '\n') {
            part.push(c);
            self.next();
        }
        // `re.sub(r"\s+#.*", "", part)`: the leftmost run of white space that reaches a `#`.
        let mut cut = part.len();
        let mut i = 0;
        while i < part.len() {
            if is_space(part[i]) {
                let run_end = (i..part.len())
                    .find(|&j| !is_space(part[j]))
                    .unwrap_or(part.len());
                if part.get(run_end) == Some(&'#') {
                    cut = i;
                    break;
                }
                i = run_end;
            } else {
                i += 1;
            }
        }
        let value: String = part[..cut].iter().collect();
        value.trim_end_matches(is_space).to_string()
    }

    /// `(?:[^\S\r\n]*#[^\r\n]*)?` then `[^\S\r\n]*(?:\r\n|\n|\r|$)`; Err when other text
    /// follows on the line.
    fn end_of_binding(&mut self) -> Result<(), ()> {
        let (at, line) = (self.at, self.line);
        self.skip_while(is_blank);
        if self.peek() == Some('#') {
            while self.peek().is_some_and(|c| c != '\n') {
                self.next();
            }
        } else {
            // The comment is optional: without one, its blanks are the line end's.
            (self.at, self.line) = (at, line);
            self.skip_while(is_blank);
        }
        match self.peek() {
            None => Ok(()),
            Some('\n') => {
                self.next();
                Ok(())
            }
            Some(_) => Err(()),
        }
    }
}

/// python-dotenv's `decode_escapes`: in `'…'` only `\\` and `\'`; in `"…"` also `\"`, `\a`,
/// `\b`, `\f`, `\n`, `\r`, `\t` and `\v`. Any other backslash stays as it is.
fn decode_escapes(raw: &str, quote: char) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let decoded = match (quote, chars.peek()) {
            (_, Some('\\')) => Some('\\'),
            (_, Some('\'')) => Some('\''),
            ('"', Some('"')) => Some('"'),
            ('"', Some('a')) => Some('\u{7}'),
            ('"', Some('b')) => Some('\u{8}'),
            ('"', Some('f')) => Some('\u{c}'),
            ('"', Some('n')) => Some('\n'),
            ('"', Some('r')) => Some('\r'),
            ('"', Some('t')) => Some('\t'),
            ('"', Some('v')) => Some('\u{b}'),
            _ => None,
        };
        match decoded {
            Some(d) => {
                chars.next();
                out.push(d);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// `${NAME}` and `${NAME:-default}` (python-dotenv's `\$\{([^\}:]*)(?::-([^\}]*))?\}`; any
/// other `${…}`, such as `${A:x}`, stays as it is) replaced by NAME's value from the lines
/// above (empty after a bare `NAME` line), else from the environment, else the default.
fn expand_variables(text: &str, seen: &HashMap<String, Option<String>>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((name, default, end)) = variable_at(&chars, i) {
            let value = match seen.get(&name) {
                Some(value) => value.clone().unwrap_or_default(),
                // No variable's name holds `=` or NUL (the C library would match `A=b` against
                // the entry `A=b=c`); Python's os.environ finds none either.
                None if name.is_empty() || name.contains(['=', '\0']) => default,
                None => std::env::var(&name).unwrap_or(default),
            };
            out.push_str(&value);
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The reference that starts at `i`, if one does: its name, its default and where it ends.
fn variable_at(chars: &[char], i: usize) -> Option<(String, String, usize)> {
    if chars.get(i) != Some(&'$') || chars.get(i + 1) != Some(&'{') {
        return None;
    }
    let mut j = i + 2;
    let mut name = String::new();
    while let Some(&c) = chars.get(j) {
        if c == '}' || c == ':' {
            break;
        }
        name.push(c);
        j += 1;
    }
    let mut default = String::new();
    if chars.get(j) == Some(&':') {
        if chars.get(j + 1) != Some(&'-') {
            return None;
        }
        j += 2;
        while let Some(&c) = chars.get(j) {
            if c == '}' {
                break;
            }
            default.push(c);
            j += 1;
        }
    }
    (chars.get(j) == Some(&'}')).then(|| (name, default, j + 1))
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

    /// Each case with what python-dotenv 1.2.2's `dotenv_values` gives (found by comparing the
    /// two readers on generated files).
    #[test]
    fn the_corners_read_as_python_dotenv_reads_them() {
        let value = |text: &str, name: &str| {
            parse(text)
                .into_iter()
                .rfind(|e| e.name == name)
                .map(|e| e.value)
        };
        // A backslash before the closing quote: the quote closes there when no later one
        // is unescaped ({'I': 'C:\\imgs\\'}) ...
        assert_eq!(
            value("I=\"C:\\imgs\\\"\n", "I"),
            Some(Ok("C:\\imgs\\".into()))
        );
        // ... and does not when one is: the value runs on to it, then breaks ({}).
        assert_eq!(value("A=\"a\\\\\"\nI=\"b\"\n", "I"), None);
        // Python's white space: form feed, no-break space, \x1f.
        assert_eq!(value("\x0cI=x\n", "I"), Some(Ok("x".into())));
        assert_eq!(value("I\u{a0}=x\n", "I"), Some(Ok("x".into())));
        assert_eq!(value("I=a\x0c#comment\n", "I"), Some(Ok("a".into())));
        assert_eq!(value("I=\"x\"\u{a0}\n", "I"), Some(Ok("x".into())));
        assert_eq!(value("I=abc\x1f\n", "I"), Some(Ok("abc".into())));
        // A bare name is empty to ${…} below it, default or not ({'A': None, 'I': ''}).
        assert_eq!(
            value("PMC_T_A=x\nPMC_T_A\nI=${PMC_T_A:-def}\n", "I"),
            Some(Ok(String::new()))
        );
        // A line that cannot be read sets nothing: the value above it stays ({'I': 'good'}).
        assert_eq!(
            value("PMC_T_A=good\nPMC_T_A=\"broken\nI=${PMC_T_A}\n", "I"),
            Some(Ok("good".into()))
        );
        // Only `${NAME}` and `${NAME:-default}` are references ({'I': 'x${A:y}z'}).
        assert_eq!(
            value("I=x${PMC_T_A:y}z\n", "I"),
            Some(Ok("x${PMC_T_A:y}z".into()))
        );
        // A quoted name knows no escapes ({'A\\': '1', 'I': 'x'}).
        let text = "'A\\'=1\nI=x\n'B=2\n";
        assert_eq!(value(text, "A\\"), Some(Ok("1".into())));
        assert_eq!(value(text, "I"), Some(Ok("x".into())));
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
