//! The subcommands: the enum clap parses and the routing to each command's `run`.

pub mod backup;
pub mod cleanup;
pub mod completions;
pub mod config;
pub mod db_size;
pub mod demo;
pub mod orders;
pub mod orders_archive;
pub mod restore;
pub mod vacuum;

use crate::ctx::Ctx;
use crate::output::Outcome;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Database and table sizes, growth since the last snapshot, days until the size limit
    DbSize(db_size::Args),
    /// Vacuum and analyze the tables that need it; list and create missing indexes
    Vacuum(vacuum::Args),
    /// Sales, web and vending: list, show one, stuck past their SLA, daily stats, archive
    Orders(orders::Args),
    /// Delete expired vending sessions that hold no sale; archive the ones that hold a sale
    Cleanup(cleanup::Args),
    /// Back up the store database (pg_dump, zstd, age) and manage the backups
    Backup(backup::Args),
    /// Restore a backup into a new database and validate it; --replace, --drill
    Restore(restore::Args),
    /// Boot a throwaway sandbox store and run the on-call routine against it
    Demo(demo::Args),
    /// Print the effective configuration and where each value comes from
    Config(config::Args),
    /// Print shell completions (bash, zsh, fish, powershell, elvish)
    Completions(completions::Args),
    /// Write man pages for every subcommand into a directory
    #[command(hide = true)]
    Man(completions::ManArgs),
}

impl Command {
    /// The subcommand's name as typed.
    pub fn name(&self) -> &'static str {
        match self {
            Command::DbSize(_) => "db-size",
            Command::Vacuum(_) => "vacuum",
            Command::Demo(_) => "demo",
            Command::Orders(args) => args.name(),
            Command::Config(_) => "config",
            Command::Completions(_) => "completions",
            Command::Man(_) => "man",
            Command::Backup(_) => "backup",
            Command::Cleanup(_) => "cleanup",
            Command::Restore(_) => "restore",
        }
    }

    /// Check commands end in exit 3 (could not check) when they fail, as monitoring expects.
    pub fn is_check(&self) -> bool {
        match self {
            Command::Orders(args) => args.is_check(),
            Command::Backup(args) => args.is_check(),
            other => matches!(other, Command::DbSize(_)),
        }
    }

    pub async fn run(self, ctx: &Ctx) -> anyhow::Result<Outcome> {
        match self {
            Command::DbSize(args) => db_size::run(args, ctx).await,
            Command::Vacuum(args) => vacuum::run(args, ctx).await,
            Command::Demo(args) => demo::run(args, ctx).await,
            Command::Orders(args) => orders::run(args, ctx).await,
            Command::Config(args) => config::run(args, ctx),
            Command::Completions(args) => completions::run(args),
            Command::Man(args) => completions::run_man(args),
            Command::Backup(args) => backup::run(args, ctx).await,
            Command::Cleanup(args) => cleanup::run(args, ctx).await,
            Command::Restore(args) => restore::run(args, ctx).await,
        }
    }
}
