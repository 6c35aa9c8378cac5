//! Rendering: commands return a `Report`, and this module writes it as a table or as JSON.
//! Results go to stdout; chatter, progress and errors to stderr (see `Printer`).

pub mod table;

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

use crate::exit::Exit;

/// How results are written to stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
pub enum Format {
    /// Aligned tables for people.
    Table,
    /// One JSON document, the same data as the table with exact numbers.
    Json,
}

/// Whether to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream that is (or is not) a terminal.
    pub fn for_stream(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// The parameters of the SGR sequences pmc writes itself: reset, bold, normal intensity, red,
/// green, yellow, default colour. Store text may hold others (hidden, blink) that must not
/// reach the terminal; one of these in store text can only colour it.
const OWN_SGR: [&str; 7] = ["0", "1", "22", "31", "32", "33", "39"];

/// A duration as operators type it: `7d`, `90d`, `1d 2h`, `1h 30m`, `45s`, `1s 500ms`: days at
/// most, never months, so `--older-than 90d` reads back as `90d`, not as 30.44-day months.
pub fn duration_text(d: std::time::Duration) -> String {
    let secs = d.as_secs();
    let parts = [
        (secs / 86_400, "d"),
        (secs / 3600 % 24, "h"),
        (secs / 60 % 60, "m"),
        (secs % 60, "s"),
        (u64::from(d.subsec_millis()), "ms"),
    ];
    let text: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect();
    if text.is_empty() {
        "0s".into()
    } else {
        text.join(" ")
    }
}

/// `text` with every control character but newline and tab made visible (`^[`, `^M`, `^G`),
/// except, with `color`, the colour sequences pmc writes itself (`ESC [ 1 m`, see `OWN_SGR`).
/// Tables show text from the store (customer names, notes, statuses) that must not move the
/// cursor, rewrite the line, hide text or set the terminal's title; JSON escapes such
/// characters by itself.
pub fn terminal_safe(text: &str, color: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\u{1b}' && color {
            let rest = &text[at + 1..];
            let sgr = rest
                .strip_prefix('[')
                .and_then(|r| {
                    r.find(|ch: char| !(ch.is_ascii_digit() || ch == ';'))
                        .map(|n| (r, n))
                })
                .filter(|(r, n)| {
                    r[*n..].starts_with('m')
                        && r[..*n]
                            .split(';')
                            .all(|p| p.is_empty() || OWN_SGR.contains(&p))
                });
            if let Some((_, n)) = sgr {
                out.push_str(&text[at..at + 1 + 1 + n + 1]);
                for _ in 0..n + 2 {
                    chars.next();
                }
                continue;
            }
        }
        match c {
            '\n' | '\t' => out.push(c),
            '\0'..='\u{1f}' => {
                out.push('^');
                out.push(char::from(c as u8 + b'@'));
            }
            '\u{7f}' => out.push_str("^?"),
            '\u{80}'..='\u{9f}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

/// A line for stderr (an error, a warning) that names things from the database or the command
/// line: one line, control characters visible, so a name cannot fake a line of pmc's own or
/// drive the terminal.
pub fn stderr_line(text: &str) -> String {
    terminal_safe(&one_line_value(text), false)
}

/// `text` as one line: a newline shows as `\n`, a carriage return as `\r` (a backslash and a
/// letter) and the Unicode line and paragraph separators as `\u2028` and `\u2029`. For a
/// value from the store put into a line or a table cell: [`terminal_safe`] keeps newlines,
/// which multi-line reports and tables need, so a customer name such as
/// `Bob\n  status  refunded` would otherwise print a convincing line of pmc's own, or split a
/// table row in two. A literal backslash-n in the text looks the same; it cannot start a line.
pub fn one_line_value(text: &str) -> Cow<'_, str> {
    const BREAKS: [char; 4] = ['\n', '\r', '\u{2028}', '\u{2029}'];
    if !text.contains(BREAKS) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// What a command produced: the data for stdout and how the run ends.
pub trait Report {
    /// The JSON document for `--json`.
    fn json(&self) -> serde_json::Value;
    /// The table (or tables) for people.
    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()>;
    /// Whether the report is the product itself (a completion script) rather than an account
    /// of a run, so that `--quiet` must not hide it.
    fn is_product(&self) -> bool {
        false
    }
}

/// A command's result: its report and the exit code its findings call for.
pub struct Outcome {
    pub report: Box<dyn Report>,
    pub exit: Exit,
}

impl Outcome {
    pub fn new(report: impl Report + 'static, exit: Exit) -> Self {
        Outcome {
            report: Box::new(report),
            exit,
        }
    }
}

/// Decides what is shown where: results on stdout (unless quiet and all is well), chatter
/// and progress on stderr only when it is a terminal and not quiet.
#[derive(Debug, Clone)]
pub struct Printer {
    pub format: Format,
    pub quiet: bool,
    pub verbose: u8,
    pub color: bool,
    pub progress: bool,
}

impl Printer {
    /// Resolves `--color`, `NO_COLOR`, `--no-progress` and the terminals.
    pub fn new(
        format: Format,
        quiet: bool,
        verbose: u8,
        color: ColorChoice,
        no_progress: bool,
    ) -> Self {
        let color = color.for_stream(io::stdout().is_terminal());
        let progress = !no_progress
            && !quiet
            && verbose == 0
            && format == Format::Table
            && io::stderr().is_terminal();
        Printer {
            format,
            quiet,
            verbose,
            color,
            progress,
        }
    }

    /// A printer for tests and nested runs: tables, no colour, no progress.
    pub fn plain() -> Self {
        Printer {
            format: Format::Table,
            quiet: false,
            verbose: 0,
            color: false,
            progress: false,
        }
    }

    pub fn style(&self) -> table::Style {
        table::Style { color: self.color }
    }

    /// Writes a report to `out` in the chosen format. With `--quiet` nothing is written when
    /// the run is clean, so cron mails only when something needs a person.
    pub fn write(&self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
        if self.quiet && outcome.exit == Exit::Ok && !outcome.report.is_product() {
            return Ok(());
        }
        match self.format {
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &outcome.report.json())?;
                writeln!(out)
            }
            Format::Table => {
                let mut table = Vec::new();
                outcome.report.write_table(&mut table, &self.style())?;
                out.write_all(
                    terminal_safe(&String::from_utf8_lossy(&table), self.color).as_bytes(),
                )
            }
        }
    }

    /// A line of chatter on stderr: only on a terminal, never in quiet or JSON mode.
    pub fn note(&self, message: &str) {
        if !self.quiet && self.format == Format::Table && io::stderr().is_terminal() {
            let _ = writeln!(io::stderr(), "{message}");
        }
    }

    /// A spinner on stderr that shows what is being done; hidden unless progress is on.
    pub fn spinner(&self, message: &str) -> indicatif::ProgressBar {
        if !self.progress {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.enable_steady_tick(std::time::Duration::from_millis(100));
        bar.set_message(message.to_string());
        bar
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn durations_read_as_typed() {
        use std::time::Duration;
        let text = |secs: u64| super::duration_text(Duration::from_secs(secs));
        assert_eq!(text(90 * 86_400), "90d");
        assert_eq!(text(7 * 86_400), "7d");
        assert_eq!(text(26 * 3600), "1d 2h");
        assert_eq!(text(5400), "1h 30m");
        assert_eq!(text(0), "0s");
        assert_eq!(
            super::duration_text(Duration::from_millis(1500)),
            "1s 500ms"
        );
    }

    use super::{one_line_value, terminal_safe};

    #[test]
    fn a_value_stays_on_one_line() {
        assert_eq!(
            one_line_value("Bob\n  status   refunded\r\n"),
            "Bob\\n  status   refunded\\r\\n"
        );
        assert_eq!(one_line_value("a\u{2028}b\u{2029}"), "a\\u2028b\\u2029");
        assert!(matches!(
            one_line_value("Guest Customer\t£35"),
            std::borrow::Cow::Borrowed("Guest Customer\t£35")
        ));
    }

    #[test]
    fn store_text_cannot_drive_the_terminal() {
        let name = "Eve\u{1b}]0;pwned\u{7}\u{1b}[2J\rover\u{9b}2J";
        assert_eq!(
            terminal_safe(name, false),
            "Eve^[]0;pwned^G^[[2J^Mover\u{fffd}2J"
        );
        // With colour, pmc's own colour sequences pass and nothing else does.
        assert_eq!(
            terminal_safe("\u{1b}[1;31merror\u{1b}[0m\t\u{1b}[2J\n", true),
            "\u{1b}[1;31merror\u{1b}[0m\t^[[2J\n"
        );
        // Hidden and blinking text are not pmc's own colours.
        assert_eq!(
            terminal_safe("ORD\u{1b}[8mHIDDEN\u{1b}[5m", true),
            "ORD^[[8mHIDDEN^[[5m"
        );
    }
}
