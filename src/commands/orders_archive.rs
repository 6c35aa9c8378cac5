//! `pmc orders archive`: moves finished orders with their order_images into `pmc_archive`, in
//! batches that check the copied row counts before each delete. The work is in
//! `crate::cleanup::orders`; this file is the command line, the confirm gate and the output.
//! (`pmc cleanup --orders-older-than` runs the same archive inside its own run.)

use std::io::{self, Write};
use std::time::Duration;

use serde::Serialize;

use crate::cleanup::{Budget, orders};
use crate::commands::cleanup::{Mode, interactive, positive_duration, sample_ids};
use crate::confirm::{Confirm, Decision};
use crate::ctx::Ctx;
use crate::db::{self, Access};
use crate::exit::Exit;
use crate::journal;
use crate::output::{Outcome, Report, table};

/// Move finished orders and their images into the pmc_archive schema.
///
/// Finished means status completed, printed, 12 or 16 (the partner's codes for printed and
/// shipping completed); every other status stays, whatever it is. An order goes when its last
/// activity (the latest of created_at, updated_at, completed_at and paid_at) is older than
/// --older-than and no vending session still in vending_machine_sessions refers to it. Each
/// batch copies the orders and all their order_images into pmc_archive.orders and
/// pmc_archive.order_images, checks the copied row counts, then deletes, in one transaction.
/// Rows a writer holds are skipped and taken by the next run. Asks before changing anything
/// unless --yes.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Archive finished orders whose last activity is older than this (e.g. 90d); required
    #[arg(long, value_name = "DURATION", required = true, value_parser = positive_duration, allow_hyphen_values = true)]
    pub older_than: Option<Duration>,

    /// Most orders one transaction moves (their images go with them)
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub batch_size: u32,

    /// Start no new batch after this long (e.g. 10m); the next run continues
    #[arg(long, value_name = "DURATION", value_parser = positive_duration, allow_hyphen_values = true)]
    pub max_runtime: Option<Duration>,

    #[command(flatten)]
    pub confirm: Confirm,
}

/// The orders archive report; the JSON shape is documented in commands/orders-archive.md.
#[derive(Debug, Clone, Serialize)]
pub struct OrdersArchiveReport {
    pub mode: Mode,
    pub older_than: String,
    pub older_than_seconds: u64,
    pub batch_size: u32,
    /// The flag that set older_than, named in the table's heading.
    #[serde(skip)]
    pub flag: &'static str,
    /// The counts per category: for --dry-run and before the prompt; null with --yes.
    pub plan: Option<orders::Plan>,
    /// What the run did; null unless applied.
    pub done: Option<orders::Done>,
}

fn report(opts: &orders::Options, mode: Mode) -> OrdersArchiveReport {
    OrdersArchiveReport {
        mode,
        older_than: crate::output::duration_text(opts.older_than),
        older_than_seconds: opts.older_than.as_secs(),
        batch_size: opts.batch_size,
        flag: opts.flag,
        plan: None,
        done: None,
    }
}

/// A report of a plan only.
pub fn planned(opts: &orders::Options, plan: orders::Plan) -> OrdersArchiveReport {
    OrdersArchiveReport {
        plan: Some(plan),
        ..report(opts, Mode::DryRun)
    }
}

/// A report of a run.
pub fn applied(
    opts: &orders::Options,
    plan: Option<orders::Plan>,
    done: orders::Done,
) -> OrdersArchiveReport {
    OrdersArchiveReport {
        plan,
        done: Some(done),
        ..report(opts, Mode::Applied)
    }
}

pub async fn run(args: Args, ctx: &Ctx) -> anyhow::Result<Outcome> {
    let Some(older_than) = args.older_than else {
        // clap requires it; kept as an Option so the message stays clap's own.
        return Err(crate::error::Failure::Usage("--older-than is required".into()).into());
    };
    let mut opts = orders::Options {
        older_than,
        batch_size: args.batch_size,
        flag: "--older-than",
        agreed_cutoff: None,
        lock_timeout: ctx.config()?.duration("database.lock_timeout"),
    };
    if !args.confirm.dry_run && !args.confirm.yes && !interactive() {
        args.confirm.decide("archive finished orders?")?;
    }
    let access = if args.confirm.dry_run {
        Access::ReadOnly
    } else {
        Access::ReadWrite
    };
    let database = ctx.database(access)?;
    let pool = database.pool().await?;
    db::require_store_tables(&pool, &orders::STORE_TABLES).await?;
    let mut plan = None;
    if !args.confirm.yes {
        let spinner = ctx.printer.spinner("classifying orders");
        let planned_now = orders::plan(&pool, &opts).await?;
        spinner.finish_and_clear();
        let shown = planned(&opts, planned_now.clone());
        let decision = if args.confirm.dry_run {
            Decision::DryRun
        } else {
            let _ = shown.write_body(&mut io::stderr(), &ctx.printer.style());
            args.confirm.decide(&format!(
                "Archive {} orders with {} images?",
                planned_now.archive_orders, planned_now.archive_images
            ))?
        };
        match decision {
            Decision::DryRun => {
                pool.close().await;
                return Ok(Outcome::new(shown, Exit::Ok));
            }
            Decision::Declined => {
                pool.close().await;
                return Ok(Outcome::new(
                    OrdersArchiveReport {
                        mode: Mode::Declined,
                        ..shown
                    },
                    Exit::Ok,
                ));
            }
            Decision::Apply => {
                opts.agreed_cutoff = Some(planned_now.cutoff);
                plan = Some(planned_now);
            }
        }
    }
    let max_runtime = args.max_runtime;
    let on_ctrl_c = journal::OnCtrlC::WorkStopsItself;
    let outcome = journal::run_job_with(ctx, &database, &pool, on_ctrl_c, |run_id| {
        let pool = &pool;
        let opts = &opts;
        async move {
            let budget = Budget::new(max_runtime);
            let spinner = ctx.printer.spinner("archiving orders");
            let progress = |d: &orders::Done| spinner.set_message(progress_message(d));
            let work = orders::apply(pool, opts, run_id, &budget, &progress);
            let done = budget
                .stop_on_ctrl_c(work, || spinner.println(CTRL_C_NOTICE))
                .await?;
            spinner.finish_and_clear();
            Ok(Outcome::new(applied(opts, plan, done), budget.exit()))
        }
    })
    .await;
    pool.close().await;
    outcome
}

/// The spinner's message while orders are archived.
pub fn progress_message(d: &orders::Done) -> String {
    format!(
        "orders: {} archived with {} images",
        table::count(d.orders),
        table::count(d.images)
    )
}

/// Shown on the terminal at the first Ctrl-C of a batched run.
pub const CTRL_C_NOTICE: &str = "Ctrl-C: stopping after the batch in flight; Ctrl-C again stops at \
     once (that batch then rolls back)";

impl OrdersArchiveReport {
    /// The plan or what was done, without the closing line (cleanup embeds this).
    pub fn write_body(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        if let Some(done) = &self.done {
            writeln!(
                out,
                "archived {} finished orders with {} images into pmc_archive ({} batches, {:.1}s)",
                table::count(done.orders),
                table::count(done.images),
                table::count(done.batches as i64),
                done.seconds
            )?;
            if let Some(reason) = &done.stopped {
                writeln!(
                    out,
                    "stopped by {} between two batches; the next run continues",
                    crate::cleanup::stopped_by(reason)
                )?;
            }
            for w in &done.warnings {
                writeln!(out, "warning: {w}")?;
            }
            return Ok(());
        }
        let Some(plan) = &self.plan else {
            return Ok(());
        };
        writeln!(
            out,
            "orders whose last activity is before {} ({} {}):",
            plan.cutoff.format("%Y-%m-%d %H:%M UTC"),
            self.flag,
            self.older_than
        )?;
        let mut t = table::new(
            style,
            &[
                table::text("category"),
                table::text("reason"),
                table::number("orders"),
                table::number("images"),
                table::text("e.g."),
            ],
        );
        for row in &plan.rows {
            t.add_row(vec![
                row.category.clone(),
                row.reason.clone(),
                table::count(row.orders),
                table::count(row.images),
                sample_ids(&row.sample, "id"),
            ]);
        }
        writeln!(out, "{t}")?;
        writeln!(
            out,
            "plan: archive {} orders with {} images, keep {}",
            table::count(plan.archive_orders),
            table::count(plan.archive_images),
            table::count(plan.keep)
        )?;
        for w in &plan.warnings {
            writeln!(out, "warning: {w}")?;
        }
        Ok(())
    }
}

impl Report for OrdersArchiveReport {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        self.write_body(out, style)?;
        match self.mode {
            Mode::DryRun => writeln!(out, "dry run: nothing was changed"),
            Mode::Declined => writeln!(out, "declined: nothing was changed"),
            Mode::Applied => Ok(()),
        }
    }
}
