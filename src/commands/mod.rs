//! The subcommands: the enum clap parses and the routing to each command's `run`.

pub mod completions;
pub mod config;
pub mod db_size;
pub mod demo;
pub mod restore;

use crate::ctx::Ctx;
use crate::output::Outcome;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Database and table sizes, growth since the last snapshot, days until the size limit
    DbSize(db_size::Args),
    /// Boot a throwaway sandbox store and run the on-call routine against it
    Demo(demo::Args),
    /// Print the effective configuration and where each value comes from
    Config(config::Args),
    /// Print shell completions (bash, zsh, fish, powershell, elvish)
    Completions(completions::Args),
    /// Restore a backup into a new database and validate it; --replace, --drill
    Restore(restore::Args),
    /// Write man pages for every subcommand into a directory
    #[command(hide = true)]
    Man(completions::ManArgs),
}

impl Command {
    /// The subcommand's name as typed.
    pub fn name(&self) -> &'static str {
        match self {
            Command::DbSize(_) => "db-size",
            Command::Demo(_) => "demo",
            Command::Config(_) => "config",
            Command::Completions(_) => "completions",
            Command::Man(_) => "man",
            Command::Restore(_) => "restore",
        }
    }

    /// Check commands end in exit 3 (could not check) when they fail, as monitoring expects.
    pub fn is_check(&self) -> bool {
        matches!(self, Command::DbSize(_))
    }

    pub async fn run(self, ctx: &Ctx) -> anyhow::Result<Outcome> {
        match self {
            Command::DbSize(args) => db_size::run(args, ctx).await,
            Command::Demo(args) => demo::run(args, ctx).await,
            Command::Config(args) => config::run(args, ctx),
            Command::Completions(args) => completions::run(args),
            Command::Man(args) => completions::run_man(args),
            Command::Restore(args) => restore::run(args, ctx).await,
        }
    }
}
