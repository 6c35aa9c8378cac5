//! Database upkeep that never loses a sale: expired vending sessions out of the hot table
//! (`sessions`), finished orders into the archive (`orders`). Both work in bounded batches,
//! each its own transaction that copies before it deletes, so a kill at any moment loses
//! nothing and a rerun finishes the job. The commands (`pmc cleanup`, `pmc orders archive`)
//! wrap these in the confirm gate and the journal.

pub mod orders;
pub mod sessions;

use std::time::{Duration, Instant};

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use sqlx::PgPool;

use crate::sql;

/// The time a run may take: `--max-runtime`, checked between batches only, so a batch that
/// has started always finishes (or rolls back) as a whole.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    started: Instant,
    max: Option<Duration>,
}

impl Budget {
    /// A budget that starts now.
    pub fn new(max: Option<Duration>) -> Self {
        Budget {
            started: Instant::now(),
            max,
        }
    }

    /// No further batch may start.
    pub fn exhausted(&self) -> bool {
        self.max.is_some_and(|max| self.started.elapsed() >= max)
    }

    /// Seconds since the start.
    pub fn elapsed_seconds(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }
}

/// Why a run stopped before its work was done.
pub const STOPPED_MAX_RUNTIME: &str = "max_runtime";

/// The database server's clock.
pub async fn server_now(pool: &PgPool) -> anyhow::Result<DateTime<Utc>> {
    sqlx::query_scalar(sql::PMC_NOW)
        .fetch_one(pool)
        .await
        .context("failed to read the database server's clock")
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
                humantime::format_duration(older_than)
            ))
            .into()
        })
}
