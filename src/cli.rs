//! The command line: global options shared by every subcommand, and the top-level parser.

use std::path::PathBuf;

use clap::Parser;

use crate::commands::Command;
use crate::output::{ColorChoice, Format};

/// Operator toolkit for the PimpMyCase store: daily checks, upkeep, backups and restores.
///
/// Configuration comes from flags, then PMC_* environment variables, then the store's own
/// environment names (DATABASE_URL, CHINESE_API_*, …), then ./.env, then pmc.toml, then
/// defaults; `pmc config` shows the result. Exit codes: 0 ok, 1 warning or partial failure,
/// 2 critical, 3 could not check, 64 usage, 65 bad input data, 69 service unreachable,
/// 70 internal error, 75 locked by another run, 78 configuration error, 130 interrupted.
#[derive(Debug, Parser)]
#[command(name = "pmc", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand accepts.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// Read settings from this TOML file
    ///
    /// Without it pmc reads ./pmc.toml, else pmc.toml in the user config directory
    /// (~/.config/pmc on Linux), else uses defaults. An empty value means the same as none.
    #[arg(long, global = true, value_name = "FILE", env = "PMC_CONFIG",
          value_parser = clap::builder::TypedValueParser::map(clap::builder::OsStringValueParser::new(), PathBuf::from))]
    pub config: Option<PathBuf>,

    /// Read store environment variables from this file instead of ./.env
    ///
    /// The store's own .env works as it is: DATABASE_URL, API_BASE_URL and CHINESE_API_* are
    /// read from it, and so are PMC_* names.
    #[arg(long, global = true, value_name = "FILE")]
    pub env_file: Option<PathBuf>,

    /// PostgreSQL URL of the store database
    ///
    /// Prefer DATABASE_URL or pmc.toml: a password on the command line is visible to other
    /// users of the machine.
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,

    /// Write results as JSON (same as --format json)
    #[arg(long, global = true, conflicts_with = "format")]
    pub json: bool,

    /// How to write results on stdout
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Print nothing when all is well (for cron); findings and errors are still printed
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Log what pmc does to stderr; repeat for more detail (-vv debug, -vvv trace)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Append a log of the run to this file as JSON lines
    #[arg(long, global = true, value_name = "FILE")]
    pub log_file: Option<PathBuf>,

    /// When to colour output; NO_COLOR in the environment means never for auto
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Never draw progress bars or spinners
    #[arg(long, global = true)]
    pub no_progress: bool,
}

impl GlobalArgs {
    /// The config file given, if any: an empty one (`PMC_CONFIG=` left in a crontab) is none,
    /// as an empty PMC_* setting restores its default.
    pub fn config_file(&self) -> Option<PathBuf> {
        self.config
            .clone()
            .filter(|path| !path.as_os_str().is_empty())
    }

    /// The output format: `--json` or `--format`, tables by default.
    pub fn format(&self) -> Format {
        if self.json {
            Format::Json
        } else {
            self.format.unwrap_or(Format::Table)
        }
    }
}
