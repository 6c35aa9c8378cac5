//! pmc: the operator toolkit for the PimpMyCase store. `main.rs` parses the command line and
//! calls `run`; everything else lives here so tests can call it.

pub mod backup;
pub mod cleanup;
pub mod cli;
pub mod commands;
pub mod config;
pub mod confirm;
pub mod ctx;
pub mod db;
pub mod dotenv;
pub mod error;
pub mod exit;
pub mod fixtures;
pub mod journal;
pub mod logging;
pub mod orders;
pub mod output;
pub mod pg_client;
pub mod pg_cluster;
pub mod restore;
pub mod sql;

use std::future::Future;
use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::cli::Cli;
use crate::config::LoadOptions;
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::exit::Exit;
use crate::output::{ColorChoice, Outcome, Printer};

/// Runs a parsed command line to its exit code: results to stdout, the error (if any) to
/// stderr, once.
pub fn run(cli: Cli) -> Exit {
    let global = &cli.global;
    let printer = Printer::new(
        global.format(),
        global.quiet,
        global.verbose,
        global.color,
        global.no_progress,
    );
    // The same rule for anstream, which decides for each stream on its own: a report on a
    // terminal keeps its colour when stderr goes to a file, and the error line does not.
    let choice = match global.color {
        ColorChoice::Always => anstream::ColorChoice::AlwaysAnsi,
        ColorChoice::Never => anstream::ColorChoice::Never,
        ColorChoice::Auto => anstream::ColorChoice::Auto,
    };
    choice.write_global();
    let flags = global
        .database_url
        .iter()
        .map(|url| ("database.url", url.clone()))
        .collect();
    let load = LoadOptions::from_process(global.config_file(), global.env_file.clone(), flags);
    // A path may be any bytes (args() would panic on one that is not UTF-8): the journal keeps
    // it readable.
    let arguments = std::env::args_os()
        .skip(1)
        .map(|arg| redact_argument(&arg.to_string_lossy()))
        .collect();
    let ctx = Ctx::new(printer.clone(), &cli.command, arguments, load);

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            return report_error(
                &anyhow::Error::new(e).context("failed to start"),
                Exit::Software,
            );
        }
    };
    tracing::info!(
        command = cli.command.name(),
        version = env!("CARGO_PKG_VERSION"),
        "pmc started"
    );
    let started = std::time::Instant::now();
    let result = runtime.block_on(until_interrupted(cli.command.run(&ctx)));
    let exit = match result {
        Ok(outcome) => match write_outcome(&printer, &outcome) {
            Ok(()) => outcome.exit,
            // A report that did not reach stdout (a full disk) is a failed run, not a success.
            Err(err) => report_error(&err, ctx.failure_exit),
        },
        Err(err) => {
            tracing::error!(error = error::one_line(&err), "pmc failed");
            report_error(&err, ctx.failure_exit)
        }
    };
    tracing::info!(
        exit = exit.code(),
        seconds = started.elapsed().as_secs_f64(),
        "pmc finished"
    );
    if let Some(failure) = logging::log_file_failure() {
        // The run's own outcome stands; the lost log is said, so cron mails it.
        let _ = writeln!(
            anstream::stderr(),
            "warning: --log-file {failure}: the log is incomplete"
        );
    }
    exit
}

/// Set while a command waits for Ctrl-C itself (a journaled job recording its interruption,
/// `demo --keep` tearing down): the top level then lets it finish instead of dropping it.
static COMMAND_HANDLES_CTRL_C: AtomicBool = AtomicBool::new(false);

/// Marks, while alive, that the running command handles Ctrl-C itself.
pub(crate) struct HandlesCtrlC;

impl HandlesCtrlC {
    pub(crate) fn start() -> Self {
        COMMAND_HANDLES_CTRL_C.store(true, Ordering::SeqCst);
        HandlesCtrlC
    }
}

impl Drop for HandlesCtrlC {
    fn drop(&mut self) {
        COMMAND_HANDLES_CTRL_C.store(false, Ordering::SeqCst);
    }
}

/// Resolves at Ctrl-C (SIGINT), SIGTERM (systemd's stop, `timeout`, a cron wrapper) or SIGHUP
/// (the terminal or ssh session went away): each asks pmc to stop, and it stops the same way,
/// ending its journal row and its child programs, and never in the middle of a restore's swap.
/// An error means no handler could be set up.
pub(crate) async fn interrupt_signal() -> std::io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    tokio::select! {
        pressed = tokio::signal::ctrl_c() => pressed,
        _ = terminate.recv() => Ok(()),
        _ = hangup.recv() => Ok(()),
    }
}

/// Runs `work` until it ends or Ctrl-C. A journaled job in progress sees the Ctrl-C itself,
/// records the interruption and returns; anything else is dropped at once.
async fn until_interrupted(
    work: impl Future<Output = anyhow::Result<Outcome>>,
) -> anyhow::Result<Outcome> {
    tokio::pin!(work);
    loop {
        tokio::select! {
            result = &mut work => return result,
            _ = interrupt_signal() => {
                if !COMMAND_HANDLES_CTRL_C.load(Ordering::SeqCst) {
                    return Err(Failure::Interrupted.into());
                }
            }
        }
    }
}

/// Writes the report to stdout. A closed pipe (`pmc … | head`) is not an error.
/// Writes the report to stdout. A reader that went away (`| head`) is not an error: it took
/// what it wanted.
fn write_outcome(printer: &Printer, outcome: &Outcome) -> anyhow::Result<()> {
    let mut stdout = anstream::stdout().lock();
    match printer
        .write(outcome, &mut stdout)
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("failed to write the report to stdout"))
        }
        _ => Ok(()),
    }
}

/// Prints an error and its causes on one line to stderr and returns its exit code: that of
/// the first `Failure` in the chain, else `fallback`.
pub fn report_error(err: &anyhow::Error, fallback: Exit) -> Exit {
    let exit = error::exit_for(err, fallback);
    let red = anstyle::Style::new()
        .fg_color(Some(anstyle::AnsiColor::Red.into()))
        .bold();
    // Messages name things from the database and the command line (a table, a schema, a
    // --table value): a newline or an escape sequence in one must not fake a line of pmc's own
    // or drive the terminal.
    let message = output::stderr_line(&error::one_line(err));
    let _ = writeln!(anstream::stderr(), "{red}error:{red:#} {message}");
    exit
}

/// A clap error: help and version go to stdout with exit 0, usage errors to stderr with 64.
/// Coloured by pmc's own rule (`--color`, NO_COLOR, a terminal), which clap cannot apply
/// to a command line it failed to parse.
pub fn usage_error(err: clap::Error) -> Exit {
    use std::io::IsTerminal as _;
    // args() would panic on an argument that is not UTF-8, the very thing clap may refuse.
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .filter_map(|a| a.into_string().ok())
        .collect();
    let choice = color_flag(args.iter().cloned()).unwrap_or(ColorChoice::Auto);
    let text = err.render();
    let (exit, written) = if err.use_stderr() {
        let color = choice.for_stream(std::io::stderr().is_terminal());
        let text = if color {
            text.ansi().to_string()
        } else {
            text.to_string()
        };
        // clap quotes the value it refused: a database URL given to the wrong flag, or as a
        // stray argument, must not reach cron mail with its password.
        let text = args.iter().fold(text, |text, arg| {
            let value = arg.split_once('=').map_or(arg.as_str(), |(_, v)| v);
            [arg.as_str(), value].iter().fold(text, |text, raw| {
                let shown = config::redact_url(raw);
                if shown == *raw || raw.is_empty() {
                    text
                } else {
                    text.replace(raw, &shown)
                }
            })
        });
        (Exit::Usage, write!(std::io::stderr(), "{text}"))
    } else {
        let color = choice.for_stream(std::io::stdout().is_terminal());
        let text = if color {
            text.ansi().to_string()
        } else {
            text.to_string()
        };
        (Exit::Ok, write!(std::io::stdout(), "{text}"))
    };
    match written {
        // Help that did not reach stdout is a failed run (exit 1), as for any report.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            let _ = writeln!(std::io::stderr(), "error: failed to write to stdout: {e}");
            Exit::Warning.worst(exit)
        }
        _ => exit,
    }
}

/// The last `--color WHEN` or `--color=WHEN` of a command line, read by hand because clap
/// did not parse it.
fn color_flag(args: impl Iterator<Item = String>) -> Option<ColorChoice> {
    use clap::ValueEnum as _;
    let mut args = args.take_while(|a| a != "--");
    let mut choice = None;
    while let Some(arg) = args.next() {
        let value = match arg.strip_prefix("--color") {
            Some("") => args.next(),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(found) = value.and_then(|v| ColorChoice::from_str(&v, true).ok()) {
            choice = Some(found);
        }
    }
    choice
}

/// A panic is a bug: say so in one line, without a backtrace, and exit 70.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "error: internal error in pmc {}: {message}{place} (this is a bug; please report it)",
            env!("CARGO_PKG_VERSION")
        );
        std::process::exit(i32::from(Exit::Software.code()));
    }));
}

/// An argument as the journal records it: URL passwords replaced by `***`.
fn redact_argument(arg: &str) -> String {
    match arg.split_once('=') {
        Some((flag, value)) if flag.starts_with("--") => {
            format!("{flag}={}", config::redact_url(value))
        }
        _ => config::redact_url(arg),
    }
}
