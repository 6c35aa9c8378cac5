//! The exit codes of pmc, in one place. README.md and every page in commands/ repeat this table;
//! a test checks that the README lists every code.
//!
//! The numbers follow two conventions operators already know: 0-3 are the Nagios plugin codes
//! (so `pmc db-size` can be a monitoring check as it is), 64 and up are BSD `sysexits.h`.

use std::fmt;

/// How a pmc run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Exit {
    /// Everything checked out and every requested change was made.
    Ok,
    /// Warning-level findings, or some items of a batch failed while the rest succeeded.
    Warning,
    /// Critical findings.
    Critical,
    /// A check command could not check (Nagios UNKNOWN).
    Unknown,
    /// The command line was wrong: an unknown flag, a bad value, a missing argument.
    Usage,
    /// Input data was unusable: a file, a dump or a row pmc was asked to work on.
    DataErr,
    /// A service was unreachable: the database, the store API or the partner API.
    Unavailable,
    /// pmc itself failed (a bug); the message says what to report.
    Software,
    /// Another pmc run of the same job holds the lock.
    Locked,
    /// The configuration is malformed: a file, a key or an environment variable.
    Config,
    /// Interrupted by Ctrl-C (SIGINT) or SIGTERM.
    Interrupted,
}

impl Exit {
    /// Every exit code, in numeric order, for documentation and tests.
    pub const ALL: [Exit; 11] = [
        Exit::Ok,
        Exit::Warning,
        Exit::Critical,
        Exit::Unknown,
        Exit::Usage,
        Exit::DataErr,
        Exit::Unavailable,
        Exit::Software,
        Exit::Locked,
        Exit::Config,
        Exit::Interrupted,
    ];

    /// The process exit status.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Warning => 1,
            Exit::Critical => 2,
            Exit::Unknown => 3,
            Exit::Usage => 64,
            Exit::DataErr => 65,
            Exit::Unavailable => 69,
            Exit::Software => 70,
            Exit::Locked => 75,
            Exit::Config => 78,
            Exit::Interrupted => 130,
        }
    }

    /// One line for the README table and `--help`.
    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Ok => "success: all checks passed, all requested changes made",
            Exit::Warning => "warning-level findings, or a partial failure (some items failed)",
            Exit::Critical => "critical findings",
            Exit::Unknown => "could not check (Nagios UNKNOWN; check commands only)",
            Exit::Usage => "usage error: unknown flag, bad flag value, missing argument",
            Exit::DataErr => {
                "bad input data: a file, dump or row pmc cannot use, or a database without the store's tables"
            }
            Exit::Unavailable => "a service is unreachable: database, store API, partner API",
            Exit::Software => "internal error in pmc (a bug: please report it)",
            Exit::Locked => "another pmc run of the same job holds the lock",
            Exit::Config => "configuration error: malformed file, key or environment value",
            Exit::Interrupted => "interrupted (Ctrl-C / SIGINT, SIGTERM or SIGHUP)",
        }
    }

    /// The worse of two outcomes, for commands that combine several findings.
    pub fn worst(self, other: Exit) -> Exit {
        self.max(other)
    }
}

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit.code())
    }
}
