//! Diagnostic logging with `tracing`: to stderr with `-v`, and as JSON lines to `--log-file`.
//! Without either nothing is logged, so cron output stays the report alone.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use anyhow::Context as _;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::{EnvFilter, Layer as _};

fn filter(verbose: u8) -> EnvFilter {
    // sqlx logs every statement at debug and slow ones at warn: the statements are what -vv
    // adds (pmc's page promises them there); -vvv is everything, the libraries' trace too.
    let directives = match verbose {
        0 => "pmc=info,sqlx=error",
        1 => "pmc=info,sqlx=warn",
        2 => "pmc=debug,sqlx=debug",
        _ => "trace",
    };
    EnvFilter::new(directives)
}

/// Installs the subscriber; `color` says whether stderr may carry colour escapes (a terminal,
/// and neither `--color never` nor NO_COLOR). An unwritable `--log-file` is an error naming
/// the file.
pub fn init(verbose: u8, log_file: Option<&Path>, color: bool) -> anyhow::Result<()> {
    let stderr = (verbose > 0).then(|| {
        tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_ansi(color)
            .with_target(false)
            .with_filter(filter(verbose))
    });
    let file = match log_file {
        Some(path) => {
            let file = fs_err::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .with_context(|| format!("failed to open --log-file {}", path.display()))?;
            Some(
                tracing_subscriber::fmt::layer()
                    .json()
                    .with_writer(Mutex::new(LogFile {
                        file: file.into_file(),
                        path: path.to_path_buf(),
                    }))
                    .with_filter(filter(verbose)),
            )
        }
        None => None,
    };
    tracing_subscriber::registry()
        .with(stderr)
        .with(file)
        .try_init()
        .ok();
    Ok(())
}

/// The first failure to write `--log-file`, as `FILE: error`. tracing drops a writer's errors,
/// so a full disk would otherwise lose the log without a word.
static LOG_FILE_FAILURE: OnceLock<String> = OnceLock::new();

/// Why the log file could not be written, if it could not: said once at the end of the run.
pub fn log_file_failure() -> Option<&'static str> {
    LOG_FILE_FAILURE.get().map(String::as_str)
}

/// `--log-file`, remembering its first write error.
struct LogFile {
    file: std::fs::File,
    path: PathBuf,
}

impl LogFile {
    fn noted<T>(&self, result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result {
            let _ = LOG_FILE_FAILURE.set(format!("{}: {e}", self.path.display()));
        }
        result
    }
}

impl Write for LogFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let result = self.file.write(buf);
        self.noted(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.file.flush();
        self.noted(result)
    }
}
