//! Finished orders out of the hot tables: each batch copies the orders and all their
//! order_images into `pmc_archive`, checks the copied row counts, then deletes, in one
//! transaction.
//!
//! Finished means status `completed`, `printed`, `12` or `16`: the partner's status updates
//! are stored verbatim (store-facts §1.4), and its codes 12 and 16 are "printed" and "shipping
//! completed" (§3.5). Every other status, known or not, stays. So does an order a vending
//! session in the hot table still refers to (by order_id, which is also a foreign key, or by
//! the order's session_id): `pmc cleanup` archives that session first.

use std::time::Duration;

use anyhow::{Context as _, bail};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;

use super::Budget;
use crate::error::Failure;
use crate::sql;

/// The order statuses that count as finished.
pub const FINISHED: [&str; 4] = ["completed", "printed", "12", "16"];

/// The columns of `orders` the archive copies (models.py plus the e-commerce columns).
pub const ORDER_COLUMNS: [&str; 34] = [
    "id",
    "session_id",
    "order_number",
    "customer_name",
    "customer_email",
    "customer_phone",
    "shipping_address_line1",
    "shipping_address_line2",
    "shipping_city",
    "shipping_postcode",
    "shipping_country",
    "customer_notes",
    "user_data",
    "brand_id",
    "model_id",
    "template_id",
    "status",
    "total_amount",
    "currency",
    "stripe_session_id",
    "stripe_payment_intent_id",
    "payment_status",
    "paid_at",
    "queue_number",
    "third_party_payment_id",
    "chinese_payment_id",
    "chinese_payment_status",
    "chinese_order_id",
    "estimated_completion",
    "notes",
    "machine_id",
    "created_at",
    "updated_at",
    "completed_at",
];

/// The columns of `order_images` the archive copies.
pub const IMAGE_COLUMNS: [&str; 7] = [
    "id",
    "order_id",
    "image_path",
    "image_type",
    "ai_params",
    "chinese_image_url",
    "created_at",
];

/// Sample rows shown per category.
pub const SAMPLE: i64 = 3;

/// The store tables the orders archive reads and moves rows from.
pub const STORE_TABLES: [&str; 3] = ["orders", "order_images", "vending_machine_sessions"];

/// The tables the archive deletes from.
const DELETES_FROM: [&str; 2] = ["orders", "order_images"];

/// The foreign keys into those that the archive handles: order_images moves with its order,
/// and an order a session in the hot table refers to by order_id is kept.
const REFERRERS_HANDLED: [&str; 2] = [
    "order_images(order_id)>orders",
    "vending_machine_sessions(order_id)>orders",
];

/// Refuses (exit 65) an orders or order_images table with a column the archive would not keep,
/// for the plan as for the run, so a dry run does not plan a run that would be refused.
async fn refuse_unknown_columns(pool: &PgPool) -> anyhow::Result<()> {
    let unknown: Vec<(String, String)> = sqlx::query_as(sql::ORDERS_ARCHIVE_COLUMNS)
        .bind(ORDER_COLUMNS.as_slice())
        .bind(IMAGE_COLUMNS.as_slice())
        .fetch_all(pool)
        .await
        .context("failed to read the columns of orders and order_images")?;
    if unknown.is_empty() {
        super::refuse_archive_drift(pool, "orders", "pmc_archive.orders").await?;
        return super::refuse_archive_drift(pool, "order_images", "pmc_archive.order_images").await;
    }
    let names: Vec<String> = unknown.iter().map(|(t, c)| format!("{t}.{c}")).collect();
    Err(Failure::BadInput(format!(
        "the store has columns pmc does not archive ({}): archiving would lose them, so \
         nothing was changed; pmc copies the store's own columns by name, so the orders \
         archive needs a pmc that knows these",
        names.join(", ")
    ))
    .into())
}

/// What to archive, free of clap.
#[derive(Debug, Clone)]
pub struct Options {
    /// Finished orders whose last activity (the latest of created_at, updated_at,
    /// completed_at, paid_at) is older than this are archived.
    pub older_than: Duration,
    /// Most orders one transaction moves (their images go with them).
    pub batch_size: u32,
    /// The flag that set `older_than`, for messages: `--older-than` in `pmc orders archive`,
    /// `--orders-older-than` in `pmc cleanup`.
    pub flag: &'static str,
    /// The cutoff of the plan a person agreed to at the prompt (see the sessions' Options).
    pub agreed_cutoff: Option<DateTime<Utc>>,
    /// database.lock_timeout: a store writer waits at most this for an order a batch holds.
    /// A batch gets half of it in all (each statement is bounded by what is left), and the
    /// batch size shrinks while batches take more than a quarter of it.
    pub lock_timeout: Duration,
}

impl Options {
    /// How long one batch may run before it is cancelled and retried with half the orders.
    fn batch_cap(&self) -> Duration {
        (self.lock_timeout / 2).max(Duration::from_millis(30))
    }

    /// How long a batch may hold its orders before the next one is made smaller.
    fn hold_target(&self) -> Duration {
        self.lock_timeout / 4
    }
}

/// One line of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanRow {
    /// archive or keep.
    pub category: String,
    pub reason: String,
    pub orders: i64,
    pub images: i64,
    /// Up to three orders, oldest first: id, order_number, status, last_activity, images.
    pub sample: serde_json::Value,
}

/// What an orders archive would do now.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub cutoff: DateTime<Utc>,
    /// What will make the run slow or hold locks long (see [`warnings`]).
    pub warnings: Vec<String>,
    pub archive_orders: i64,
    pub archive_images: i64,
    pub keep: i64,
    pub rows: Vec<PlanRow>,
}

/// What will make the archive slow: the store declares no index on
/// vending_machine_sessions.order_id, so the foreign key check of each archived order's delete
/// reads the whole sessions table inside the batch (9.6 s for 759 orders on a 30,000-session
/// store, 0.38 s with the index).
async fn warnings(pool: &PgPool) -> anyhow::Result<Vec<String>> {
    let indexed: bool = sqlx::query_scalar(sql::ORDERS_ARCHIVE_SESSION_INDEX)
        .fetch_one(pool)
        .await
        .context("failed to look for an index on vending_machine_sessions.order_id")?;
    Ok(if indexed {
        Vec::new()
    } else {
        vec![
            "vending_machine_sessions.order_id has no index: each archived order's foreign key \
             check reads the whole sessions table, so batches are slow and hold their locks \
             long; `pmc vacuum --create-missing-indexes` builds it without blocking writes"
                .to_string(),
        ]
    })
}

/// Classifies every order, changing nothing.
pub async fn plan(pool: &PgPool, opts: &Options) -> anyhow::Result<Plan> {
    refuse_unknown_columns(pool).await?;
    super::refuse_foreign_references(pool, &DELETES_FROM, &REFERRERS_HANDLED).await?;
    let now = super::server_now(pool).await?;
    let cutoff = super::cutoff(now, opts.older_than, opts.flag)?;
    let rows: Vec<(String, String, i64, i64, serde_json::Value)> =
        sqlx::query_as(sql::ORDERS_ARCHIVE_PLAN)
            .bind(cutoff)
            .bind(SAMPLE)
            .fetch_all(pool)
            .await
            .context("failed to classify the rows of orders")?;
    let rows: Vec<PlanRow> = rows
        .into_iter()
        .map(|(category, reason, orders, images, sample)| PlanRow {
            category,
            reason,
            orders,
            images,
            sample,
        })
        .collect();
    let sum = |category: &str, f: fn(&PlanRow) -> i64| {
        rows.iter()
            .filter(|r| r.category == category)
            .map(f)
            .sum::<i64>()
    };
    Ok(Plan {
        cutoff,
        warnings: warnings(pool).await?,
        archive_orders: sum("archive", |r| r.orders),
        archive_images: sum("archive", |r| r.images),
        keep: sum("keep", |r| r.orders),
        rows,
    })
}

/// What an orders archive run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Done {
    pub cutoff: Option<DateTime<Utc>>,
    /// What made the run slow or hold locks long (see [`warnings`]).
    pub warnings: Vec<String>,
    pub orders: i64,
    pub images: i64,
    pub batches: u64,
    /// Every archivable order was visited (rows a writer held were skipped; a rerun takes
    /// them).
    pub complete: bool,
    /// `max_runtime` when --max-runtime ended the run between two batches.
    pub stopped: Option<String>,
    pub seconds: f64,
}

/// Archives finished orders with their images for run `run_id`, batch by batch.
pub async fn apply(
    pool: &PgPool,
    opts: &Options,
    run_id: i64,
    budget: &Budget,
    progress: &dyn Fn(&Done),
) -> anyhow::Result<Done> {
    refuse_unknown_columns(pool).await?;
    super::refuse_foreign_references(pool, &DELETES_FROM, &REFERRERS_HANDLED).await?;
    let cutoff = match opts.agreed_cutoff {
        Some(agreed) => agreed,
        None => super::cutoff(super::server_now(pool).await?, opts.older_than, opts.flag)?,
    };
    let mut done = Done {
        cutoff: Some(cutoff),
        warnings: warnings(pool).await?,
        ..Done::default()
    };
    let mut after = String::new();
    let mut limit = opts.batch_size;
    loop {
        if budget.exhausted() {
            done.stopped = Some(budget.stop_reason().into());
            break;
        }
        let batch = move_batch(pool, opts, cutoff, &after, limit, run_id, &mut done).await;
        // The batches before a failure committed: say what they did, in the error the journal
        // keeps too.
        let batch = batch.map_err(|e| {
            e.context(format!(
                "the orders archive stopped after {} orders and {} images archived in committed \
                 batches (the batch in flight rolled back; a rerun continues)",
                done.orders, done.images
            ))
        })?;
        match batch {
            Batch::Empty => {
                done.complete = true;
                break;
            }
            // Cancelled before it held its orders for lock_timeout: the same orders again,
            // half as many at a time. Each deleted order costs a foreign-key check that reads
            // every session while sessions.order_id has no index, so batches can be slow.
            Batch::TooSlow => {
                anyhow::ensure!(
                    limit > 1,
                    "the orders archive stopped after {} orders and {} images archived: a batch \
                     of one order took longer than {}, so nothing of it changed (without an \
                     index on vending_machine_sessions.order_id each order reads the whole \
                     sessions table: see `pmc vacuum --create-missing-indexes`)",
                    done.orders,
                    done.images,
                    crate::output::duration_text(opts.batch_cap())
                );
                limit = (limit / 2).max(1);
            }
            Batch::Moved { last, held } => {
                after = last;
                if held > opts.hold_target() {
                    limit = (limit / 2).max(1);
                } else if held < opts.hold_target() / 4 {
                    limit = limit.saturating_mul(2).min(opts.batch_size);
                }
                progress(&done);
            }
        }
    }
    done.seconds = budget.elapsed_seconds();
    Ok(done)
}

/// Sets statement_timeout to `left`, what is left of the batch's time (SET LOCAL: it ends with
/// the transaction); false when nothing is left.
async fn bound(tx: &mut sqlx::PgConnection, left: Duration) -> anyhow::Result<bool> {
    if left.is_zero() {
        return Ok(false);
    }
    sqlx::query(sql::CLEANUP_BATCH_TIMEOUT)
        .bind(left.as_millis().max(1).to_string())
        .execute(tx)
        .await
        .context("failed to bound the statements of an orders archive batch")?;
    Ok(true)
}

/// How an orders archive batch ended.
enum Batch {
    /// Committed; the last order id of the batch and how long it held its orders.
    Moved { last: String, held: Duration },
    /// No order is left to archive.
    Empty,
    /// A statement ran out of the batch's time and the batch rolled back: nothing changed.
    TooSlow,
}

/// One transaction: lock the next batch of archivable orders and their images, copy both,
/// check the copied counts, delete images then orders, check again, commit. Each statement
/// is bounded by what is left of `opts.batch_cap()`, so no store writer waits for the batch
/// longer than database.lock_timeout.
async fn move_batch(
    pool: &PgPool,
    opts: &Options,
    cutoff: DateTime<Utc>,
    after: &str,
    limit: u32,
    run_id: i64,
    done: &mut Done,
) -> anyhow::Result<Batch> {
    let mut tx = pool
        .begin()
        .await
        .context("failed to start an orders archive batch")?;
    let started = std::time::Instant::now();
    // A statement that ran out of time rolls the batch back (dropping tx) as TooSlow.
    macro_rules! bounded {
        ($query:expr, $what:expr) => {{
            let left = opts.batch_cap().saturating_sub(started.elapsed());
            if !bound(&mut tx, left).await? {
                return Ok(Batch::TooSlow);
            }
            match $query.await {
                Err(e) if super::sessions::cancelled(&e) => return Ok(Batch::TooSlow),
                other => other.context($what)?,
            }
        }};
    }
    let ids: Vec<String> = bounded!(
        sqlx::query_scalar(sql::ORDERS_ARCHIVE_LOCK)
            .bind(cutoff)
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(&mut *tx),
        "failed to lock finished orders"
    );
    let Some(last) = ids.last().cloned() else {
        tx.rollback()
            .await
            .context("failed to end an empty orders archive batch")?;
        return Ok(Batch::Empty);
    };
    let images: i64 = bounded!(
        sqlx::query_scalar(sql::ORDERS_ARCHIVE_LOCK_IMAGES)
            .bind(&ids)
            .fetch_one(&mut *tx),
        "failed to lock the order_images of finished orders"
    );
    let (copied_orders, copied_images): (i64, i64) = bounded!(
        sqlx::query_as(sql::ORDERS_ARCHIVE_COPY)
            .bind(&ids)
            .bind(run_id)
            .fetch_one(&mut *tx),
        "failed to copy finished orders into pmc_archive"
    );
    let orders = ids.len() as i64;
    if copied_orders != orders || copied_images != images {
        bail!(
            "copied {copied_orders} of {orders} orders and {copied_images} of {images} images \
             into pmc_archive; the batch was rolled back and nothing of it changed"
        );
    }
    let deleted_images: i64 = bounded!(
        sqlx::query_scalar(sql::ORDERS_ARCHIVE_DELETE_IMAGES)
            .bind(&ids)
            .fetch_one(&mut *tx),
        "failed to delete archived rows of order_images"
    );
    let deleted_orders: i64 = bounded!(
        sqlx::query_scalar(sql::ORDERS_ARCHIVE_DELETE_ORDERS)
            .bind(&ids)
            .fetch_one(&mut *tx),
        "failed to delete archived rows of orders"
    );
    if deleted_orders != orders || deleted_images != images {
        bail!(
            "deleted {deleted_orders} of {orders} archived orders and {deleted_images} of \
             {images} images; the batch was rolled back and nothing of it changed"
        );
    }
    tx.commit()
        .await
        .context("failed to commit an orders archive batch")?;
    done.orders += orders;
    done.images += images;
    done.batches += 1;
    Ok(Batch::Moved {
        last,
        held: started.elapsed(),
    })
}
