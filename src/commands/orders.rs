//! `pmc orders`: look at sales, web and vending alike (archived ones included): `list`,
//! `show`, `stuck` (a monitoring check) and `stats`. Every subcommand is read-only: sessions
//! are read-only, need only SELECT, write no journal row and take no lock. The logic lives in
//! `crate::orders`; this file holds the command line and turns it into options.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use crate::config::parse_duration;
use crate::ctx::Ctx;
use crate::db::Access;
use crate::exit::Exit;
use crate::orders::{self, Kind};
use crate::output::Outcome;

/// Sales from the orders table and the vending sessions, archived ones included.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Subcommand,
}

/// The subcommands of `pmc orders`: all read-only but `archive`, which moves rows.
#[derive(Debug, clap::Subcommand)]
pub enum Subcommand {
    /// List sales, newest first, with filters
    List(ListArgs),
    /// Everything about one sale: row, images, payment mapping, factory ids, pmc runs
    Show(ShowArgs),
    /// Orders past the SLA of their state, with the action to take (a monitoring check)
    Stuck(StuckArgs),
    /// Sales and revenue per day, web against vending, top templates and models, status mix
    Stats(StatsArgs),
    /// Move finished orders and their images into the pmc_archive schema
    Archive(super::orders_archive::Args),
}

impl Args {
    /// `orders <subcommand>`, for the session's application_name.
    pub fn name(&self) -> &'static str {
        match self.command {
            Subcommand::List(_) => "orders list",
            Subcommand::Show(_) => "orders show",
            Subcommand::Stuck(_) => "orders stuck",
            Subcommand::Stats(_) => "orders stats",
            Subcommand::Archive(_) => "orders archive",
        }
    }

    /// Only `orders stuck` is a check: when it cannot check, it exits 3 (Nagios UNKNOWN).
    pub fn is_check(&self) -> bool {
        matches!(self.command, Subcommand::Stuck(_))
    }
}

/// The instant ages are measured from (hidden: for tests and for looking at old data).
#[derive(Debug, Clone, clap::Args)]
pub struct Clock {
    /// Measure ages and periods from this RFC 3339 instant instead of the current time
    #[arg(long, value_name = "RFC3339", value_parser = parse_now, hide = true)]
    pub now: Option<DateTime<Utc>>,
}

impl Clock {
    fn now(&self) -> DateTime<Utc> {
        self.now.unwrap_or_else(Utc::now)
    }
}

fn parse_now(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("not an RFC 3339 instant such as 2026-11-01T12:00:00Z ({e})"))
}

fn parse_dur(text: &str) -> Result<Duration, String> {
    parse_duration(text.trim())
}

fn non_empty(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        Err("must not be empty".into())
    } else {
        Ok(text.to_string())
    }
}

/// List sales, newest first: orders, and the vending sales that live only in their session.
///
/// A vending sale is a vending session holding a sale (status payment_completed or
/// payment_pending, a payment confirmation or method, payment data in session_data, or a
/// payment mapping), listed with its session_id as id; a session an order references is
/// listed once, as that order. Archived orders and sessions (pmc_archive) are included.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only this status (repeatable; any text, statuses are free text, e.g. 8 or
    /// sent_to_chinese)
    #[arg(long, value_name = "STATUS", value_parser = non_empty)]
    pub status: Vec<String>,

    /// Only this payment status (repeatable): pending, paid, failed, refunded, …
    ///
    /// A vending sale's payment is paid (confirmed, completed or sent to the factory), failed
    /// (payment_failed) or pending.
    #[arg(long, value_name = "STATUS", value_parser = non_empty)]
    pub payment_status: Vec<String>,

    /// Only sales created more than this long ago (30m, 2h, 7d)
    #[arg(long, value_name = "DURATION", value_parser = parse_dur, allow_hyphen_values = true)]
    pub older_than: Option<Duration>,

    /// Only sales created at most this long ago (30m, 2h, 7d)
    #[arg(long, value_name = "DURATION", value_parser = parse_dur, allow_hyphen_values = true)]
    pub newer_than: Option<Duration>,

    /// Only sales of this vending machine (orders.machine_id or the session's machine)
    #[arg(long, value_name = "MACHINE_ID", value_parser = non_empty)]
    pub machine: Option<String>,

    /// Only web (stripe) or vending sales
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<Kind>,

    /// Show at most N sales (the footer counts all that match)
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: u32,

    #[command(flatten)]
    pub clock: Clock,
}

/// Everything about one sale.
///
/// ID is an order id, an order_number (ORD-…), a vending session_id, or a third id (PYEN…
/// payment id, OREN… vending order id). Shows the order or session row, its images and
/// whether each file is still in store.images_dir, the payment mapping, the factory ids and
/// the pmc runs whose arguments or summary mention it. An id that matches nothing is exit 65.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Order id, order_number, vending session_id or third id
    #[arg(value_name = "ID", value_parser = non_empty)]
    pub id: String,

    #[command(flatten)]
    pub clock: Clock,
}

/// Orders and vending sessions past the SLA of their state, with the action to take.
///
/// paid without a factory order id (critical: paid but never sent to the factory);
/// pending_payment with a Stripe checkout (paid in Stripe? check before anything is removed);
/// sent_to_chinese without progress; vending sessions in payment_pending. Exit 0 when none,
/// 1 for warnings only, 2 when a critical one exists, 3 when the check could not run.
/// Thresholds default to the orders.stuck_* settings.
#[derive(Debug, clap::Args)]
pub struct StuckArgs {
    /// pending_payment with a Stripe checkout older than this is stuck [default: setting
    /// orders.stuck_pending_payment, 2h]
    #[arg(long, value_name = "DURATION", value_parser = parse_dur, allow_hyphen_values = true)]
    pub pending_payment: Option<Duration>,

    /// paid without a factory order id for longer than this is stuck [default: setting
    /// orders.stuck_paid_not_sent, 30m]
    #[arg(long, value_name = "DURATION", value_parser = parse_dur, allow_hyphen_values = true)]
    pub paid_not_sent: Option<Duration>,

    /// sent_to_chinese unchanged for longer than this is stuck [default: setting
    /// orders.stuck_sent_no_progress, 72h]
    #[arg(long, value_name = "DURATION", value_parser = parse_dur, allow_hyphen_values = true)]
    pub sent_no_progress: Option<Duration>,

    /// a vending session in payment_pending for longer than this is stuck [default: setting
    /// orders.stuck_vending_pending, 1h]
    #[arg(long, value_name = "DURATION", value_parser = parse_dur, allow_hyphen_values = true)]
    pub vending_pending: Option<Duration>,

    /// Show at most N sales per category (the counts cover all)
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: u32,

    #[command(flatten)]
    pub clock: Clock,
}

/// Sales and revenue per UTC day, web (Stripe) against vending, with the top templates and
/// models, the status mix and the failure rate (failed, payment_failed, payment_error).
///
/// Revenue sums the amounts of paid sales in GBP (£0.00 promo sales count as sales, with no
/// revenue). The same numbers are in --json for dashboards.
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Number of UTC days, today included
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: u32,

    /// Number of templates and of models shown
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub top: u32,

    #[command(flatten)]
    pub clock: Clock,
}

/// Runs the subcommand. Each opens its own database access, so a mutating subcommand can ask
/// for `Access::ReadWrite` and the journal while the read-only ones never do.
pub async fn run(args: Args, ctx: &Ctx) -> anyhow::Result<Outcome> {
    match args.command {
        Subcommand::List(a) => list(a, ctx).await,
        Subcommand::Show(a) => show(a, ctx).await,
        Subcommand::Stuck(a) => stuck(a, ctx).await,
        Subcommand::Stats(a) => stats(a, ctx).await,
        Subcommand::Archive(a) => super::orders_archive::run(a, ctx).await,
    }
}

/// A read-only pool: sessions with default_transaction_read_only, no journal, no lock.
async fn read_only(ctx: &Ctx) -> anyhow::Result<PgPool> {
    ctx.database(Access::ReadOnly)?.pool().await
}

async fn list(a: ListArgs, ctx: &Ctx) -> anyhow::Result<Outcome> {
    let opts = orders::list::ListOptions {
        statuses: a.status,
        payment_statuses: a.payment_status,
        older_than: a.older_than,
        newer_than: a.newer_than,
        machine: a.machine,
        kind: a.kind,
        limit: a.limit,
        now: a.clock.now(),
    };
    let pool = read_only(ctx).await?;
    let report = orders::list::list(&pool, &opts).await;
    pool.close().await;
    Ok(Outcome::new(report?, Exit::Ok))
}

async fn show(a: ShowArgs, ctx: &Ctx) -> anyhow::Result<Outcome> {
    let opts = orders::show::ShowOptions {
        key: a.id,
        images_dir: ctx
            .config()?
            .text("store.images_dir")
            .unwrap_or_else(|| "generated-images".into())
            .into(),
        now: a.clock.now(),
    };
    let pool = read_only(ctx).await?;
    let report = orders::show::show(&pool, &opts).await;
    pool.close().await;
    Ok(Outcome::new(report?, Exit::Ok))
}

async fn stuck(a: StuckArgs, ctx: &Ctx) -> anyhow::Result<Outcome> {
    let config = ctx.config()?;
    let setting = |flag: Option<Duration>, key: &str| flag.unwrap_or(config.duration(key));
    let opts = orders::stuck::StuckOptions {
        thresholds: orders::stuck::Thresholds {
            pending_payment: setting(a.pending_payment, "orders.stuck_pending_payment"),
            paid_not_sent: setting(a.paid_not_sent, "orders.stuck_paid_not_sent"),
            sent_no_progress: setting(a.sent_no_progress, "orders.stuck_sent_no_progress"),
            vending_pending: setting(a.vending_pending, "orders.stuck_vending_pending"),
        },
        limit: a.limit as usize,
        now: a.clock.now(),
    };
    let pool = read_only(ctx).await?;
    let report = orders::stuck::stuck(&pool, &opts).await;
    pool.close().await;
    let report = report?;
    let exit = report.exit();
    Ok(Outcome::new(report, exit))
}

async fn stats(a: StatsArgs, ctx: &Ctx) -> anyhow::Result<Outcome> {
    let opts = orders::stats::StatsOptions {
        days: a.days,
        top: a.top as usize,
        now: a.clock.now(),
    };
    let pool = read_only(ctx).await?;
    let report = orders::stats::stats(&pool, &opts).await;
    pool.close().await;
    Ok(Outcome::new(report?, Exit::Ok))
}
