//! `pmc cleanup`: the nightly upkeep of vending_machine_sessions that the store's maintenance
//! guide intends, without its loss: expired sessions that hold no sale are deleted, expired
//! sessions that hold a sale are moved into `pmc_archive.vending_sessions`, and with
//! `--orders-older-than` finished orders go into the archive too. The work is in
//! `crate::cleanup`; this file is the command line, the confirm gate and the output.

use std::io::{self, IsTerminal as _, Write};
use std::time::Duration;

use serde::Serialize;

use crate::cleanup::{Budget, orders, sessions};
use crate::commands::orders_archive::{self, OrdersArchiveReport};
use crate::confirm::{Confirm, Decision};
use crate::ctx::Ctx;
use crate::db::{self, Access};
use crate::exit::Exit;
use crate::journal;
use crate::output::{Outcome, Report, table};

/// Delete expired vending sessions that hold no sale; archive the ones that hold a sale.
///
/// A session whose expires_at is older than --older-than is deleted when it holds no sale and
/// moved into pmc_archive.vending_sessions (same columns plus archived_at and run_id) when it
/// does. It holds a sale when its status is payment_completed or payment_pending, when
/// payment_confirmed_at or payment_method is set, when session_data mentions payment_data,
/// chinese_payment_id, chinese_order_response or order_third_id (or does not parse), when its
/// third_id has a payment_mappings row, or when an order refers to it. Paid sessions can have
/// status expired, so the status alone proves nothing.
///
/// Works in batches over block ranges of the table, each its own short transaction under
/// database.lock_timeout; rows a writer holds are skipped, not waited for, and the next run
/// takes them. A kill at any moment loses nothing: rerun to finish. Asks before changing
/// anything unless --yes; --dry-run shows the counts per category with samples.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Clean sessions whose expires_at is older than this (e.g. 7d, 36h)
    #[arg(long, value_name = "DURATION", default_value = "7d", value_parser = positive_duration, allow_hyphen_values = true)]
    pub older_than: Duration,

    /// Most sessions one transaction locks, moves and deletes
    ///
    /// Each batch covers a range of table blocks sized to hold about this many expired rows;
    /// smaller batches hold row locks for less time.
    #[arg(long, value_name = "N", default_value_t = 5000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub batch_size: u32,

    /// Batches at once, each sweeping its own part of the table on its own connection
    ///
    /// Two keep both cores of a small server busy; 1 leaves the server more room for the
    /// store's own work.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=16))]
    pub jobs: u32,

    /// Start no new batch after this long (e.g. 10m); the next run continues
    #[arg(long, value_name = "DURATION", value_parser = positive_duration, allow_hyphen_values = true)]
    pub max_runtime: Option<Duration>,

    /// Also archive finished orders older than this (as `pmc orders archive --older-than`)
    #[arg(long, value_name = "DURATION", value_parser = positive_duration, allow_hyphen_values = true)]
    pub orders_older_than: Option<Duration>,

    #[command(flatten)]
    pub confirm: Confirm,
}

/// A duration flag value that is more than zero.
pub fn positive_duration(text: &str) -> Result<Duration, String> {
    match crate::config::parse_duration(text) {
        Ok(d) if d.is_zero() => Err("must be more than zero".into()),
        other => other,
    }
}

/// A person is there to answer a prompt.
pub fn interactive() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// How the run went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// `--dry-run`: the plan is the result, nothing changed.
    DryRun,
    /// The person at the prompt said no; nothing changed.
    Declined,
    /// The changes were made.
    Applied,
}

/// The cleanup report; the JSON shape is documented in commands/cleanup.md.
#[derive(Debug, Clone, Serialize)]
pub struct CleanupReport {
    pub mode: Mode,
    pub older_than: String,
    pub older_than_seconds: u64,
    pub batch_size: u32,
    pub jobs: u32,
    pub max_runtime_seconds: Option<u64>,
    /// The counts per category: for --dry-run and before the prompt; null with --yes.
    pub plan: Option<sessions::Plan>,
    /// What the run did; null unless applied.
    pub done: Option<sessions::Done>,
    /// The orders archive, with --orders-older-than.
    pub orders: Option<OrdersArchiveReport>,
}

pub async fn run(args: Args, ctx: &Ctx) -> anyhow::Result<Outcome> {
    let mut session_opts = sessions::Options {
        older_than: args.older_than,
        batch_size: args.batch_size,
        lock_timeout: ctx.config()?.duration("database.lock_timeout"),
        jobs: args.jobs,
        agreed_cutoff: None,
    };
    let mut order_opts = args.orders_older_than.map(|older_than| orders::Options {
        older_than,
        batch_size: args.batch_size,
        flag: "--orders-older-than",
        agreed_cutoff: None,
        lock_timeout: session_opts.lock_timeout,
    });
    // Without a terminal and without --yes nobody can confirm: refuse before connecting.
    if !args.confirm.dry_run && !args.confirm.yes && !interactive() {
        args.confirm.decide("clean up vending sessions?")?;
    }
    let access = if args.confirm.dry_run {
        Access::ReadOnly
    } else {
        Access::ReadWrite
    };
    let database = ctx.database(access)?;
    // One connection per sweep, plus the run's lock and journal.
    let pool = database.pool_of(args.jobs + 2).await?;
    db::require_store_tables(&pool, &sessions::STORE_TABLES).await?;
    if order_opts.is_some() {
        db::require_store_tables(&pool, &orders::STORE_TABLES).await?;
    }
    let mut report = CleanupReport {
        mode: Mode::DryRun,
        older_than: crate::output::duration_text(args.older_than),
        older_than_seconds: args.older_than.as_secs(),
        batch_size: args.batch_size,
        jobs: args.jobs,
        max_runtime_seconds: args.max_runtime.map(|d| d.as_secs()),
        plan: None,
        done: None,
        orders: None,
    };

    if !args.confirm.yes {
        let spinner = ctx.printer.spinner("classifying vending sessions");
        report.plan = Some(sessions::plan(&pool, &session_opts).await?);
        if let Some(opts) = &order_opts {
            spinner.set_message("classifying orders");
            report.orders = Some(orders_archive::planned(
                opts,
                orders::plan(&pool, opts).await?,
            ));
        }
        spinner.finish_and_clear();
        let plan = report.plan.as_ref().expect("set above");
        let decision =
            if args.confirm.dry_run {
                Decision::DryRun
            } else {
                // Show the plan on the terminal the question is asked on.
                let _ = report.write_plans(&mut io::stderr(), &ctx.printer.style());
                let orders = report.orders.as_ref().and_then(|o| o.plan.as_ref()).map_or(
                    String::new(),
                    |p| {
                        format!(
                            " and archive {} orders with {} images",
                            p.archive_orders, p.archive_images
                        )
                    },
                );
                args.confirm.decide(&format!(
                    "Delete {} and archive {} vending sessions{orders}?",
                    plan.delete, plan.archive
                ))?
            };
        match decision {
            Decision::DryRun => {
                pool.close().await;
                return Ok(Outcome::new(report, Exit::Ok));
            }
            Decision::Declined => {
                report.mode = Mode::Declined;
                pool.close().await;
                return Ok(Outcome::new(report, Exit::Ok));
            }
            Decision::Apply => {
                session_opts.agreed_cutoff = Some(plan.cutoff);
                if let (Some(opts), Some(planned)) = (
                    order_opts.as_mut(),
                    report.orders.as_ref().and_then(|o| o.plan.as_ref()),
                ) {
                    opts.agreed_cutoff = Some(planned.cutoff);
                }
            }
        }
    }

    report.mode = Mode::Applied;
    let max_runtime = args.max_runtime;
    let on_ctrl_c = journal::OnCtrlC::WorkStopsItself;
    let outcome = journal::run_job_with(ctx, &database, &pool, on_ctrl_c, |run_id| {
        let pool = &pool;
        let session_opts = &session_opts;
        let order_opts = &order_opts;
        let mut report = report.clone();
        async move {
            let budget = Budget::new(max_runtime);
            let spinner = ctx.printer.spinner("cleaning vending sessions");
            let work = async {
                let done = sessions::apply(pool, session_opts, run_id, &budget, &|d| {
                    spinner.set_message(format!(
                        "vending sessions: {} deleted, {} archived, block {} of {}",
                        table::count(d.deleted),
                        table::count(d.archived),
                        table::count(d.blocks_scanned),
                        table::count(d.blocks_total)
                    ));
                })
                .await?;
                report.done = Some(done);
                if let Some(opts) = order_opts {
                    let progress = |d: &orders::Done| {
                        spinner.set_message(orders_archive::progress_message(d));
                    };
                    let done = orders::apply(pool, opts, run_id, &budget, &progress).await?;
                    let plan = report.orders.take().and_then(|o| o.plan);
                    report.orders = Some(orders_archive::applied(opts, plan, done));
                }
                anyhow::Ok(report)
            };
            let report = budget
                .stop_on_ctrl_c(work, || spinner.println(orders_archive::CTRL_C_NOTICE))
                .await?;
            spinner.finish_and_clear();
            Ok(Outcome::new(report, budget.exit()))
        }
    })
    .await;
    pool.close().await;
    outcome
}

fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The first id of a sample, for the table (the JSON has the whole sample).
pub fn sample_ids(sample: &serde_json::Value, key: &str) -> String {
    sample
        .as_array()
        .and_then(|rows| rows.first())
        .and_then(|r| r.get(key))
        .and_then(|v| v.as_str())
        .map(|id| crate::output::one_line_value(id).into_owned())
        .unwrap_or_default()
}

impl CleanupReport {
    fn write_plan(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        let Some(plan) = &self.plan else {
            return Ok(());
        };
        writeln!(
            out,
            "vending sessions expired before {} (--older-than {}):",
            when(plan.cutoff),
            self.older_than
        )?;
        let mut t = table::new(
            style,
            &[
                table::text("category"),
                table::text("reason"),
                table::number("sessions"),
                table::text("oldest expiry"),
                table::text("e.g."),
            ],
        );
        for row in &plan.rows {
            t.add_row(vec![
                row.category.clone(),
                row.reason.clone(),
                table::count(row.sessions),
                row.oldest_expires_at.map(when).unwrap_or_default(),
                sample_ids(&row.sample, "session_id"),
            ]);
        }
        writeln!(out, "{t}")?;
        writeln!(
            out,
            "plan: delete {} sessions that hold no sale, archive {} that hold one, keep {}",
            table::count(plan.delete),
            table::count(plan.archive),
            table::count(plan.keep)
        )
    }

    fn write_done(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        let Some(done) = &self.done else {
            return Ok(());
        };
        writeln!(
            out,
            "deleted {} expired vending sessions that held no sale; archived {} that held a \
             sale into pmc_archive.vending_sessions",
            table::count(done.deleted),
            table::count(done.archived)
        )?;
        if !done.archived_by_reason.is_empty() {
            let mut t = table::new(
                style,
                &[table::text("archived because"), table::number("sessions")],
            );
            for (reason, n) in &done.archived_by_reason {
                t.add_row(vec![reason.clone(), table::count(*n)]);
            }
            writeln!(out, "{t}")?;
        }
        writeln!(
            out,
            "{} batches over {} of {} blocks in {:.1}s",
            table::count(done.batches as i64),
            table::count(done.blocks_scanned),
            table::count(done.blocks_total),
            done.seconds
        )?;
        if let Some(reason) = &done.stopped {
            writeln!(
                out,
                "stopped by {} between two batches; {} expired sessions are left for the next \
                 run",
                crate::cleanup::stopped_by(reason),
                table::count(done.remaining)
            )?;
        } else if done.remaining > 0 {
            writeln!(
                out,
                "{} expired sessions were busy (held by another transaction, skipped rather than \
                 waited for) or changed during the run; the next run takes them",
                table::count(done.remaining)
            )?;
        }
        Ok(())
    }
}

impl CleanupReport {
    /// The session plan and the orders plan, as shown before the prompt.
    fn write_plans(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        self.write_plan(out, style)?;
        if let Some(orders) = &self.orders {
            writeln!(out)?;
            orders.write_body(out, style)?;
        }
        Ok(())
    }
}

impl Report for CleanupReport {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        match self.mode {
            Mode::DryRun | Mode::Declined => self.write_plan(out, style)?,
            Mode::Applied => self.write_done(out, style)?,
        }
        if let Some(orders) = &self.orders {
            writeln!(out)?;
            orders.write_body(out, style)?;
        }
        match self.mode {
            Mode::DryRun => writeln!(out, "dry run: nothing was changed"),
            Mode::Declined => writeln!(out, "declined: nothing was changed"),
            Mode::Applied => Ok(()),
        }
    }
}
