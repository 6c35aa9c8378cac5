//! `pmc vacuum`: vacuum and analyze the tables that need it, rebuild indexes, and create the
//! indexes the store lacks. Tables come from pg_catalog; a `--table` is looked up there and
//! every statement names tables through `quote_ident`, never through raw input.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, Connection as _, PgPool, Row as _};

use crate::cleanup::Budget;
use crate::config::{parse_duration, parse_percent};
use crate::confirm::{Confirm, Decision};
use crate::ctx::Ctx;
use crate::db::{Access, Database};
use crate::error::Failure;
use crate::exit::Exit;
use crate::journal;
use crate::output::{Outcome, Report, one_line_value, table};
use crate::sql;

/// Vacuum and analyze the tables that need it.
///
/// Without --table or --all, picks the tables from pg_stat_user_tables: many dead tuples,
/// statistics that are missing or stale, or an old transaction-id age. Runs
/// VACUUM (ANALYZE, SKIP_LOCKED) on each, so a table another session has locked is skipped,
/// not waited for, and shows a before/after table of dead tuples, size and duration. Also lists
/// the indexes the store lacks (unindexed foreign keys, the hot filters on orders and
/// vending_machine_sessions) with the statement that creates each.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Vacuum this table (schema.table, or a table of schema public); repeatable
    #[arg(long = "table", value_name = "TABLE", conflicts_with = "all")]
    pub tables: Vec<String>,

    /// Vacuum every user table, needed or not
    ///
    /// Other sessions' temporary tables are left out: PostgreSQL cannot vacuum them.
    /// Partitioned tables are covered through their partitions, which are listed; their
    /// parents are not, since a VACUUM of a parent vacuums every partition again. Name a parent
    /// with --table to vacuum its partitions and analyze it as a whole.
    #[arg(long)]
    pub all: bool,

    /// Pick tables whose dead tuples are at least this share of all tuples
    #[arg(long, value_name = "PERCENT", default_value = "10%", value_parser = parse_percent)]
    pub min_dead_ratio: f64,

    /// Pick tables whose oldest unfrozen transaction id is at least this old (and freeze them)
    #[arg(long, value_name = "XIDS", default_value_t = 100_000_000, allow_hyphen_values = true, value_parser = clap::value_parser!(i64).range(0..))]
    pub xid_age: i64,

    /// Also rebuild each table's indexes with REINDEX TABLE CONCURRENTLY
    ///
    /// A REINDEX that fails (it waits for every older transaction on the server, up to
    /// database.lock_timeout) or is cancelled leaves invalid copies of the indexes; pmc drops
    /// the ones it just left. A table whose vacuum was skipped as locked is not reindexed.
    #[arg(long)]
    pub reindex: bool,

    /// VACUUM FULL: rewrites each table under an exclusive lock that blocks the store
    ///
    /// The store cannot read or write the table while it is rewritten, and the rewrite needs
    /// free disk space of the table's size. Asks for confirmation (or --yes).
    #[arg(long)]
    pub full: bool,

    /// Create the missing indexes listed in the report (CREATE INDEX CONCURRENTLY)
    #[arg(long)]
    pub create_missing_indexes: bool,

    /// Stop between tables once this much time has passed (e.g. 30m); the rest is reported
    /// as not run
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, allow_hyphen_values = true)]
    pub max_runtime: Option<Duration>,

    #[command(flatten)]
    pub confirm: Confirm,
}

/// The known hot filters of the store that have no index by default (store-facts §1.3, §9).
const HOT_FILTERS: [(&str, &str, &str); 3] = [
    (
        "orders",
        "status",
        "orders stuck and the admin lists filter on it",
    ),
    (
        "orders",
        "created_at",
        "stats, archive and age filters scan by it",
    ),
    (
        "vending_machine_sessions",
        "expires_at",
        "cleanup selects expired sessions by it",
    ),
];

/// Statistics of one table, as read from pg_stat_user_tables.
#[derive(Debug, Clone)]
struct TableStats {
    schema_name: String,
    table_name: String,
    qualified: String,
    n_live_tup: i64,
    n_dead_tup: i64,
    n_mod_since_analyze: i64,
    last_vacuum: Option<DateTime<Utc>>,
    last_analyze: Option<DateTime<Utc>>,
    vacuum_count: i64,
    analyze_count: i64,
    /// None for a partitioned table, which has no rows to freeze.
    xid_age: Option<i64>,
    /// A partitioned table (relkind 'p'): its partitions are tables of their own, judged on
    /// their own stats, and a VACUUM of it recurses into every one of them.
    partitioned: bool,
    /// A temporary table, of another session (pmc's own have none): PostgreSQL vacuums only
    /// the session's own temporary tables and skips the others with a warning.
    temporary: bool,
    /// The table's owner and the database's: the roles that may vacuum it.
    owner: String,
    database_owner: String,
    /// Whether this role may vacuum it. PostgreSQL skips a table the role may not vacuum with
    /// only a WARNING, which would otherwise read as a table skipped for a lock.
    may_vacuum: bool,
    /// None while another session holds (or waits for) an exclusive lock on the table.
    size_bytes: Option<i64>,
}

impl TableStats {
    fn from_row(row: &PgRow) -> sqlx::Result<Self> {
        Ok(TableStats {
            schema_name: row.try_get("schema_name")?,
            table_name: row.try_get("table_name")?,
            qualified: row.try_get("qualified")?,
            n_live_tup: row.try_get("n_live_tup")?,
            n_dead_tup: row.try_get("n_dead_tup")?,
            n_mod_since_analyze: row.try_get("n_mod_since_analyze")?,
            last_vacuum: row.try_get("last_vacuum")?,
            last_analyze: row.try_get("last_analyze")?,
            vacuum_count: row.try_get("vacuum_count")?,
            analyze_count: row.try_get("analyze_count")?,
            xid_age: row.try_get("xid_age")?,
            partitioned: row.try_get("partitioned")?,
            temporary: row.try_get("temporary")?,
            owner: row.try_get("owner")?,
            database_owner: row.try_get("database_owner")?,
            may_vacuum: row.try_get("may_vacuum")?,
            size_bytes: row.try_get("size_bytes")?,
        })
    }

    /// Whether the table's oldest unfrozen transaction id is at least `xid_age` old, so its
    /// vacuum freezes.
    fn needs_freeze(&self, xid_age: i64) -> bool {
        self.xid_age.is_some_and(|age| age >= xid_age)
    }

    fn dead_ratio(&self) -> f64 {
        let all = self.n_live_tup + self.n_dead_tup;
        if all == 0 {
            0.0
        } else {
            self.n_dead_tup as f64 / all as f64
        }
    }
}

/// Why a table is in the plan.
fn reasons(stats: &TableStats, min_dead_ratio: f64, xid_age: i64) -> Vec<String> {
    let mut why = Vec::new();
    // A partitioned parent has no rows, dead tuples or transaction ids of its own: its
    // partitions are picked on their own stats, and picking it would vacuum all of them.
    if stats.partitioned {
        return why;
    }
    // 50 rows is autovacuum's own base threshold: below it a ratio means nothing.
    if stats.n_dead_tup >= 50 && stats.dead_ratio() >= min_dead_ratio {
        why.push(format!(
            "{} dead tuples",
            table::percent(stats.dead_ratio())
        ));
    }
    if stats.last_analyze.is_none() && stats.n_live_tup + stats.n_mod_since_analyze > 0 {
        why.push("never analyzed".into());
    } else if stats.n_mod_since_analyze >= 50
        && stats.n_mod_since_analyze as f64 >= min_dead_ratio * stats.n_live_tup.max(1) as f64
    {
        why.push(format!(
            "{} rows changed since analyze",
            table::count(stats.n_mod_since_analyze)
        ));
    }
    if let Some(age) = stats.xid_age.filter(|_| stats.needs_freeze(xid_age)) {
        why.push(format!("transaction-id age {}", table::count(age)));
    }
    why
}

/// One table of the plan and, once run, what happened.
#[derive(Debug, Clone, Serialize)]
pub struct TableRun {
    pub schema: String,
    pub table: String,
    /// Why it was picked (`requested` for --table / --all).
    pub reasons: Vec<String>,
    /// The statements run (or that would run), in order.
    pub statements: Vec<String>,
    /// The last manual or automatic vacuum before this run.
    pub last_vacuum: Option<DateTime<Utc>>,
    pub dead_tuples_before: i64,
    pub dead_tuples_after: Option<i64>,
    /// Null when the table was exclusively locked at the time.
    pub size_bytes_before: Option<i64>,
    pub size_bytes_after: Option<i64>,
    pub seconds: Option<f64>,
    /// planned (dry run), done, skipped_locked, skipped_not_owner, not_run (max runtime),
    /// failed, cancelled, interrupted.
    pub result: &'static str,
    /// Why it failed, or why it is skipped when the reason is not a lock.
    pub error: Option<String>,
    /// `schema.index` of each invalid index that this run's failed or cancelled REINDEX left
    /// on the table (or its TOAST table) and that pmc then dropped.
    pub dropped_indexes: Vec<String>,
    /// For a partitioned table named with --table: its leaf partitions (schema, table), each
    /// a run of its own before it. Its ANALYZE runs only when none of them was skipped as
    /// locked: it would wait for that lock.
    #[serde(skip)]
    partitions: Vec<(String, String)>,
}

/// An index the store lacks.
#[derive(Debug, Clone, Serialize)]
pub struct MissingIndex {
    pub schema: String,
    pub table: String,
    pub columns: Vec<String>,
    pub reason: String,
    /// The name pmc gives it: `pmc_<table>_<columns>_idx`, with a hash of the table and columns
    /// before `_idx` when that name is too long or taken by another index or relation.
    pub index_name: String,
    pub statement: String,
    /// The DROP INDEX CONCURRENTLY run first when an invalid index of that name (an
    /// interrupted build) is in the way: IF NOT EXISTS would take it for the index.
    pub replaces: Option<String>,
    /// listed, created, failed.
    pub result: &'static str,
    pub error: Option<String>,
}

/// An invalid index left by a failed concurrent build.
#[derive(Debug, Clone, Serialize)]
pub struct InvalidIndex {
    pub schema: String,
    pub table: String,
    pub index: String,
    /// The statement that removes it. pmc drops only the leftovers of its own REINDEX that
    /// just failed; any other it reports, leaving the choice to a person.
    pub statement: String,
}

#[derive(Debug, Serialize)]
pub struct VacuumReport {
    pub database: String,
    pub dry_run: bool,
    pub declined: bool,
    pub full: bool,
    pub reindex: bool,
    pub tables: Vec<TableRun>,
    pub missing_indexes: Vec<MissingIndex>,
    pub invalid_indexes: Vec<InvalidIndex>,
    /// A Ctrl-C cancelled the statement in flight and stopped the run.
    pub interrupted: bool,
    pub seconds: f64,
}

impl VacuumReport {
    fn exit(&self) -> Exit {
        if self.interrupted {
            return Exit::Interrupted;
        }
        let partial = self.tables.iter().any(|t| {
            matches!(
                t.result,
                "skipped_locked" | "skipped_not_owner" | "not_run" | "failed"
            )
        }) || self.missing_indexes.iter().any(|m| m.result == "failed");
        if partial { Exit::Warning } else { Exit::Ok }
    }
}

pub async fn run(args: Args, ctx: &Ctx) -> anyhow::Result<Outcome> {
    let dry_run = args.confirm.dry_run;
    let access = if dry_run {
        Access::ReadOnly
    } else {
        Access::ReadWrite
    };
    let database = ctx.database(access)?;
    let pool = database.pool().await?;
    let started = Instant::now();

    let mut report = plan(&pool, &database, &args).await?;
    if dry_run {
        report.seconds = started.elapsed().as_secs_f64();
        pool.close().await;
        return Ok(Outcome::new(report, Exit::Ok));
    }
    // The warning goes with the question; with --yes under --quiet (cron) the person who
    // wrote the command line has read it, and a clean run prints nothing.
    if args.full && !report.tables.is_empty() && (!args.confirm.yes || !ctx.printer.quiet) {
        let names: Vec<String> = report
            .tables
            .iter()
            .map(|t| format!("{}.{}", t.schema, t.table))
            .collect();
        let warning = format!(
            "warning: VACUUM FULL rewrites {} under an ACCESS EXCLUSIVE lock: the store can neither read nor write \
             them until each rewrite ends, and each needs free disk space of its size",
            names.join(", ")
        );
        let _ = writeln!(
            anstream::stderr(),
            "{}",
            crate::output::stderr_line(&warning)
        );
        if args.confirm.decide("Run VACUUM FULL?")? == Decision::Declined {
            report.declined = true;
            report.seconds = started.elapsed().as_secs_f64();
            pool.close().await;
            return Ok(Outcome::new(report, Exit::Ok));
        }
    }

    // apply cancels the statement in flight at the first Ctrl-C: dropped, it would run on.
    let on_ctrl_c = journal::OnCtrlC::WorkStopsItself;
    let outcome = journal::run_job_with(ctx, &database, &pool, on_ctrl_c, |_run_id| {
        let database = &database;
        let pool = &pool;
        let args = &args;
        async move {
            apply(database, pool, args, &mut report).await?;
            report.seconds = started.elapsed().as_secs_f64();
            let exit = report.exit();
            Ok(Outcome::new(report, exit))
        }
    })
    .await?;
    pool.close().await;
    Ok(outcome)
}

/// The statistics of every user table, or of table `only` (schema, name) alone.
async fn table_stats(pool: &PgPool, only: Option<(&str, &str)>) -> anyhow::Result<Vec<TableStats>> {
    let mut conn = pool.acquire().await?;
    sqlx::query(sql::VACUUM_STATS_REFRESH)
        .execute(&mut *conn)
        .await?;
    let rows = sqlx::query(sql::VACUUM_TABLES)
        .bind(only.map(|(schema, _)| schema))
        .bind(only.map(|(_, table)| table))
        .fetch_all(&mut *conn)
        .await
        .with_context(|| match only {
            Some((schema, table)) => {
                format!("failed to read pg_stat_user_tables for {schema}.{table}")
            }
            None => "failed to read pg_stat_user_tables".into(),
        })?;
    Ok(rows
        .iter()
        .map(TableStats::from_row)
        .collect::<sqlx::Result<_>>()?)
}

/// Resolves `--table` values against the catalog: `schema.table` or a table of public.
fn resolve<'a>(requested: &str, all: &'a [TableStats]) -> anyhow::Result<&'a TableStats> {
    let (schema, name) = requested.split_once('.').unwrap_or(("public", requested));
    let stats = all
        .iter()
        .find(|t| t.schema_name == schema && t.table_name == name)
        .ok_or_else(|| {
            Failure::Usage(format!(
                "--table {requested}: no table {name:?} in schema {schema:?} (pmc db-size lists the tables)"
            ))
        })?;
    if stats.temporary {
        return Err(Failure::Usage(format!(
            "--table {requested}: a temporary table of another session, which only that session can vacuum"
        ))
        .into());
    }
    Ok(stats)
}

/// The leaf partitions (schema, table) of the partitioned table `parent`.
async fn partitions(pool: &PgPool, parent: &TableStats) -> anyhow::Result<Vec<(String, String)>> {
    sqlx::query_as(sql::VACUUM_PARTITIONS)
        .bind(&parent.schema_name)
        .bind(&parent.table_name)
        .fetch_all(pool)
        .await
        .with_context(|| {
            format!(
                "failed to list the partitions of {}.{}",
                parent.schema_name, parent.table_name
            )
        })
}

/// Why this role may not vacuum the table, naming the roles that may.
fn not_owner(stats: &TableStats) -> String {
    format!(
        "this role may not vacuum it: only its owner ({}), the database owner ({}) or a \
         superuser may (PostgreSQL 17: also a role with MAINTAIN on it); run pmc vacuum as one of them",
        stats.owner, stats.database_owner
    )
}

/// The statements for one table, named through `qualified` (quote_ident from the catalog). A
/// partitioned table's partitions are vacuumed as tables of their own: the parent only gets
/// the ANALYZE that gathers its statistics as a whole.
fn statements(stats: &TableStats, args: &Args, freeze: bool) -> Vec<String> {
    if stats.partitioned {
        let mut list = vec![format!("ANALYZE (SKIP_LOCKED) {}", stats.qualified)];
        if args.reindex {
            list.push(format!("REINDEX TABLE CONCURRENTLY {}", stats.qualified));
        }
        return list;
    }
    let mut options = vec![];
    if args.full {
        options.push("FULL");
    }
    if freeze {
        options.push("FREEZE");
    }
    options.extend(["ANALYZE", "SKIP_LOCKED"]);
    let mut list = vec![format!(
        "VACUUM ({}) {}",
        options.join(", "),
        stats.qualified
    )];
    if args.reindex {
        list.push(format!("REINDEX TABLE CONCURRENTLY {}", stats.qualified));
    }
    list
}

async fn plan(pool: &PgPool, database: &Database, args: &Args) -> anyhow::Result<VacuumReport> {
    let all = table_stats(pool, None).await?;
    let mut picked: Vec<(&TableStats, Vec<String>)> = Vec::new();
    let mut partitions_of: Vec<(String, Vec<(String, String)>)> = Vec::new();
    if !args.tables.is_empty() {
        for requested in &args.tables {
            let stats = resolve(requested, &all)?;
            if picked.iter().any(|(p, _)| p.qualified == stats.qualified) {
                continue;
            }
            // VACUUM of a parent would wait for a locked partition, SKIP_LOCKED or not (its
            // ANALYZE locks them all), and then fail having vacuumed none: each partition is
            // vacuumed on its own, before the parent's ANALYZE.
            if stats.partitioned {
                let partitions = partitions(pool, stats).await?;
                for (schema, table) in &partitions {
                    let Some(partition) = all
                        .iter()
                        .find(|t| &t.schema_name == schema && &t.table_name == table)
                    else {
                        continue;
                    };
                    if !picked
                        .iter()
                        .any(|(p, _)| p.qualified == partition.qualified)
                    {
                        let why =
                            format!("partition of {}.{}", stats.schema_name, stats.table_name);
                        picked.push((partition, vec![why]));
                    }
                }
                partitions_of.push((stats.qualified.clone(), partitions));
            }
            picked.push((stats, vec!["requested".into()]));
        }
    } else {
        for stats in &all {
            // Another session's temporary table would show as skipped, and fail the run, on
            // every run until that session ends.
            if stats.temporary {
                continue;
            }
            let why = reasons(stats, args.min_dead_ratio, args.xid_age);
            // --all lists every partition already; a VACUUM of their parent would vacuum each
            // a second time. `--table PARENT` still does it, for the parent's own statistics.
            if args.all && !stats.partitioned {
                let why = if why.is_empty() {
                    vec!["--all".to_string()]
                } else {
                    why
                };
                picked.push((stats, why));
            } else if !why.is_empty() {
                picked.push((stats, why));
            }
        }
    }
    let tables = picked
        .into_iter()
        .map(|(stats, reasons)| {
            // PostgreSQL would skip it with a WARNING only; say so now, and run nothing on it.
            let (result, error) = if stats.may_vacuum {
                ("planned", None)
            } else {
                ("skipped_not_owner", Some(not_owner(stats)))
            };
            TableRun {
                schema: stats.schema_name.clone(),
                table: stats.table_name.clone(),
                statements: statements(stats, args, stats.needs_freeze(args.xid_age)),
                reasons,
                last_vacuum: stats.last_vacuum,
                dead_tuples_before: stats.n_dead_tup,
                dead_tuples_after: None,
                size_bytes_before: stats.size_bytes,
                size_bytes_after: None,
                seconds: None,
                result,
                error,
                dropped_indexes: Vec::new(),
                partitions: partitions_of
                    .iter()
                    .find(|(parent, _)| *parent == stats.qualified)
                    .map(|(_, p)| p.clone())
                    .unwrap_or_default(),
            }
        })
        .collect();

    let (hot_tables, hot_columns, hot_reasons): (Vec<&str>, Vec<&str>, Vec<&str>) = {
        let mut t = Vec::new();
        let mut c = Vec::new();
        let mut r = Vec::new();
        for (table, column, reason) in HOT_FILTERS {
            t.push(table);
            c.push(column);
            r.push(reason);
        }
        (t, c, r)
    };
    type Row = (
        String,
        String,
        Vec<String>,
        String,
        String,
        String,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(sql::VACUUM_MISSING_INDEXES)
        .bind(hot_tables)
        .bind(hot_columns)
        .bind(hot_reasons)
        .fetch_all(pool)
        .await
        .context("failed to look for missing indexes")?;
    let mut missing_indexes: Vec<MissingIndex> = rows
        .into_iter()
        .map(
            |(schema, table, columns, reason, index_name, statement, replaces)| MissingIndex {
                schema,
                table,
                columns,
                reason,
                index_name,
                statement,
                replaces,
                result: "listed",
                error: None,
            },
        )
        .collect();
    missing_indexes
        .sort_by(|a, b| (&a.schema, &a.table, &a.columns).cmp(&(&b.schema, &b.table, &b.columns)));
    for m in &mut missing_indexes {
        m.result = if args.create_missing_indexes {
            "planned"
        } else {
            "listed"
        };
    }
    let invalid_indexes = invalid_indexes(pool).await?;
    Ok(VacuumReport {
        database: database.name().to_string(),
        dry_run: args.confirm.dry_run,
        declined: false,
        full: args.full,
        reindex: args.reindex,
        tables,
        missing_indexes,
        invalid_indexes,
        interrupted: false,
        seconds: 0.0,
    })
}

/// Runs the plan table by table on one session. VACUUM, REINDEX CONCURRENTLY and CREATE INDEX
/// CONCURRENTLY cannot run in a transaction block, so each goes alone through the simple
/// protocol. They are not bounded by database.statement_timeout (a vacuum cut short is work
/// thrown away); --max-runtime bounds the run between tables instead. lock_timeout still
/// applies to REINDEX and CREATE INDEX; VACUUM skips locked tables by itself.
///
/// A Ctrl-C cancels the statement in flight on the server (a client that only went away would
/// leave a VACUUM FULL running, and the store locked out, until it ended) and runs no other.
async fn apply(
    database: &Database,
    pool: &PgPool,
    args: &Args,
    report: &mut VacuumReport,
) -> anyhow::Result<()> {
    let mut conn = database.connection().await?;
    sqlx::raw_sql("SET statement_timeout = 0")
        .execute(&mut conn)
        .await?;
    let backend: i32 = sqlx::query_scalar(sql::PMC_BACKEND_PID)
        .fetch_one(&mut conn)
        .await?;
    let budget = Budget::new(args.max_runtime);
    let cancel = || {
        let pool = pool.clone();
        tokio::spawn(async move {
            if let Err(e) = sqlx::query(sql::PMC_CANCEL_BACKEND)
                .bind(backend)
                .execute(&pool)
                .await
            {
                tracing::warn!(error = %e, backend, "failed to cancel the statement in flight");
            }
        });
    };
    budget
        .stop_on_ctrl_c(
            run_statements(&mut conn, pool, args, report, &budget),
            cancel,
        )
        .await?;
    report.interrupted = budget.interrupted();
    // The plan's list stands if the catalog cannot be read again: the report of the work done
    // matters more.
    match invalid_indexes(pool).await {
        Ok(now) => report.invalid_indexes = now,
        Err(e) => {
            tracing::warn!(error = %crate::error::one_line(&e), "kept the plan's list of invalid indexes")
        }
    }
    conn.close().await.ok();
    Ok(())
}

/// The planned statements, table by table, then the missing indexes, until `budget` ends.
async fn run_statements(
    conn: &mut sqlx::PgConnection,
    pool: &PgPool,
    args: &Args,
    report: &mut VacuumReport,
    budget: &Budget,
) -> anyhow::Result<()> {
    for i in 0..report.tables.len() {
        let (earlier, rest) = report.tables.split_at_mut(i);
        let run = &mut rest[0];
        // Skipped in the plan: this role may not vacuum it.
        if run.result == "skipped_not_owner" {
            continue;
        }
        if budget.exhausted() {
            run.result = not_run(budget);
            continue;
        }
        // A partitioned table's partitions ran before it; its ANALYZE would wait for one
        // skipped as locked, until lock_timeout, and then fail.
        let locked: Vec<String> = earlier
            .iter()
            .filter(|e| {
                e.result == "skipped_locked"
                    && run
                        .partitions
                        .iter()
                        .any(|(schema, table)| *schema == e.schema && *table == e.table)
            })
            .map(|e| format!("{}.{}", e.schema, e.table))
            .collect();
        if !locked.is_empty() {
            run.result = "skipped_locked";
            run.error = Some(format!(
                "not analyzed as a whole: its partitions {} were skipped as locked, and its \
                 ANALYZE would wait for them",
                locked.join(", ")
            ));
            continue;
        }
        let t0 = Instant::now();
        // A table whose statistics cannot be read (a lock taken since the plan, say) fails on
        // its own: the tables done before it keep their report.
        if let Err(e) = run_table(conn, pool, run, budget, t0).await {
            run.seconds = Some(t0.elapsed().as_secs_f64());
            run.result = failed_result(budget);
            let error = crate::error::one_line(&e);
            run.error = Some(match run.error.take() {
                Some(earlier) => format!("{earlier}; {error}"),
                None => error,
            });
        }
    }
    if args.create_missing_indexes {
        for index in report.missing_indexes.iter_mut() {
            if budget.exhausted() {
                index.result = not_run(budget);
                continue;
            }
            match create_index(conn, index).await {
                Ok(()) => index.result = "created",
                Err(e) => {
                    index.result = failed_result(budget);
                    index.error = Some(crate::error::one_line(&e));
                }
            }
        }
    }
    Ok(())
}

/// Runs one table's statements and records what happened in `run`. An error is a failure to
/// read its statistics or its invalid indexes; a statement's own error is in `run.error` by
/// then, so the caller keeps it.
async fn run_table(
    conn: &mut sqlx::PgConnection,
    pool: &PgPool,
    run: &mut TableRun,
    budget: &Budget,
    t0: Instant,
) -> anyhow::Result<()> {
    let before = current(pool, &run.schema, &run.table).await?;
    // statements() puts the VACUUM first, then the REINDEX of --reindex.
    let (vacuum, reindex) = run
        .statements
        .split_first()
        .context("a planned table has no statements")?;
    run.error = execute(conn, vacuum).await.err();
    let mut after = current(pool, &run.schema, &run.table).await?;
    // SKIP_LOCKED only warns; a vacuum that ran moved the table's counters.
    let skipped = run.error.is_none()
        && matches!((&before, &after), (Some(b), Some(a))
            if a.vacuum_count == b.vacuum_count && a.analyze_count == b.analyze_count);
    // A table skipped as locked is held by another session, which a REINDEX would wait
    // for until lock_timeout and then fail: it is left, like the vacuum, for a later run.
    if run.error.is_none() && !skipped && !reindex.is_empty() {
        for statement in reindex {
            let earlier = reindex_leftovers(conn, &run.schema, &run.table).await?;
            if let Err(e) = execute(conn, statement).await {
                run.error = Some(e);
                run.dropped_indexes =
                    drop_reindex_leftovers(conn, &run.schema, &run.table, &earlier).await?;
                break;
            }
        }
        after = current(pool, &run.schema, &run.table).await?;
    }
    run.seconds = Some(t0.elapsed().as_secs_f64());
    run.dead_tuples_after = after.as_ref().map(|a| a.n_dead_tup);
    run.size_bytes_after = after.as_ref().and_then(|a| a.size_bytes);
    run.result = match &run.error {
        Some(_) => failed_result(budget),
        None if skipped => "skipped_locked",
        None => "done",
    };
    Ok(())
}

/// Runs one statement of the plan alone through the simple protocol; the error, as the report
/// shows it, names the statement.
async fn execute(conn: &mut sqlx::PgConnection, statement: &str) -> Result<(), String> {
    sqlx::raw_sql(AssertSqlSafe(statement.to_string()))
        .execute(&mut *conn)
        .await
        .map(|_| ())
        .map_err(|e| format!("{statement}: {}", crate::error::statement_error(e)))
}

/// An invalid index named as REINDEX ... CONCURRENTLY names its transient indexes.
#[derive(Debug)]
struct Leftover {
    index_oid: i64,
    schema_name: String,
    index_name: String,
    statement: String,
}

/// The invalid `_ccnew` / `_ccold` indexes of a table and of its TOAST table.
async fn reindex_leftovers(
    conn: &mut sqlx::PgConnection,
    schema: &str,
    table: &str,
) -> anyhow::Result<Vec<Leftover>> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(sql::VACUUM_REINDEX_LEFTOVERS)
        .bind(schema)
        .bind(table)
        .fetch_all(&mut *conn)
        .await
        .with_context(|| format!("failed to look for invalid indexes of {schema}.{table}"))?;
    Ok(rows
        .into_iter()
        .map(|(index_oid, schema_name, index_name, statement)| Leftover {
            index_oid,
            schema_name,
            index_name,
            statement,
        })
        .collect())
}

/// Drops the invalid indexes that a failed or cancelled REINDEX ... CONCURRENTLY left on the
/// table: those not among `earlier`, read just before it. Each such failure leaves a new set
/// (`_ccnew`, then `_ccnew1`, …) that costs every write and serves no read, so a nightly run
/// that keeps failing would otherwise pile them up. Runs after a Ctrl-C too: it is the cleanup
/// of the statement the Ctrl-C cancelled. Each DROP is bounded by lock_timeout; one that fails
/// leaves its index in the report's invalid indexes, with its statement. Returns `schema.index`
/// of each index dropped.
async fn drop_reindex_leftovers(
    conn: &mut sqlx::PgConnection,
    schema: &str,
    table: &str,
    earlier: &[Leftover],
) -> anyhow::Result<Vec<String>> {
    let mut dropped = Vec::new();
    for leftover in reindex_leftovers(conn, schema, table).await? {
        if earlier.iter().any(|e| e.index_oid == leftover.index_oid) {
            continue;
        }
        match execute(conn, &leftover.statement).await {
            Ok(()) => dropped.push(format!("{}.{}", leftover.schema_name, leftover.index_name)),
            Err(error) => tracing::warn!(
                %error,
                "failed to drop an invalid index the failed REINDEX of {schema}.{table} left"
            ),
        }
    }
    Ok(dropped)
}

/// Runs a missing index's statements: the DROP of an invalid leftover of its name first, when
/// there is one, then the CREATE; fails unless the index is then there and valid, so `created`
/// is never said of an index queries cannot use.
async fn create_index(conn: &mut sqlx::PgConnection, index: &MissingIndex) -> anyhow::Result<()> {
    for statement in index.replaces.iter().chain([&index.statement]) {
        sqlx::raw_sql(AssertSqlSafe(statement.clone()))
            .execute(&mut *conn)
            .await?;
    }
    let valid: bool = sqlx::query_scalar(sql::VACUUM_INDEX_VALID)
        .bind(&index.schema)
        .bind(&index.index_name)
        .bind(&index.table)
        .bind(&index.columns)
        .fetch_one(&mut *conn)
        .await?;
    anyhow::ensure!(
        valid,
        "{}.{} is still not valid after the build (another session may be building it)",
        index.schema,
        index.index_name
    );
    Ok(())
}

/// The result of a statement that failed: `cancelled` when a Ctrl-C cancelled it.
fn failed_result(budget: &Budget) -> &'static str {
    if budget.interrupted() {
        "cancelled"
    } else {
        "failed"
    }
}

/// The result of work the run did not reach: `not_run` at --max-runtime, `interrupted` after
/// a Ctrl-C.
fn not_run(budget: &Budget) -> &'static str {
    if budget.interrupted() {
        "interrupted"
    } else {
        "not_run"
    }
}

async fn invalid_indexes(pool: &PgPool) -> anyhow::Result<Vec<InvalidIndex>> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(sql::VACUUM_INVALID_INDEXES)
        .fetch_all(pool)
        .await
        .context("failed to look for invalid indexes")?;
    Ok(rows
        .into_iter()
        .map(|(schema, table, index, statement)| InvalidIndex {
            schema,
            table,
            index,
            statement,
        })
        .collect())
}

async fn current(pool: &PgPool, schema: &str, name: &str) -> anyhow::Result<Option<TableStats>> {
    Ok(table_stats(pool, Some((schema, name)))
        .await?
        .into_iter()
        .find(|t| t.schema_name == schema && t.table_name == name))
}

fn result_word(word: &str) -> &str {
    match word {
        "skipped_locked" => "skipped: locked",
        "skipped_not_owner" => "skipped: not owner",
        "not_run" => "not run: max runtime",
        "interrupted" => "not run: Ctrl-C",
        "cancelled" => "cancelled: Ctrl-C",
        other => other,
    }
}

impl Report for VacuumReport {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    fn write_table(&self, out: &mut dyn Write, style: &table::Style) -> io::Result<()> {
        let verb = if self.dry_run {
            "would vacuum"
        } else {
            "vacuum"
        };
        if self.tables.is_empty() {
            writeln!(out, "database {}: no table needs a vacuum", self.database)?;
        } else {
            let n = self.tables.len();
            let noun = if n == 1 { "table" } else { "tables" };
            writeln!(out, "database {}: {verb} {n} {noun}", self.database)?;
            let mut t = table::new(
                style,
                &[
                    table::text("table"),
                    table::text("why"),
                    table::number("dead before"),
                    table::number("dead after"),
                    table::number("size before"),
                    table::number("size after"),
                    table::number("seconds"),
                    table::text("result"),
                ],
            );
            for run in &self.tables {
                let or_dash = |v: Option<String>| v.unwrap_or_else(|| "-".into());
                // A name may hold a newline (`CREATE TABLE "a\nb"`): one row, one line.
                t.add_row(vec![
                    one_line_value(&format!("{}.{}", run.schema, run.table)).into_owned(),
                    one_line_value(&run.reasons.join(", ")).into_owned(),
                    table::count(run.dead_tuples_before),
                    or_dash(run.dead_tuples_after.map(table::count)),
                    or_dash(run.size_bytes_before.map(table::bytes)),
                    or_dash(run.size_bytes_after.map(table::bytes)),
                    or_dash(run.seconds.map(|s| format!("{s:.1}"))),
                    result_word(run.result).to_string(),
                ]);
            }
            writeln!(out, "{t}")?;
            for run in self.tables.iter().filter(|r| !r.dropped_indexes.is_empty()) {
                writeln!(
                    out,
                    "{}",
                    one_line_value(&format!(
                        "dropped the invalid indexes the REINDEX of {}.{} left: {}",
                        run.schema,
                        run.table,
                        run.dropped_indexes.join(", ")
                    ))
                )?;
            }
            for run in self.tables.iter().filter(|r| r.error.is_some()) {
                let line = format!(
                    "{} {}.{}: {}",
                    match run.result {
                        "cancelled" => "cancelled",
                        "skipped_not_owner" | "skipped_locked" => "skipped",
                        _ => "failed",
                    },
                    run.schema,
                    run.table,
                    run.error.as_deref().unwrap_or("")
                );
                writeln!(out, "{}", one_line_value(&line))?;
            }
            if self.interrupted {
                writeln!(
                    out,
                    "stopped by Ctrl-C: the statement in flight was cancelled on the server, and \
                     no other ran"
                )?;
            }
            if self.dry_run {
                for run in &self.tables {
                    for statement in &run.statements {
                        writeln!(out, "  {};", one_line_value(statement))?;
                    }
                }
            }
        }
        if self.declined {
            writeln!(out, "VACUUM FULL declined: nothing was changed")?;
        }
        if !self.missing_indexes.is_empty() {
            writeln!(out)?;
            writeln!(out, "missing indexes ({}):", self.missing_indexes.len())?;
            let mut t = table::new(
                style,
                &[
                    table::text("table"),
                    table::text("columns"),
                    table::text("why"),
                    table::text("result"),
                ],
            );
            for m in &self.missing_indexes {
                t.add_row(vec![
                    one_line_value(&format!("{}.{}", m.schema, m.table)).into_owned(),
                    one_line_value(&m.columns.join(", ")).into_owned(),
                    one_line_value(&m.reason).into_owned(),
                    m.error.as_deref().map_or_else(
                        || result_word(m.result).to_string(),
                        |e| one_line_value(&format!("{}: {e}", m.result)).into_owned(),
                    ),
                ]);
            }
            writeln!(out, "{t}")?;
            if self.missing_indexes.iter().any(|m| m.result != "created") {
                writeln!(
                    out,
                    "to create them (without blocking writes), run `pmc vacuum --create-missing-indexes` or:"
                )?;
                for m in self
                    .missing_indexes
                    .iter()
                    .filter(|m| m.result != "created")
                {
                    if let Some(drop) = &m.replaces {
                        writeln!(
                            out,
                            "  {};   -- an invalid leftover of the same name",
                            one_line_value(drop)
                        )?;
                    }
                    writeln!(out, "  {};", one_line_value(&m.statement))?;
                }
            }
        }
        if !self.invalid_indexes.is_empty() {
            writeln!(out)?;
            writeln!(
                out,
                "invalid indexes left by a failed concurrent build ({}); they cost writes and serve no reads:",
                self.invalid_indexes.len()
            )?;
            for i in &self.invalid_indexes {
                let line = format!(
                    "  {}.{} on {}: {};",
                    i.schema, i.index, i.table, i.statement
                );
                writeln!(out, "{}", one_line_value(&line))?;
            }
        }
        Ok(())
    }
}
