//! Expired vending sessions: those that hold no sale are deleted, those that hold one are
//! moved into `pmc_archive.vending_sessions`, in batches over physical block ranges.
//!
//! A paid vending sale lives only in its session row, and paid sessions can carry status
//! `expired` (store-facts §7, §9.1), so a session counts as a sale when any rule of
//! `cleanup_sessions_plan.sql` matches; a session_data text that does not parse counts too.
//!
//! Why block ranges: one `DELETE … WHERE expires_at < …` holds row locks on every expired row
//! for its whole run, and batching by primary key makes each batch an index walk over random
//! heap pages (7.6x slower than the single DELETE, measured in issue 4). A range of blocks
//! (`ctid >= '(a,0)' AND ctid < '(b,0)'`, a TID Range Scan since PostgreSQL 14) reads each page
//! once, in order, and bounds how many rows one transaction locks.

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{Context as _, bail};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;

use super::Budget;
use crate::error::Failure;
use crate::sql;

/// The columns of `vending_machine_sessions` that the archive copies (models.py). A live
/// table with any other column is refused rather than archived without it.
pub const COLUMNS: [&str; 18] = [
    "id",
    "session_id",
    "machine_id",
    "status",
    "user_progress",
    "qr_data",
    "user_agent",
    "ip_address",
    "order_id",
    "payment_method",
    "payment_amount",
    "payment_confirmed_at",
    "expires_at",
    "last_activity",
    "created_at",
    "updated_at",
    "session_data",
    "error_log",
];

/// The store tables a session cleanup reads: the sessions, and the orders and payment mappings
/// of the sale rules.
pub const STORE_TABLES: [&str; 3] = ["vending_machine_sessions", "orders", "payment_mappings"];

/// Sample rows shown per category.
pub const SAMPLE: i64 = 3;

/// The plan's reason for deleted sessions (the move statement reports them as `''`).
pub const NO_SALE: &str = "expired before the cutoff, holds no sale";

/// What to clean, free of clap.
#[derive(Debug, Clone)]
pub struct Options {
    /// Sessions whose expires_at is older than this go.
    pub older_than: Duration,
    /// Most rows one transaction locks, moves and deletes.
    pub batch_size: u32,
    /// database.lock_timeout: no writer may wait longer than this for a row a batch holds.
    /// Each statement of a batch is capped at a third of it, and batches shrink while they
    /// take more than a quarter of it.
    pub lock_timeout: Duration,
    /// Sweeps at once, each over its own part of the table on its own connection.
    pub jobs: u32,
    /// The cutoff of the plan a person agreed to at the prompt: the run keeps to it, so a
    /// session the plan showed as kept is not deleted because the clock moved on meanwhile.
    /// None: the cutoff is taken when the run starts (`--yes`).
    pub agreed_cutoff: Option<DateTime<Utc>>,
}

impl Options {
    /// The statement_timeout of a batch's statements: a third of lock_timeout, so a batch's
    /// two statements and its commit end well within it. (The configuration refuses a
    /// lock_timeout of 0, PostgreSQL's "no limit": a cleanup always has one.)
    fn statement_cap(&self) -> Duration {
        (self.lock_timeout / 3).max(Duration::from_millis(30))
    }

    /// How long a batch may hold its rows before the next batch is made smaller.
    fn hold_target(&self) -> Duration {
        self.lock_timeout / 4
    }
}

/// How the live table looks.
#[derive(Debug, Clone)]
struct Shape {
    blocks: i64,
    estimated_rows: f64,
    /// session_data is json or jsonb: PostgreSQL checked every value when it was stored.
    json_typed: bool,
    now: DateTime<Utc>,
}

/// A row of `cleanup_sessions_shape.sql`.
type ShapeRow = (i64, f64, Option<String>, Vec<String>, DateTime<Utc>);

/// Describes the live table; refuses one that is missing or has columns the archive would not
/// keep (exit 65), for the plan as for the run.
async fn shape(pool: &PgPool) -> anyhow::Result<Shape> {
    let row: Option<ShapeRow> = sqlx::query_as(sql::CLEANUP_SESSIONS_SHAPE)
        .bind(COLUMNS.as_slice())
        .fetch_optional(pool)
        .await
        .context("failed to describe table vending_machine_sessions")?;
    let Some((blocks, estimated_rows, data_type, unknown_columns, now)) = row else {
        return Err(crate::db::missing_store_table("vending_machine_sessions").into());
    };
    super::refuse_foreign_references(pool, &["vending_machine_sessions"], &[]).await?;
    // Refused here, so a dry run says so too rather than plan a run that would be refused.
    if !unknown_columns.is_empty() {
        return Err(Failure::BadInput(format!(
            "vending_machine_sessions has columns pmc does not archive ({}): archiving would \
             lose them, so nothing was changed; pmc copies the store's own columns by name, so \
             cleanup needs a pmc that knows these",
            unknown_columns.join(", ")
        ))
        .into());
    }
    super::refuse_archive_drift(
        pool,
        "vending_machine_sessions",
        "pmc_archive.vending_sessions",
    )
    .await?;
    Ok(Shape {
        blocks,
        estimated_rows,
        json_typed: matches!(data_type.as_deref(), Some("json" | "jsonb")),
        now,
    })
}

/// Whether pmc may treat `data` (a session_data that names none of the sale keys) as holding
/// no sale: only when it parses as JSON. Anything else might be a sale pmc cannot read.
pub fn parses(data: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(data).is_ok()
}

/// One line of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanRow {
    /// delete, archive or keep.
    pub category: String,
    pub reason: String,
    pub sessions: i64,
    pub oldest_expires_at: Option<DateTime<Utc>>,
    pub newest_expires_at: Option<DateTime<Utc>>,
    /// Up to three sessions, oldest first: session_id, machine_id, status, expires_at.
    pub sample: serde_json::Value,
}

/// What a cleanup would do now.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub now: DateTime<Utc>,
    pub cutoff: DateTime<Utc>,
    pub delete: i64,
    pub archive: i64,
    pub keep: i64,
    pub rows: Vec<PlanRow>,
}

/// Classifies every session as delete, archive or keep, changing nothing.
pub async fn plan(pool: &PgPool, opts: &Options) -> anyhow::Result<Plan> {
    let shape = shape(pool).await?;
    let cutoff = super::cutoff(shape.now, opts.older_than, "--older-than")?;
    let unparsable = if shape.json_typed {
        Vec::new()
    } else {
        // Only a store whose session_data is not json-typed gets here; its candidates are read
        // whole because pmc has no stream adapter, which such a rare store can afford.
        let rows: Vec<(String, String)> = sqlx::query_as(sql::CLEANUP_SESSIONS_UNPARSED)
            .bind(cutoff)
            .fetch_all(pool)
            .await
            .context("failed to read session_data of vending_machine_sessions")?;
        let ids: Vec<String> = rows
            .into_iter()
            .filter(|(_, data)| !parses(data))
            .map(|(id, _)| id)
            .collect();
        ids
    };
    type Row = (
        String,
        String,
        i64,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
        serde_json::Value,
    );
    let rows: Vec<Row> = sqlx::query_as(sql::CLEANUP_SESSIONS_PLAN)
        .bind(shape.now)
        .bind(cutoff)
        .bind(&unparsable)
        .bind(SAMPLE)
        .fetch_all(pool)
        .await
        .context("failed to classify the rows of vending_machine_sessions")?;
    let rows: Vec<PlanRow> = rows
        .into_iter()
        .map(
            |(category, reason, sessions, oldest, newest, sample)| PlanRow {
                category,
                reason,
                sessions,
                oldest_expires_at: oldest,
                newest_expires_at: newest,
                sample,
            },
        )
        .collect();
    let total = |category: &str| {
        rows.iter()
            .filter(|r| r.category == category)
            .map(|r| r.sessions)
            .sum()
    };
    Ok(Plan {
        now: shape.now,
        cutoff,
        delete: total("delete"),
        archive: total("archive"),
        keep: total("keep"),
        rows,
    })
}

/// What a cleanup run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Done {
    pub cutoff: Option<DateTime<Utc>>,
    /// Sessions deleted that held no sale.
    pub deleted: i64,
    /// Sessions moved into pmc_archive.vending_sessions.
    pub archived: i64,
    /// Archived sessions by the first sale rule that matched.
    pub archived_by_reason: BTreeMap<String, i64>,
    /// Transactions that moved or deleted at least one row.
    pub batches: u64,
    pub blocks_scanned: i64,
    pub blocks_total: i64,
    /// Sessions still expired before the cutoff after the run: held by a writer when their
    /// batch came (skipped, never waited for), moved by an update to a block already passed,
    /// or left by --max-runtime. The next run takes them.
    pub remaining: i64,
    /// Every block range was visited.
    pub complete: bool,
    /// `max_runtime` when --max-runtime ended the run between two batches.
    pub stopped: Option<String>,
    pub seconds: f64,
}

impl Done {
    /// Counts the rows a batch deleted for one reason ('' for no sale).
    fn add(&mut self, reason: String, deleted: i64, archived: i64) {
        if reason.is_empty() {
            self.deleted += deleted;
        } else {
            self.archived += archived;
            *self.archived_by_reason.entry(reason).or_default() += archived;
        }
    }
}

/// The block range of one batch, as the ctid bounds the statements take.
fn tid(block: i64) -> String {
    format!("({block},0)")
}

/// Largest block range one batch scans, so that a table of mostly young sessions is still
/// crossed in steps that stay short.
const MAX_WIDTH: i64 = 1 << 16;

/// Deletes expired no-sale sessions and archives expired sales, batch by batch, for run
/// `run_id`: `opts.jobs` sweeps over disjoint parts of the table at once, each on its own
/// connection. `progress` is told the running totals after every batch.
pub async fn apply(
    pool: &PgPool,
    opts: &Options,
    run_id: i64,
    budget: &Budget,
    progress: &(dyn Fn(&Done) + Sync),
) -> anyhow::Result<Done> {
    let shape = shape(pool).await?;
    let cutoff = match opts.agreed_cutoff {
        Some(agreed) => agreed,
        None => super::cutoff(shape.now, opts.older_than, "--older-than")?,
    };
    // orders.session_id has no index: read the referenced session ids once, not per batch.
    let order_sessions: HashSet<String> = sqlx::query_scalar(sql::CLEANUP_ORDER_SESSIONS)
        .fetch_all(pool)
        .await
        .context("failed to read orders.session_id")?
        .into_iter()
        .collect();
    let order_session_list: Vec<&str> = order_sessions.iter().map(String::as_str).collect();
    let ctx = BatchContext {
        pool,
        shape: &shape,
        order_sessions: &order_sessions,
        order_session_list: &order_session_list,
        cutoff,
        run_id,
        statement_cap: opts.statement_cap(),
    };
    let totals = Totals {
        done: Mutex::new(Done {
            cutoff: Some(cutoff),
            blocks_total: shape.blocks,
            ..Done::default()
        }),
        progress,
    };
    let sweeps = split(shape.blocks, opts.jobs)
        .into_iter()
        .map(|range| sweep(&ctx, opts, range, budget, &totals));
    let mut complete = futures_util::future::try_join_all(sweeps)
        .await
        .map_err(|e| {
            // The batches before the failure committed: say what they did, in the error the
            // journal keeps too.
            let done = totals.done.lock().unwrap_or_else(|p| p.into_inner());
            e.context(format!(
                "cleanup stopped after {} sessions deleted and {} archived in committed batches \
                 (the batch in flight rolled back; a rerun continues)",
                done.deleted, done.archived
            ))
        })?
        .into_iter()
        .all(|finished| finished);
    if complete {
        // Updates may have put expired rows into new blocks past the end seen at the start;
        // look once more, not forever, since a busy store keeps growing the table.
        let end: i64 = sqlx::query_scalar(sql::CLEANUP_SESSIONS_BLOCKS)
            .fetch_one(pool)
            .await
            .context("failed to read the size of vending_machine_sessions")?;
        totals.update(|done| done.blocks_total = done.blocks_total.max(end));
        complete = sweep(&ctx, opts, (shape.blocks, end), budget, &totals).await?;
    }
    let mut done = totals.done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.complete = complete;
    if !complete {
        done.stopped = Some(budget.stop_reason().into());
    }
    done.remaining = sqlx::query_scalar(sql::CLEANUP_SESSIONS_REMAINING)
        .bind(cutoff)
        .fetch_one(pool)
        .await
        .context("failed to count the expired sessions left in vending_machine_sessions")?;
    done.seconds = budget.elapsed_seconds();
    Ok(done)
}

/// `jobs` contiguous block ranges that together cover `0..blocks`.
fn split(blocks: i64, jobs: u32) -> Vec<(i64, i64)> {
    let jobs = i64::from(jobs.max(1));
    (0..jobs)
        .map(|k| (blocks * k / jobs, blocks * (k + 1) / jobs))
        .filter(|(start, end)| start < end)
        .collect()
}

/// The running totals of a run's sweeps.
struct Totals<'a> {
    done: Mutex<Done>,
    progress: &'a (dyn Fn(&Done) + Sync),
}

impl Totals<'_> {
    /// Applies `change` and tells `progress`.
    fn update(&self, change: impl FnOnce(&mut Done)) {
        // No code panics while holding the lock; a poisoned one still holds valid counts.
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        change(&mut done);
        (self.progress)(&done);
    }
}

/// Cleans the block range `[start, end)` batch by batch; false when --max-runtime stopped it
/// before the end.
async fn sweep(
    ctx: &BatchContext<'_>,
    opts: &Options,
    (mut start, end): (i64, i64),
    budget: &Budget,
    totals: &Totals<'_>,
) -> anyhow::Result<bool> {
    let batch = i64::from(opts.batch_size);
    // Rows per batch: --batch-size at most, less while batches take too long to hold locks.
    let mut limit = batch;
    let rows_per_block = if ctx.shape.blocks > 0 && ctx.shape.estimated_rows > 0.0 {
        (ctx.shape.estimated_rows / ctx.shape.blocks as f64).max(0.1)
    } else {
        4.0
    };
    let mut width = ((batch as f64 / rows_per_block).ceil() as i64).clamp(1, MAX_WIDTH);
    while start < end {
        if budget.exhausted() {
            return Ok(false);
        }
        let stop = (start + width).min(end);
        let (locked, held) = match move_batch(ctx, (start, stop), limit, totals).await? {
            Batch::Moved { locked, held } => (locked, held),
            Batch::TooSlow => {
                // Rolled back before it held its rows for lock_timeout: retry the range with
                // half the rows.
                anyhow::ensure!(
                    limit > 1,
                    "a cleanup batch of one row in blocks {start}..{stop} took longer than \
                     {}; nothing of it changed (is the server overloaded?)",
                    crate::output::duration_text(opts.statement_cap())
                );
                limit = (limit / 2).max(1);
                width = (width / 2).max(1);
                continue;
            }
        };
        if held > opts.hold_target() {
            limit = (limit / 2).max(1);
        } else if held < opts.hold_target() / 4 {
            limit = (limit * 2).min(batch);
        }
        if locked >= limit {
            // The range holds more than a batch: take the rest of it next, in a narrower range.
            width = (width / 2).max(1);
        } else {
            totals.update(|done| done.blocks_scanned += stop - start);
            start = stop;
            // Aim the next range at a batch's worth of rows, changing the width at most
            // twofold per step so one odd range does not throw it off.
            let wanted = if locked == 0 {
                width * 2
            } else {
                (width as f64 * limit as f64 / locked as f64).round() as i64
            };
            width = wanted.clamp((width / 2).max(1), width * 2).min(MAX_WIDTH);
        }
    }
    Ok(true)
}

/// What every batch of a run shares.
struct BatchContext<'a> {
    pool: &'a PgPool,
    shape: &'a Shape,
    order_sessions: &'a HashSet<String>,
    order_session_list: &'a [&'a str],
    cutoff: DateTime<Utc>,
    run_id: i64,
    statement_cap: Duration,
}

/// How a batch ended.
enum Batch {
    /// Committed: how many rows it locked (and moved), and how long it held them.
    Moved { locked: i64, held: Duration },
    /// A statement hit the batch's statement_timeout; the batch rolled back.
    TooSlow,
}

/// The batch as one statement (`cleanup_sessions_batch.sql`), when session_data is
/// json-typed and so needs no parsing by pmc: lock, delete, and archive from the deleted rows.
async fn one_statement_batch(
    ctx: &BatchContext<'_>,
    mut tx: sqlx::Transaction<'_, sqlx::Postgres>,
    started: std::time::Instant,
    (start, stop): (i64, i64),
    limit: i64,
    totals: &Totals<'_>,
) -> anyhow::Result<Batch> {
    let rows: Vec<(String, i64, i64, i64, i64)> = match sqlx::query_as(sql::CLEANUP_SESSIONS_BATCH)
        .bind(tid(start))
        .bind(tid(stop))
        .bind(ctx.cutoff)
        .bind(limit)
        .bind(ctx.run_id)
        .bind(ctx.order_session_list)
        .fetch_all(&mut *tx)
        .await
    {
        Ok(rows) => rows,
        Err(e) if cancelled(&e) => return Ok(Batch::TooSlow),
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!(
                "failed to clean expired sessions in blocks {start}..{stop}"
            )));
        }
    };
    let counts = Counts {
        locked: rows.first().map_or(0, |r| r.4),
        // A locked row updated after the statement began is not deleted (left for the next
        // run).
        all_locked_deleted: false,
        copied: rows.first().map_or(0, |r| r.3),
        rows: rows
            .into_iter()
            .map(|(reason, d, a, _, _)| (reason, d, a))
            .collect(),
    };
    counts.commit(tx, (start, stop), started, totals).await
}

/// What a batch statement returned: per reason ('' for no sale) the rows deleted and, of
/// those, archived; the rows it copied into the archive; and the rows the batch locked, which
/// must all be deleted when `all_locked_deleted`.
struct Counts {
    rows: Vec<(String, i64, i64)>,
    copied: i64,
    locked: i64,
    all_locked_deleted: bool,
}

impl Counts {
    /// Commits the batch if its counts add up: no more rows deleted than were locked (all of
    /// them when `all_locked_deleted`), every deleted sale copied, nothing archived without a
    /// reason. Anything else rolls it back.
    async fn commit(
        self,
        tx: sqlx::Transaction<'_, sqlx::Postgres>,
        (start, stop): (i64, i64),
        started: std::time::Instant,
        totals: &Totals<'_>,
    ) -> anyhow::Result<Batch> {
        let locked = self.locked;
        let deleted: i64 = self.rows.iter().map(|r| r.1).sum();
        let archived: i64 = self.rows.iter().map(|r| r.2).sum();
        let consistent = (deleted == locked || (!self.all_locked_deleted && deleted < locked))
            && self.copied == archived
            && self.rows.iter().all(|(reason, deleted, archived)| {
                if reason.is_empty() {
                    *archived == 0
                } else {
                    archived == deleted
                }
            });
        if !consistent {
            bail!(
                "cleanup batch in blocks {start}..{stop} did not add up (locked {locked}, \
                 deleted {deleted}, archived {archived}, copied {}); it was rolled back and \
                 nothing of it changed",
                self.copied
            );
        }
        tx.commit().await.with_context(|| {
            format!("failed to commit the cleanup batch in blocks {start}..{stop}")
        })?;
        let held = started.elapsed();
        totals.update(|done| {
            if deleted > 0 {
                done.batches += 1;
            }
            for (reason, deleted, archived) in self.rows {
                done.add(reason, deleted, archived);
            }
        });
        Ok(Batch::Moved { locked, held })
    }
}

/// A statement was cancelled by statement_timeout (SQLSTATE 57014).
pub(super) fn cancelled(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == "57014")
}

/// One transaction: lock up to `limit` expired rows of the block range (skipping rows a
/// writer holds), copy those holding a sale into the archive, delete them all, check the
/// counts, commit.
async fn move_batch(
    ctx: &BatchContext<'_>,
    (start, stop): (i64, i64),
    limit: i64,
    totals: &Totals<'_>,
) -> anyhow::Result<Batch> {
    let mut tx = ctx
        .pool
        .begin()
        .await
        .context("failed to start a cleanup batch")?;
    let started = std::time::Instant::now();
    sqlx::query(sql::CLEANUP_BATCH_TIMEOUT)
        .bind(ctx.statement_cap.as_millis().to_string())
        .execute(&mut *tx)
        .await
        .context("failed to bound the statements of a cleanup batch")?;
    if ctx.shape.json_typed {
        return one_statement_batch(ctx, tx, started, (start, stop), limit, totals).await;
    }
    let locked: Vec<(String, String, String, Option<String>)> =
        match sqlx::query_as(sql::CLEANUP_SESSIONS_LOCK)
            .bind(tid(start))
            .bind(tid(stop))
            .bind(ctx.cutoff)
            .bind(limit)
            .bind(ctx.shape.json_typed)
            .fetch_all(&mut *tx)
            .await
        {
            Ok(rows) => rows,
            Err(e) if cancelled(&e) => return Ok(Batch::TooSlow),
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!(
                    "failed to lock expired sessions in blocks {start}..{stop}"
                )));
            }
        };
    if locked.is_empty() {
        tx.rollback()
            .await
            .context("failed to end an empty cleanup batch")?;
        return Ok(Batch::Moved {
            locked: 0,
            held: started.elapsed(),
        });
    }
    let mut tids = Vec::with_capacity(locked.len());
    let mut unparsable = Vec::new();
    let mut referenced = Vec::new();
    for (tid, id, session_id, data) in &locked {
        tids.push(tid.as_str());
        if data.as_deref().is_some_and(|d| !parses(d)) {
            unparsable.push(id.as_str());
        }
        if ctx.order_sessions.contains(session_id) {
            referenced.push(id.as_str());
        }
    }
    let rows: Vec<(String, i64, i64, i64)> = match sqlx::query_as(sql::CLEANUP_SESSIONS_MOVE)
        .bind(&tids)
        .bind(ctx.run_id)
        .bind(ctx.cutoff)
        .bind(&unparsable)
        .bind(&referenced)
        .fetch_all(&mut *tx)
        .await
    {
        Ok(rows) => rows,
        Err(e) if cancelled(&e) => return Ok(Batch::TooSlow),
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!(
                "failed to move expired sessions in blocks {start}..{stop}"
            )));
        }
    };

    // Every locked row must be gone, and every sale among them copied first.
    let counts = Counts {
        locked: locked.len() as i64,
        all_locked_deleted: true,
        copied: rows.first().map_or(0, |r| r.3),
        rows: rows
            .into_iter()
            .map(|(reason, d, a, _)| (reason, d, a))
            .collect(),
    };
    counts.commit(tx, (start, stop), started, totals).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_json_parses() {
        assert!(parses(r#"{"order_summary": {"brand": "iPhone"}}"#));
        assert!(parses(r#""{\"double\": \"encoded\"}""#));
        assert!(parses("null"));
        assert!(!parses(r#"{"order_summary": {"brand": "iPh"#));
        assert!(!parses(""));
        assert!(!parses("{'python': 'repr'}"));
    }

    #[test]
    fn sweeps_cover_every_block_once() {
        for blocks in [0, 1, 2, 7, 195_809] {
            for jobs in [1, 2, 3, 16] {
                let ranges = split(blocks, jobs);
                let mut next = 0;
                for (start, end) in &ranges {
                    assert_eq!(*start, next, "{blocks} blocks, {jobs} jobs: {ranges:?}");
                    assert!(start < end);
                    next = *end;
                }
                assert_eq!(next, blocks, "{blocks} blocks, {jobs} jobs: {ranges:?}");
                assert!(ranges.len() <= jobs as usize);
            }
        }
    }

    #[test]
    fn batches_end_within_lock_timeout() {
        let opts = Options {
            older_than: Duration::from_secs(7 * 86400),
            batch_size: 5000,
            lock_timeout: Duration::from_secs(5),
            jobs: 2,
            agreed_cutoff: None,
        };
        let cap = opts.statement_cap();
        assert!(cap * 2 < opts.lock_timeout);
        assert!(opts.hold_target() < opts.lock_timeout);
    }
}
