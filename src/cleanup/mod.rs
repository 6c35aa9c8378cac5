//! Database upkeep that never loses a sale: expired vending sessions out of the hot table
//! (`sessions`), finished orders into the archive (`orders`). Both work in bounded batches,
//! each its own transaction that copies before it deletes, so a kill at any moment loses
//! nothing and a rerun finishes the job. The commands (`pmc cleanup`, `pmc orders archive`)
//! wrap these in the confirm gate and the journal.

pub mod orders;
pub mod sessions;

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use sqlx::PgPool;

use crate::sql;

/// When a run stops: at `--max-runtime`, or at a Ctrl-C. Checked between batches only, so a
/// batch that has started always finishes (or rolls back) as a whole.
#[derive(Debug)]
pub struct Budget {
    started: Instant,
    max: Option<Duration>,
    interrupted: AtomicBool,
}

impl Budget {
    /// A budget that starts now.
    pub fn new(max: Option<Duration>) -> Self {
        Budget {
            started: Instant::now(),
            max,
            interrupted: AtomicBool::new(false),
        }
    }

    /// No further batch may start.
    pub fn exhausted(&self) -> bool {
        self.interrupted() || self.max.is_some_and(|max| self.started.elapsed() >= max)
    }

    /// A Ctrl-C came during [`Budget::stop_on_ctrl_c`].
    pub fn interrupted(&self) -> bool {
        self.interrupted.load(Ordering::SeqCst)
    }

    /// The exit code of a run that ended without an error: 130 after a Ctrl-C, else 0.
    pub fn exit(&self) -> crate::exit::Exit {
        if self.interrupted() {
            crate::exit::Exit::Interrupted
        } else {
            crate::exit::Exit::Ok
        }
    }

    /// Why an unfinished run stopped: `interrupted` after a Ctrl-C, else `max_runtime`.
    pub fn stop_reason(&self) -> &'static str {
        if self.interrupted() {
            STOPPED_INTERRUPTED
        } else {
            STOPPED_MAX_RUNTIME
        }
    }

    /// Runs `work`, which checks [`Budget::exhausted`] between batches. The first Ctrl-C lets
    /// the batch in flight commit and starts no other, so the run ends with its counts and its
    /// journal row says what it did; `on_interrupt` tells the operator. A second Ctrl-C is the
    /// journal's to handle (it stops at once, and the batch in flight rolls back).
    pub async fn stop_on_ctrl_c<T>(
        &self,
        work: impl Future<Output = T>,
        on_interrupt: impl FnOnce(),
    ) -> T {
        tokio::pin!(work);
        tokio::select! {
            out = &mut work => return out,
            _ = crate::interrupt_signal() => {
                self.interrupted.store(true, Ordering::SeqCst);
                tracing::warn!("Ctrl-C: stopping; a second Ctrl-C stops at once");
                on_interrupt();
            }
        }
        work.await
    }

    /// Seconds since the start.
    pub fn elapsed_seconds(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }
}

/// Why a run stopped before its work was done.
pub const STOPPED_MAX_RUNTIME: &str = "max_runtime";
/// Why a run stopped before its work was done: a Ctrl-C.
pub const STOPPED_INTERRUPTED: &str = "interrupted";

/// What stopped an unfinished run, for the report: `--max-runtime` or `Ctrl-C`.
pub fn stopped_by(reason: &str) -> &'static str {
    if reason == STOPPED_INTERRUPTED {
        "Ctrl-C"
    } else {
        "--max-runtime"
    }
}

/// The database server's clock.
pub async fn server_now(pool: &PgPool) -> anyhow::Result<DateTime<Utc>> {
    sqlx::query_scalar(sql::PMC_NOW)
        .fetch_one(pool)
        .await
        .context("failed to read the database server's clock")
}

/// Refuses (exit 65) a store where a foreign key pmc does not handle points into one of
/// `deletes_from`: the delete would fail halfway through the run, or (ON DELETE CASCADE or SET
/// NULL) change rows that no archive keeps. `handled` are the keys pmc archives along or checks
/// itself, each as `referencing(columns)>referenced`; any other key, a second one from the same
/// table or a self-reference, is refused. Checked by the plan as by the run, so a dry run says
/// so too.
pub async fn refuse_foreign_references(
    pool: &PgPool,
    deletes_from: &[&str],
    handled: &[&str],
) -> anyhow::Result<()> {
    let keys: Vec<(String, String, String)> = sqlx::query_as(sql::CLEANUP_FOREIGN_REFERENCES)
        .bind(deletes_from)
        .bind(handled)
        .fetch_all(pool)
        .await
        .with_context(|| {
            format!(
                "failed to read the foreign keys into {}",
                deletes_from.join(", ")
            )
        })?;
    if keys.is_empty() {
        return Ok(());
    }
    let keys: Vec<String> = keys
        .iter()
        .map(|(referencing, name, referenced)| format!("{referencing} → {referenced} ({name})"))
        .collect();
    Err(crate::error::Failure::BadInput(format!(
        "foreign keys pmc does not handle point into the rows it would delete: {}; a delete \
         would fail, or cascade into rows no archive keeps, so nothing was changed",
        keys.join(", ")
    ))
    .into())
}

/// Refuses (exit 65) to archive `live` into `archive` when a column of the archive would not
/// hold the live values as they are: the store changed a column's type after pmc created its
/// archive (session_data json → text), so the copy would fail in every batch, or change the
/// values. The message gives the ALTER TABLE that makes the archive match. Checked by the plan
/// as by the run.
pub async fn refuse_archive_drift(pool: &PgPool, live: &str, archive: &str) -> anyhow::Result<()> {
    type Drift = (String, String, Option<String>, String);
    let drift: Vec<Drift> = sqlx::query_as(sql::ARCHIVE_COLUMN_TYPES)
        .bind(live)
        .bind(archive)
        .fetch_all(pool)
        .await
        .with_context(|| format!("failed to compare the columns of {live} and {archive}"))?;
    if drift.is_empty() {
        return Ok(());
    }
    let what: Vec<String> = drift
        .iter()
        .map(|(column, live_type, archive_type, _)| match archive_type {
            Some(archive_type) => {
                format!("{live}.{column} is {live_type}, {archive}.{column} is {archive_type}")
            }
            None => format!("{archive} has no column {column}"),
        })
        .collect();
    let statements: Vec<&str> = drift
        .iter()
        .map(|(.., statement)| statement.as_str())
        .collect();
    Err(crate::error::Failure::BadInput(format!(
        "the archive does not match the store ({}): the copy would not keep the values as they \
         are, so nothing was changed; make the archive match (check the statement first: a \
         type change rewrites the archive): {}",
        what.join("; "),
        statements.join("; ")
    ))
    .into())
}

/// `now - older_than`, refusing ages the calendar cannot hold.
pub fn cutoff(
    now: DateTime<Utc>,
    older_than: Duration,
    flag: &str,
) -> anyhow::Result<DateTime<Utc>> {
    chrono::Duration::from_std(older_than)
        .ok()
        .and_then(|age| now.checked_sub_signed(age))
        .ok_or_else(|| {
            crate::error::Failure::Usage(format!(
                "{flag} {}: too long ago to be a date",
                crate::output::duration_text(older_than)
            ))
            .into()
        })
}
