//! `pmc demo`: a complete throwaway store on this machine (a private PostgreSQL cluster, the
//! store schema with generated data, an images folder), the on-call routine run against it
//! with real output, and everything removed afterwards, also on Ctrl-C.

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use clap::Parser as _;
use serde::Serialize;
use sqlx::Connection as _;

use crate::cli::Cli;
use crate::config::{Config, LoadOptions, Source};
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::exit::Exit;
use crate::fixtures::{self, FixtureOptions};
use crate::output::{Outcome, Report, table};
use crate::pg_cluster::{Cluster, PgBinaries};

/// The on-call routine the demo runs, as command lines. Each new capability adds its own.
pub const TOUR: &[&[&str]] = &[
    &["db-size", "--warn-at", "80%", "--crit-at", "95%"],
    &["db-size", "--record", "--top", "5"],
    // The sandbox's data ends at the moment it is built, so the last days hold sales and the
    // SLA breaches of a real store: stuck exits 2 there (paid orders never sent).
    &["orders", "stuck", "--limit", "3"],
    &["orders", "stats", "--days", "14"],
    &["backup", "--label", "reason=demo"],
    &["backup", "list"],
    &["backup", "verify", "latest"],
    &["restore", "--drill"],
    &["vacuum", "--dry-run"],
    &["cleanup", "--dry-run"],
];

/// The sandbox database's name.
const DATABASE: &str = "pimpmycase";

/// Size limit the sandbox pretends its plan has, so percentages show (1 GiB, a small plan).
const SANDBOX_SIZE_LIMIT: &str = "1GiB";

/// Boot a throwaway sandbox store and run the on-call routine against it.
///
/// Starts a private PostgreSQL cluster from the installed server binaries (PMC_PG_BIN,
/// pg_config --bindir, or /usr/lib/postgresql/*/bin), loads the store schema with generated
/// orders, vending sessions and images, runs every command of the routine with real output,
/// then stops the cluster and removes its files, also on Ctrl-C. Your own configuration and
/// DATABASE_URL are not used and nothing outside the sandbox is touched.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Keep the sandbox running after the routine and print the environment lines that point
    /// other pmc commands at it; Ctrl-C stops and removes it
    #[arg(long)]
    pub keep: bool,

    /// Size of the generated store: 1 builds in seconds; about 100 makes 1 GB
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub scale: u32,

    /// Give the sandbox the legacy schema variant (the extra tables and views an old
    /// init_database.sql left in the live database)
    #[arg(long)]
    pub legacy: bool,
}

/// What the sandbox is and how it was built.
#[derive(Debug, Serialize)]
pub struct Sandbox {
    pub database_url: String,
    pub images_dir: PathBuf,
    pub scale: u32,
    pub legacy: bool,
    pub tables: Vec<(String, i64)>,
    pub image_files: u64,
    pub build_seconds: f64,
}

/// One command of the routine and what it printed.
pub struct Step {
    pub command: String,
    pub outcome: Outcome,
}

/// The demo's report: the sandbox, then each step's own report.
pub struct DemoReport {
    pub sandbox: Sandbox,
    pub steps: Vec<Step>,
    pub kept: bool,
}

impl Report for DemoReport {
    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "sandbox": self.sandbox,
            "kept": self.kept,
            "steps": self.steps.iter().map(|s| serde_json::json!({
                "command": s.command,
                "exit": s.outcome.exit.code(),
                "report": s.outcome.report.json(),
            })).collect::<Vec<_>>(),
        })
    }

    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        let rows: i64 = self.sandbox.tables.iter().map(|(_, n)| n).sum();
        writeln!(
            out,
            "sandbox store: {} rows in {} tables, {} image files, built in {:.1}s (scale {}{})",
            table::count(rows),
            self.sandbox.tables.len(),
            table::count(self.sandbox.image_files as i64),
            self.sandbox.build_seconds,
            self.sandbox.scale,
            if self.sandbox.legacy {
                ", legacy schema"
            } else {
                ""
            },
        )?;
        for step in &self.steps {
            writeln!(
                out,
                "\n$ {}   # exit {}",
                step.command,
                step.outcome.exit.code()
            )?;
            step.outcome.report.write_table(out, style)?;
        }
        if self.kept {
            writeln!(
                out,
                "\n# The sandbox is running. Point pmc at it from another shell with:"
            )?;
            writeln!(out, "export DATABASE_URL={}", self.sandbox.database_url)?;
            writeln!(
                out,
                "export PMC_STORE_IMAGES_DIR={}",
                self.sandbox.images_dir.display()
            )?;
            writeln!(out, "# Press Ctrl-C here to stop it and remove everything.")?;
        }
        Ok(())
    }
}

/// Nothing to print: `--keep` already printed its report before waiting.
struct Nothing;

impl Report for Nothing {
    fn json(&self) -> serde_json::Value {
        serde_json::Value::Null
    }
    fn write_table(&self, _out: &mut dyn Write, _style: &table::Style) -> io::Result<()> {
        Ok(())
    }
}

pub async fn run(args: Args, ctx: &Ctx) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let spinner = ctx.printer.spinner("starting a private PostgreSQL cluster");
    let binaries =
        PgBinaries::locate().map_err(|e| Failure::Unavailable(crate::error::one_line(&e)))?;
    let cluster = tokio::task::spawn_blocking(move || Cluster::start(&binaries))
        .await
        .context("failed to start the sandbox cluster")??;
    let workdir = tempfile::Builder::new()
        .prefix("pmc-demo-")
        .tempdir()
        .context("failed to create the sandbox's images folder")?;
    let images_dir = workdir.path().join("generated-images");

    spinner.set_message("loading the store schema");
    let mut admin = sqlx::PgConnection::connect(&cluster.url("postgres"))
        .await
        .context("failed to connect to the sandbox cluster")?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {DATABASE}")))
        .execute(&mut admin)
        .await
        .context("failed to create the sandbox database")?;
    let _ = admin.close().await;
    let database_url = cluster.url(DATABASE);
    let mut conn = sqlx::PgConnection::connect(&database_url)
        .await
        .context("failed to connect to the sandbox database")?;
    fixtures::apply_schema(&mut conn, args.legacy).await?;

    spinner.set_message(format!("generating store data (scale {})", args.scale));
    let mut fixture_options = FixtureOptions::new(args.scale);
    fixture_options.now = chrono::Utc::now();
    fixture_options.images_dir = Some(images_dir.clone());
    let summary = fixtures::generate(&mut conn, &fixture_options).await?;
    let _ = conn.close().await;

    // The sandbox must not read the operator's own settings: an empty environment and the
    // sandbox folder as the working directory, then the sandbox's own values on top.
    let mut config = Config::load(&LoadOptions {
        cwd: workdir.path().to_path_buf(),
        ..LoadOptions::default()
    })?;
    config.set_override("database.url", &database_url, Source::Sandbox)?;
    config.set_override(
        "store.images_dir",
        &images_dir.display().to_string(),
        Source::Sandbox,
    )?;
    config.set_override("database.size_limit", SANDBOX_SIZE_LIMIT, Source::Sandbox)?;
    config.set_override(
        "backup.repo",
        &workdir.path().join("backups").display().to_string(),
        Source::Sandbox,
    )?;
    let build_seconds = started.elapsed().as_secs_f64();

    let mut steps = Vec::new();
    for argv in TOUR {
        spinner.set_message(format!("running pmc {}", argv.join(" ")));
        let cli = Cli::try_parse_from(std::iter::once("pmc").chain(argv.iter().copied()))
            .map_err(|e| anyhow::anyhow!("the demo tour has a bad command line {argv:?}: {e}"))?;
        let arguments = argv.iter().map(|a| a.to_string()).collect();
        let step_ctx =
            Ctx::with_config(ctx.printer.clone(), &cli.command, arguments, config.clone());
        // Boxed because the demo is itself a command: the future would otherwise contain itself.
        let outcome = Box::pin(cli.command.run(&step_ctx))
            .await
            .with_context(|| format!("the demo step `pmc {}` failed", argv.join(" ")))?;
        steps.push(Step {
            command: format!("pmc {}", argv.join(" ")),
            outcome,
        });
    }
    spinner.finish_and_clear();

    let report = DemoReport {
        sandbox: Sandbox {
            database_url,
            images_dir,
            scale: args.scale,
            legacy: args.legacy,
            tables: summary.tables,
            image_files: summary.image_files,
            build_seconds,
        },
        steps,
        kept: args.keep,
    };
    if !args.keep {
        stop(cluster).await?;
        return Ok(Outcome::new(report, Exit::Ok));
    }

    // --keep prints now, because the run ends only at Ctrl-C.
    let _handles_ctrl_c = crate::HandlesCtrlC::start();
    let mut stdout = anstream::stdout().lock();
    ctx.printer
        .write(&Outcome::new(report, Exit::Ok), &mut stdout)?;
    stdout.flush()?;
    drop(stdout);
    crate::interrupt_signal()
        .await
        .context("failed to wait for Ctrl-C")?;
    ctx.printer
        .note("stopping the sandbox and removing its files");
    stop(cluster).await?;
    drop(workdir);
    Ok(Outcome::new(Nothing, Exit::Ok))
}

async fn stop(cluster: Cluster) -> anyhow::Result<()> {
    tokio::task::spawn_blocking(move || cluster.stop())
        .await
        .context("failed to stop the sandbox cluster")?
}
