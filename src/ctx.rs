//! What every command gets: the printer, the configuration (loaded on first use, so
//! `completions` and `--help` work without any), and the database settings.

use std::sync::OnceLock;

use crate::commands::Command;
use crate::config::{Config, LoadOptions};
use crate::db::{Access, Database};
use crate::exit::Exit;
use crate::output::Printer;

/// The context of one run.
pub struct Ctx {
    pub printer: Printer,
    /// The subcommand's name, for the session's application_name and the journal.
    pub command: &'static str,
    /// The command line with URL passwords redacted, for the journal.
    pub arguments: Vec<String>,
    /// The exit code of a failure that carries none of its own: 3 (could not check) for
    /// check commands, 1 for the others.
    pub failure_exit: Exit,
    load: LoadOptions,
    config: OnceLock<Config>,
}

impl Ctx {
    /// A context that loads its configuration from these inputs when first asked.
    pub fn new(
        printer: Printer,
        command: &Command,
        arguments: Vec<String>,
        load: LoadOptions,
    ) -> Self {
        Ctx {
            printer,
            command: command.name(),
            arguments,
            failure_exit: if command.is_check() {
                Exit::Unknown
            } else {
                Exit::Warning
            },
            load,
            config: OnceLock::new(),
        }
    }

    /// A context with a configuration already made (the demo's sandbox, tests).
    pub fn with_config(
        printer: Printer,
        command: &Command,
        arguments: Vec<String>,
        config: Config,
    ) -> Self {
        let ctx = Ctx::new(printer, command, arguments, LoadOptions::default());
        let _ = ctx.config.set(config);
        ctx
    }

    /// The effective configuration; a malformed one is a `Failure::Config`.
    pub fn config(&self) -> anyhow::Result<&Config> {
        if let Some(config) = self.config.get() {
            return Ok(config);
        }
        let loaded = Config::load(&self.load)?;
        Ok(self.config.get_or_init(|| loaded))
    }

    /// How to reach the store database for this command.
    pub fn database(&self, access: Access) -> anyhow::Result<Database> {
        Database::from_config(self.config()?, self.command, access)
    }
}
