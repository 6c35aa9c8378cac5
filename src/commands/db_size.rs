//! `pmc db-size`: how big the database and each table are, how fast they grow, and how long
//! until the plan's size limit. Tables come from pg_catalog, never from a list, so a live
//! database that differs from the store's models (legacy tables, pmc's own) shows as it is.

use std::collections::HashMap;
use std::io::{self, Write};

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;

use crate::config::parse_size;
use crate::ctx::Ctx;
use crate::db::Access;
use crate::error::Failure;
use crate::exit::Exit;
use crate::journal;
use crate::output::{Outcome, Report, one_line_value, table};
use crate::sql;

/// Show the size of the database and of every table, largest first.
///
/// Sizes come from pg_total_relation_size and friends: heap (table data incl. free-space and
/// visibility maps), indexes, TOAST (out-of-line values), and their total. With snapshots
/// from `--record` it also shows each table's growth since the last snapshot and over 7 days,
/// and the days left until database.size_limit. Read-only unless --record.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show only the N largest tables (the totals still count every table)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub top: Option<u32>,

    /// Show only the tables of this schema (for example public or pmc)
    #[arg(long, value_name = "SCHEMA")]
    pub schema: Option<String>,

    /// Exit 1 when the database is at least this big
    ///
    /// A size (800MB, 1GiB) or a percentage of database.size_limit (80%).
    #[arg(long, value_name = "SIZE|PERCENT", value_parser = Threshold::parse, allow_hyphen_values = true)]
    pub warn_at: Option<Threshold>,

    /// Exit 2 when the database is at least this big
    ///
    /// A size (950MB, 1GiB) or a percentage of database.size_limit (95%).
    #[arg(long, value_name = "SIZE|PERCENT", value_parser = Threshold::parse, allow_hyphen_values = true)]
    pub crit_at: Option<Threshold>,

    /// Save a snapshot of every table's size in pmc.size_history
    ///
    /// A mutating run: it creates the pmc schema on first use, takes the db-size lock and
    /// writes a row in the pmc.runs journal. Record daily from cron to see growth and the
    /// days until the size limit.
    #[arg(long)]
    pub record: bool,
}

/// A size threshold: absolute, or a share of database.size_limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Threshold {
    Bytes(u64),
    Percent(f64),
}

impl Threshold {
    fn parse(text: &str) -> Result<Self, String> {
        match text.trim().strip_suffix('%') {
            Some(number) => match number.trim().parse::<f64>() {
                Ok(p) if p > 0.0 && p.is_finite() => Ok(Threshold::Percent(p)),
                _ => Err(format!(
                    "{text:?} is not a positive percentage (example: 80%)"
                )),
            },
            None => parse_size(text).map(Threshold::Bytes),
        }
    }

    /// Bytes, resolving a percentage against the size limit.
    fn bytes(self, flag: &str, size_limit: Option<u64>) -> anyhow::Result<u64> {
        match (self, size_limit) {
            (Threshold::Bytes(b), _) => Ok(b),
            (Threshold::Percent(p), Some(limit)) => Ok((limit as f64 * p / 100.0).round() as u64),
            (Threshold::Percent(p), None) => Err(Failure::Config(format!(
                "{flag} {p}% is a share of database.size_limit, which is not set: set it in \
                 pmc.toml ([database] size_limit = \"1GiB\") or PMC_DATABASE_SIZE_LIMIT, or give \
                 {flag} as a size"
            ))
            .into()),
        }
    }
}

/// What to measure, free of clap (rule: clap types stop at the command boundary).
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub top: Option<usize>,
    pub schema: Option<String>,
    pub warn_bytes: Option<u64>,
    pub crit_bytes: Option<u64>,
    pub size_limit: Option<u64>,
}

/// One table's sizes.
#[derive(Debug, Clone, Serialize)]
pub struct TableSize {
    pub schema: String,
    pub table: String,
    /// The planner's estimate; null before the table was first analyzed.
    pub estimated_rows: Option<i64>,
    /// The sizes are null while another session holds or awaits an ACCESS EXCLUSIVE lock on
    /// the table, its indexes or its TOAST table (a plain REINDEX, VACUUM FULL, ALTER TABLE):
    /// measuring it would wait behind that lock.
    pub heap_bytes: Option<i64>,
    pub index_bytes: Option<i64>,
    pub toast_bytes: Option<i64>,
    pub total_bytes: Option<i64>,
    /// total_bytes over the database size, 0 to 1.
    pub share: Option<f64>,
    /// Change since the last snapshot; null without one or for a table new since.
    pub growth_since_last_bytes: Option<i64>,
    /// Change since the newest snapshot at least 7 days old; null without one.
    pub growth_7d_bytes: Option<i64>,
}

/// Growth of the whole database from the snapshots.
#[derive(Debug, Clone, Serialize)]
pub struct Growth {
    pub last_snapshot_at: DateTime<Utc>,
    pub since_last_bytes: i64,
    pub week_snapshot_at: Option<DateTime<Utc>>,
    /// How old the week baseline is, in days: 7 and a little with a daily --record, more after
    /// a gap in the snapshots.
    pub week_days: Option<f64>,
    pub week_bytes: Option<i64>,
    /// Average growth per day over the 7-day window, else since a snapshot at least a day old.
    pub bytes_per_day: Option<f64>,
    /// Days until database.size_limit at that rate; null without a limit or without growth.
    pub days_until_limit: Option<f64>,
}

/// The snapshot a `--record` run saved.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    pub snapshot_id: i64,
    pub taken_at: DateTime<Utc>,
    pub tables: usize,
}

/// Thresholds as bytes.
#[derive(Debug, Clone, Serialize)]
pub struct Thresholds {
    pub warn_bytes: Option<u64>,
    pub crit_bytes: Option<u64>,
}

/// The db-size report; the JSON shape is documented in commands/db-size.md.
#[derive(Debug, Clone, Serialize)]
pub struct DbSizeReport {
    pub database: String,
    pub size_bytes: i64,
    pub size_limit_bytes: Option<u64>,
    /// size_bytes over size_limit_bytes.
    pub limit_used: Option<f64>,
    /// ok, warning or critical, by the thresholds.
    pub status: &'static str,
    pub thresholds: Thresholds,
    pub schema: Option<String>,
    pub tables_total: usize,
    pub tables_shown: usize,
    /// Total bytes of the tables left out by --top.
    pub hidden_bytes: i64,
    /// `schema.table` of each table whose size could not be read (see `TableSize`), shown or
    /// not; such a table is listed last and left out of a `--record` snapshot.
    pub size_unknown: Vec<String>,
    pub tables: Vec<TableSize>,
    pub growth: Option<Growth>,
    pub history_readable: bool,
    /// pmc's size history exists (readable by this role or not).
    pub history_exists: bool,
    pub recorded: Option<Recorded>,
    /// The newest snapshot when every snapshot is later than this machine's clock (clock skew,
    /// a database restored from a host with a wrong clock): growth is then null.
    pub future_snapshot_at: Option<DateTime<Utc>>,
}

impl DbSizeReport {
    fn exit(&self) -> Exit {
        match self.status {
            "critical" => Exit::Critical,
            "warning" => Exit::Warning,
            _ => Exit::Ok,
        }
    }
}

type TableRow = (
    String,
    String,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

async fn table_rows(pool: &PgPool, schema: Option<&str>) -> anyhow::Result<Vec<TableRow>> {
    sqlx::query_as(sql::DB_SIZE_TABLES)
        .bind(schema)
        .fetch_all(pool)
        .await
        .context("failed to read table sizes from pg_catalog")
}

struct Snapshot {
    taken_at: DateTime<Utc>,
    database_bytes: i64,
    tables: HashMap<(String, String), i64>,
}

async fn snapshot_at_or_before(
    pool: &PgPool,
    when: DateTime<Utc>,
) -> anyhow::Result<Option<Snapshot>> {
    let row: Option<(i64, DateTime<Utc>, i64)> = sqlx::query_as(sql::DB_SIZE_SNAPSHOT_LATEST)
        .bind(when)
        .fetch_optional(pool)
        .await
        .context("failed to read pmc.size_snapshots")?;
    let Some((id, taken_at, database_bytes)) = row else {
        return Ok(None);
    };
    let tables: Vec<(String, String, i64)> = sqlx::query_as(sql::DB_SIZE_SNAPSHOT_TABLES)
        .bind(id)
        .fetch_all(pool)
        .await
        .context("failed to read pmc.size_history")?;
    let tables = tables.into_iter().map(|(s, t, b)| ((s, t), b)).collect();
    Ok(Some(Snapshot {
        taken_at,
        database_bytes,
        tables,
    }))
}

/// Measures the database now and compares with the snapshots, if this role can read them.
pub async fn measure(
    pool: &PgPool,
    opts: &Options,
    now: DateTime<Utc>,
) -> anyhow::Result<DbSizeReport> {
    let (database, size_bytes): (String, i64) = sqlx::query_as(sql::DB_SIZE_DATABASE)
        .fetch_one(pool)
        .await
        .context("failed to read the database size")?;

    if let Some(schema) = &opts.schema {
        let schemas: Vec<String> = sqlx::query_scalar(sql::DB_SIZE_SCHEMAS)
            .fetch_all(pool)
            .await
            .context("failed to list schemas")?;
        if !schemas.contains(schema) {
            return Err(Failure::Usage(format!(
                "--schema {schema}: no such schema in database {database} (schemas: {})",
                schemas.join(", ")
            ))
            .into());
        }
    }

    let (history_exists, history_readable): (bool, bool) =
        sqlx::query_as(sql::DB_SIZE_HISTORY_READABLE)
            .fetch_one(pool)
            .await
            .context("failed to check for pmc.size_history")?;
    // The 7-day baseline is the newest snapshot at least a week old; it is the last snapshot
    // itself when no newer one exists.
    let (last, week) = if history_readable {
        let week_ago = now - chrono::Duration::days(7);
        (
            snapshot_at_or_before(pool, now).await?,
            snapshot_at_or_before(pool, week_ago).await?,
        )
    } else {
        (None, None)
    };

    let rows = table_rows(pool, opts.schema.as_deref()).await?;
    let tables_total = rows.len();
    let size_unknown = rows
        .iter()
        .filter(|r| r.2.is_none())
        .map(|r| format!("{}.{}", r.0, r.1))
        .collect();
    let mut tables: Vec<TableSize> = rows
        .into_iter()
        .map(|(schema, table, total, index, toast, estimated_rows)| {
            let key = (schema.clone(), table.clone());
            let growth = |snapshot: &Option<Snapshot>| {
                let before = snapshot.as_ref().and_then(|s| s.tables.get(&key));
                total.zip(before).map(|(now, before)| now - before)
            };
            let growth_since_last_bytes = growth(&last);
            let growth_7d_bytes = growth(&week);
            TableSize {
                schema,
                table,
                estimated_rows,
                heap_bytes: total.zip(index).zip(toast).map(|((t, i), o)| t - i - o),
                index_bytes: index,
                toast_bytes: toast,
                total_bytes: total,
                share: total.map(|total| {
                    if size_bytes > 0 {
                        total as f64 / size_bytes as f64
                    } else {
                        0.0
                    }
                }),
                growth_since_last_bytes,
                growth_7d_bytes,
            }
        })
        .collect();
    let shown = opts.top.unwrap_or(usize::MAX).min(tables.len());
    let hidden_bytes = tables[shown..].iter().filter_map(|t| t.total_bytes).sum();
    tables.truncate(shown);

    let growth = last.as_ref().map(|l| {
        let day = 86_400.0;
        let baseline = week
            .as_ref()
            .or(Some(l).filter(|l| (now - l.taken_at).num_seconds() as f64 >= day));
        // The baseline is at least a day old, so the division is by 1 or more.
        let bytes_per_day = baseline.map(|b| {
            let days = (now - b.taken_at).num_seconds() as f64 / day;
            (size_bytes - b.database_bytes) as f64 / days
        });
        let days_until_limit = match (opts.size_limit, bytes_per_day) {
            (Some(limit), _) if size_bytes as u64 >= limit => Some(0.0),
            (Some(limit), Some(rate)) if rate > 0.0 => {
                Some((limit as f64 - size_bytes as f64) / rate)
            }
            _ => None,
        };
        Growth {
            last_snapshot_at: l.taken_at,
            since_last_bytes: size_bytes - l.database_bytes,
            week_snapshot_at: week.as_ref().map(|w| w.taken_at),
            week_days: week
                .as_ref()
                .map(|w| (now - w.taken_at).num_seconds() as f64 / day),
            week_bytes: week.as_ref().map(|w| size_bytes - w.database_bytes),
            bytes_per_day,
            days_until_limit,
        }
    });

    // Snapshots that all lie ahead of this clock leave no growth: say why.
    let future_snapshot_at = if history_readable && last.is_none() {
        snapshot_at_or_before(pool, now + chrono::Duration::days(36_500))
            .await?
            .map(|s| s.taken_at)
    } else {
        None
    };

    let size = size_bytes.max(0) as u64;
    let status = if opts.crit_bytes.is_some_and(|c| size >= c) {
        "critical"
    } else if opts.warn_bytes.is_some_and(|w| size >= w) {
        "warning"
    } else {
        "ok"
    };
    Ok(DbSizeReport {
        database,
        size_bytes,
        size_limit_bytes: opts.size_limit,
        limit_used: opts
            .size_limit
            .filter(|l| *l > 0)
            .map(|l| size as f64 / l as f64),
        status,
        thresholds: Thresholds {
            warn_bytes: opts.warn_bytes,
            crit_bytes: opts.crit_bytes,
        },
        schema: opts.schema.clone(),
        tables_total,
        tables_shown: shown,
        hidden_bytes,
        size_unknown,
        tables,
        growth,
        history_readable,
        history_exists,
        recorded: None,
        future_snapshot_at,
    })
}

/// Saves a snapshot of every table (whatever --schema and --top showed) for run `run_id`.
pub async fn record(pool: &PgPool, run_id: i64, size_bytes: i64) -> anyhow::Result<Recorded> {
    // A table whose size could not be read is left out: size_history holds sizes, and the
    // next snapshot has it again.
    let rows: Vec<(String, String, i64, i64, i64, Option<i64>)> = table_rows(pool, None)
        .await?
        .into_iter()
        .filter_map(|(schema, table, total, index, toast, rows)| {
            Some((schema, table, total?, index?, toast?, rows))
        })
        .collect();
    let mut tx = pool
        .begin()
        .await
        .context("failed to start the snapshot transaction")?;
    let (snapshot_id, taken_at): (i64, DateTime<Utc>) =
        sqlx::query_as(sql::DB_SIZE_RECORD_SNAPSHOT)
            .bind(run_id)
            .bind(size_bytes)
            .fetch_one(&mut *tx)
            .await
            .context("failed to save a snapshot in pmc.size_snapshots")?;
    type KnownRow = (String, String, i64, i64, i64, Option<i64>);
    let column = |f: fn(&KnownRow) -> i64| rows.iter().map(f).collect::<Vec<i64>>();
    sqlx::query(sql::DB_SIZE_RECORD_TABLES)
        .bind(snapshot_id)
        .bind(rows.iter().map(|r| r.0.clone()).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.1.clone()).collect::<Vec<_>>())
        .bind(column(|r| r.2 - r.3 - r.4))
        .bind(column(|r| r.3))
        .bind(column(|r| r.4))
        .bind(column(|r| r.2))
        .bind(rows.iter().map(|r| r.5).collect::<Vec<Option<i64>>>())
        .execute(&mut *tx)
        .await
        .context("failed to save table sizes in pmc.size_history")?;
    tx.commit()
        .await
        .context("failed to commit the size snapshot")?;
    Ok(Recorded {
        snapshot_id,
        taken_at,
        tables: rows.len(),
    })
}

pub async fn run(args: Args, ctx: &Ctx) -> anyhow::Result<Outcome> {
    let config = ctx.config()?;
    let size_limit = config.size("database.size_limit");
    let warn_bytes = args
        .warn_at
        .map(|t| t.bytes("--warn-at", size_limit))
        .transpose()?;
    let crit_bytes = args
        .crit_at
        .map(|t| t.bytes("--crit-at", size_limit))
        .transpose()?;
    if let (Some(w), Some(c)) = (warn_bytes, crit_bytes)
        && c < w
    {
        return Err(Failure::Usage(format!(
            "--crit-at ({}) is below --warn-at ({}): the critical threshold must be the higher one",
            table::unsigned_bytes(c),
            table::unsigned_bytes(w)
        ))
        .into());
    }
    let opts = Options {
        top: args.top.map(|n| n as usize),
        schema: args.schema,
        warn_bytes,
        crit_bytes,
        size_limit,
    };
    let access = if args.record {
        Access::ReadWrite
    } else {
        Access::ReadOnly
    };
    let database = ctx.database(access)?;
    let pool = database.pool().await?;
    let outcome = if args.record {
        journal::run_job(ctx, &database, &pool, |run_id| {
            let pool = &pool;
            let opts = &opts;
            async move {
                let mut report = measure(pool, opts, Utc::now()).await?;
                report.recorded = Some(record(pool, run_id, report.size_bytes).await?);
                let exit = report.exit();
                Ok(Outcome::new(report, exit))
            }
        })
        .await?
    } else {
        let report = measure(&pool, &opts, Utc::now()).await?;
        let exit = report.exit();
        Outcome::new(report, exit)
    };
    pool.close().await;
    Ok(outcome)
}

/// The week baseline's span: `7 days` (after `prefix`) when the snapshot is 7 to 8 days old,
/// else `since <date>`, so a gap in the snapshots is not read as a week's growth.
fn week_label(g: &Growth, prefix: &str) -> String {
    match (g.week_snapshot_at, g.week_days) {
        (Some(at), Some(days)) if days >= 8.0 => format!("since {}", at.format("%Y-%m-%d")),
        _ => format!("{prefix} 7 days"),
    }
}

fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

impl Report for DbSizeReport {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        let limit = match (self.size_limit_bytes, self.limit_used) {
            (Some(limit), Some(used)) => {
                format!(
                    " ({} of the {} limit)",
                    table::percent(used),
                    table::unsigned_bytes(limit)
                )
            }
            _ => String::new(),
        };
        writeln!(
            out,
            "database {}: {}{limit}, status {}",
            self.database,
            table::bytes(self.size_bytes),
            table::status(style, self.status)
        )?;
        if let Some(g) = &self.growth {
            let mut parts = vec![format!(
                "{} since {}",
                table::bytes_delta(g.since_last_bytes),
                when(g.last_snapshot_at)
            )];
            if let Some(week) = g.week_bytes {
                parts.push(format!(
                    "{} {}",
                    table::bytes_delta(week),
                    week_label(g, "in")
                ));
            }
            if let Some(rate) = g.bytes_per_day {
                parts.push(format!("{}/day", table::bytes_delta(rate.round() as i64)));
            }
            match (g.days_until_limit, g.bytes_per_day) {
                (Some(days), _) => parts.push(format!("limit reached in {days:.0} days")),
                (None, _) if self.size_limit_bytes.is_none() => {}
                // Only a rate that does not grow puts the limit out of sight.
                (None, Some(_)) => parts.push("limit not in sight".into()),
                (None, None) => {
                    parts.push("no rate towards the limit yet (no snapshot a day old)".into())
                }
            }
            writeln!(out, "growth: {}", parts.join(", "))?;
        } else if self.history_exists && !self.history_readable {
            writeln!(
                out,
                "growth: this role cannot read pmc.size_snapshots (GRANT USAGE ON SCHEMA pmc and \
                 SELECT ON ALL TABLES IN SCHEMA pmc to it, or run as the store's owner)"
            )?;
        } else if let Some(at) = self.future_snapshot_at {
            writeln!(
                out,
                "growth: unknown: every snapshot is later than this machine's clock (the newest \
                 at {}): check the clocks of this machine and of the database server",
                when(at)
            )?;
        } else {
            writeln!(
                out,
                "growth: no snapshots yet (record one with `pmc db-size --record`)"
            )?;
        }
        writeln!(out)?;

        let with_growth = self.growth.is_some();
        let week = self
            .growth
            .as_ref()
            .map_or_else(|| "7 days".into(), |g| week_label(g, ""));
        let mut columns = vec![
            table::text("schema"),
            table::text("table"),
            table::number("est. rows"),
            table::number("heap"),
            table::number("indexes"),
            table::number("toast"),
            table::number("total"),
            table::number("share"),
        ];
        if with_growth {
            columns.push(table::number("since last"));
            columns.push(table::number(week.trim()));
        }
        let mut t = table::new(style, &columns);
        for row in &self.tables {
            // A name may hold a newline (`CREATE TABLE "a\nb"`): one row, one line.
            let size = |b: Option<i64>| b.map_or("-".into(), table::bytes);
            let mut cells = vec![
                one_line_value(&row.schema).into_owned(),
                one_line_value(&row.table).into_owned(),
                row.estimated_rows.map_or("?".into(), table::count),
                size(row.heap_bytes),
                size(row.index_bytes),
                size(row.toast_bytes),
                size(row.total_bytes),
                row.share.map_or("-".into(), table::percent),
            ];
            if with_growth {
                let delta = |d: Option<i64>| match (row.total_bytes, d) {
                    (None, _) => "-".into(),
                    (Some(_), d) => d.map_or("new".into(), table::bytes_delta),
                };
                cells.push(delta(row.growth_since_last_bytes));
                cells.push(
                    if self.growth.as_ref().is_some_and(|g| g.week_bytes.is_some()) {
                        delta(row.growth_7d_bytes)
                    } else {
                        "-".into()
                    },
                );
            }
            t.add_row(cells);
        }
        writeln!(out, "{t}")?;
        let hidden = self.tables_total - self.tables_shown;
        if hidden > 0 {
            writeln!(
                out,
                "({hidden} smaller tables not shown: {})",
                table::bytes(self.hidden_bytes)
            )?;
        }
        if !self.size_unknown.is_empty() {
            let names: Vec<String> = self
                .size_unknown
                .iter()
                .map(|n| one_line_value(n).into_owned())
                .collect();
            writeln!(
                out,
                "size unknown (another session holds an exclusive lock on the table or its \
                 indexes, e.g. a REINDEX or VACUUM FULL): {}",
                names.join(", ")
            )?;
        }
        if let Some(r) = &self.recorded {
            writeln!(
                out,
                "recorded snapshot {} of {} tables at {}",
                r.snapshot_id,
                r.tables,
                when(r.taken_at)
            )?;
        }
        Ok(())
    }
}
