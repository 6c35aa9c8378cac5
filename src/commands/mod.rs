//! The subcommands: the enum clap parses and the routing to each command's `run`.

pub mod cleanup;
pub mod completions;
pub mod config;
pub mod db_size;
pub mod demo;
pub mod orders_archive;

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
    /// Write man pages for every subcommand into a directory
    #[command(hide = true)]
    Man(completions::ManArgs),
    /// Delete expired vending sessions that hold no sale; archive the ones that hold a sale
    Cleanup(cleanup::Args),
    /// Move finished orders and their images into the pmc_archive schema
    // Mounted as `pmc orders archive` when the orders command lands; hidden until then.
    #[command(hide = true)]
    OrdersArchive(orders_archive::Args),
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
            Command::Cleanup(_) => "cleanup",
            Command::OrdersArchive(_) => "orders-archive",
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
            Command::Cleanup(args) => cleanup::run(args, ctx).await,
            Command::OrdersArchive(args) => orders_archive::run(args, ctx).await,
        }
    }
}
