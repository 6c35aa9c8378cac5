//! Benchmark: `pmc cleanup --yes` against the store guide's single
//! `DELETE FROM vending_machine_sessions WHERE expires_at < NOW() - INTERVAL '7 days'`, each on
//! its own copy of the same store of about 1.2M sessions (1M of them expired), each with a
//! concurrent writer that inserts new sessions and updates existing expired ones, as the
//! store does. Prints both wall times, their ratio, and each writer's worst statement wait.
//! More contenders split pmc's cost into its parts: the same DELETE cut into block-range
//! transactions (the batching alone); the lossless way by hand (copy the expired sales into a
//! table, then the DELETE, in one transaction); and the DELETE and pmc once more on a copy of
//! the store whose expired sessions hold no sale (the same job for both, no archive copy).
//!
//! The single DELETE also deletes every expired sale (paid sessions can be `expired`): the
//! comparison is of time only; pmc archives those sales instead.
//!
//! `cargo bench --bench cleanup` (fixture scale from PMC_BENCH_SCALE, default 12: 120,000
//! sessions, copied ten times; PMC_BENCH_RUNS runs of each contender, default 3, the median
//! wall time and the worst writer wait of all runs printed).

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use sqlx::{AssertSqlSafe, Connection as _, PgConnection};

mod common;

const SINGLE_DELETE: &str =
    "DELETE FROM vending_machine_sessions WHERE expires_at < NOW() - INTERVAL '7 days'";

/// The lossless version of the guide's DELETE an operator could write by hand: copy the
/// expired sales (the fixtures' sale markers) into a table first, in the same transaction.
const COPY_THEN_DELETE: [&str; 2] = [
    "CREATE TABLE kept_sales AS SELECT * FROM vending_machine_sessions \
     WHERE expires_at < NOW() - INTERVAL '7 days' \
       AND (status IN ('payment_completed', 'payment_pending') \
            OR payment_confirmed_at IS NOT NULL OR payment_method IS NOT NULL \
            OR strpos(session_data::text, 'payment_data') > 0 \
            OR strpos(session_data::text, 'chinese_payment_id') > 0 \
            OR strpos(session_data::text, 'chinese_order_response') > 0 \
            OR strpos(session_data::text, 'order_third_id') > 0)",
    SINGLE_DELETE,
];

/// The guide's DELETE cut into transactions of this many blocks by ctid range, as the issue
/// measured it (0.74x the single DELETE there): the batching alone, without pmc's sale rules,
/// row locks and archive copy, so the bench shows what each part costs.
const RANGE_BLOCKS: i64 = 1000;

async fn delete_in_block_ranges(url: &str) -> anyhow::Result<u64> {
    let mut conn = PgConnection::connect(url).await?;
    let blocks: i64 = sqlx::query_scalar(
        "SELECT pg_relation_size('vending_machine_sessions') / current_setting('block_size')::bigint",
    )
    .fetch_one(&mut conn)
    .await?;
    let cutoff: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT now() - interval '7 days'")
            .fetch_one(&mut conn)
            .await?;
    let mut deleted = 0;
    for start in (0..blocks).step_by(RANGE_BLOCKS as usize) {
        deleted += sqlx::query(
            "DELETE FROM vending_machine_sessions \
             WHERE ctid >= $1::text::tid AND ctid < $2::text::tid AND expires_at < $3",
        )
        .bind(format!("({start},0)"))
        .bind(format!("({},0)", start + RANGE_BLOCKS))
        .bind(cutoff)
        .execute(&mut conn)
        .await?
        .rows_affected();
    }
    Ok(deleted)
}

/// What the writer saw while a contender ran.
struct Writer {
    statements: u64,
    worst: Duration,
}

/// Inserts a new session and updates an expired one, in turn, every 10 ms (at most 200
/// statements a second, more than the store's busiest hour; an unpaced writer on a 2-core
/// machine would mostly measure CPU contention) until `stop`; times each statement. No
/// lock_timeout: the store's own sessions have none, so a wait shows in full.
async fn write_until(
    url: String,
    targets: Vec<String>,
    tag: &'static str,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<Writer> {
    let mut conn = PgConnection::connect(&url).await?;
    let mut worst = Duration::ZERO;
    let mut n = 0u64;
    while !stop.load(Ordering::SeqCst) {
        let started = Instant::now();
        sqlx::query(
            "INSERT INTO vending_machine_sessions (id, session_id, machine_id, status, \
             user_progress, expires_at) \
             VALUES ($1, $1, 'VM001', 'active', 'started', now() + interval '30 minutes')",
        )
        .bind(format!("bench-{tag}-{n}"))
        .execute(&mut conn)
        .await?;
        worst = worst.max(started.elapsed());
        let started = Instant::now();
        sqlx::query(
            "UPDATE vending_machine_sessions SET last_activity = now(), updated_at = now() \
             WHERE id = $1",
        )
        .bind(&targets[n as usize % targets.len()])
        .execute(&mut conn)
        .await?;
        worst = worst.max(started.elapsed());
        n += 1;
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    Ok(Writer {
        statements: n * 2,
        worst,
    })
}

/// The guide's DELETE.
async fn single_delete(url: String) -> anyhow::Result<()> {
    let mut conn = PgConnection::connect(&url).await?;
    let done = sqlx::query(SINGLE_DELETE).execute(&mut conn).await?;
    println!(
        "single DELETE: {} rows deleted (any sales among them included)",
        done.rows_affected()
    );
    Ok(())
}

/// `pmc cleanup --yes --jobs JOBS`.
async fn pmc_cleanup(url: String, jobs: &str) -> anyhow::Result<()> {
    let out = tokio::process::Command::from({
        let mut c = Command::new(env!("CARGO_BIN_EXE_pmc"));
        c.args(["--json", "cleanup", "--yes", "--jobs", jobs])
            .env("DATABASE_URL", &url)
            .env_remove("PMC_DATABASE_URL");
        c
    })
    .output()
    .await?;
    anyhow::ensure!(
        out.status.success(),
        "pmc cleanup failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    let done = &report["done"];
    println!(
        "pmc cleanup --jobs {jobs}: {} deleted, {} archived, {} batches, {} left for the next run",
        done["deleted"], done["archived"], done["batches"], done["remaining"]
    );
    Ok(())
}

/// Takes the sale markers out of the expired sessions of the store `conn` is connected to (the
/// columns and session_data keys of the sale rules), and compacts the table: the same sessions
/// and expiries, none of the expired ones holding a sale.
const STRIP_SALES: [&str; 3] = [
    "UPDATE vending_machine_sessions \
     SET status = CASE WHEN status IN ('payment_completed', 'payment_pending') \
                       THEN 'expired' ELSE status END, \
         payment_confirmed_at = NULL, payment_method = NULL, order_id = NULL, \
         session_data = (session_data::jsonb - 'payment_data' - 'chinese_payment_id' \
                         - 'chinese_order_response' - 'order_third_id' - 'chinese_third_id' \
                         - 'chinese_response')::json \
     WHERE expires_at < now() - interval '7 days'",
    "VACUUM FULL vending_machine_sessions",
    "ANALYZE vending_machine_sessions",
];

async fn execute(conn: &mut PgConnection, sql: String) -> anyhow::Result<()> {
    sqlx::query(AssertSqlSafe(sql)).execute(conn).await?;
    Ok(())
}

/// The cluster the contenders run on, and what they gave, row by row.
struct Bench<'a> {
    admin: PgConnection,
    cluster: &'a pmc::pg_cluster::Cluster,
    runs: usize,
    /// Contender, median wall time, what the writer saw.
    rows: Vec<(&'static str, Duration, Writer)>,
}

impl Bench<'_> {
    /// Runs `contender` `runs` times, each on a fresh copy of `template` with the writer going
    /// (the copy is dropped after); records and returns the median wall time, with the
    /// writer's worst wait over all runs and its statements per run.
    async fn measure<F, Fut>(
        &mut self,
        template: &str,
        name: &'static str,
        label: &'static str,
        contender: F,
    ) -> anyhow::Result<Duration>
    where
        F: Fn(String) -> Fut,
        Fut: std::future::Future<Output = anyhow::Result<()>>,
    {
        let (admin, cluster, runs) = (&mut self.admin, self.cluster, self.runs);
        let mut times = Vec::with_capacity(runs);
        let mut seen = Writer {
            statements: 0,
            worst: Duration::ZERO,
        };
        for run in 0..runs {
            let database = format!("{name}_{run}");
            execute(
                admin,
                format!("CREATE DATABASE {database} TEMPLATE {template}"),
            )
            .await?;
            let url = cluster.url(&database);
            let mut conn = PgConnection::connect(&url).await?;
            let targets: Vec<String> = sqlx::query_scalar(
                "SELECT id FROM vending_machine_sessions \
             WHERE expires_at < now() - interval '7 days' ORDER BY md5(id) LIMIT 20000",
            )
            .fetch_all(&mut conn)
            .await?;
            // Warm the cache the same way for every contender.
            sqlx::query("SELECT count(*) FROM vending_machine_sessions")
                .execute(&mut conn)
                .await?;
            conn.close().await?;
            let stop = Arc::new(AtomicBool::new(false));
            let writer = tokio::spawn(write_until(url.clone(), targets, name, stop.clone()));
            // Let the writer get going first.
            tokio::time::sleep(Duration::from_millis(200)).await;
            let started = Instant::now();
            contender(url).await?;
            times.push(started.elapsed());
            stop.store(true, Ordering::SeqCst);
            let writer = writer.await??;
            seen.worst = seen.worst.max(writer.worst);
            seen.statements += writer.statements;
            // Each copy is as big as the store: keep one at a time.
            execute(admin, format!("DROP DATABASE {database} WITH (FORCE)")).await?;
        }
        seen.statements /= runs.max(1) as u64;
        let median = common::median(times);
        self.rows.push((label, median, seen));
        Ok(median)
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let scale = common::env_number("PMC_BENCH_SCALE", 12) as u32;
    let runs = common::env_number("PMC_BENCH_RUNS", 3).max(1);
    let binaries = pmc::pg_cluster::PgBinaries::locate()?;
    let cluster =
        tokio::task::spawn_blocking(move || pmc::pg_cluster::Cluster::start(&binaries)).await??;
    let mut admin = PgConnection::connect(&cluster.url("postgres")).await?;
    execute(&mut admin, "CREATE DATABASE bench_store".into()).await?;

    let built = Instant::now();
    let mut conn = PgConnection::connect(&cluster.url("bench_store")).await?;
    pmc::fixtures::apply_schema(&mut conn, false).await?;
    pmc::fixtures::generate(&mut conn, &pmc::fixtures::FixtureOptions::new(scale)).await?;
    // Nine more copies of every session under new ids; in two of them five in six sessions
    // are live, so about 1M of the 1.2M are expired (the fixtures' own "now" is in the past).
    sqlx::query(
        "INSERT INTO vending_machine_sessions \
         SELECT md5(s.id || ':' || k), s.session_id || '_' || k, s.machine_id, s.status, \
                s.user_progress, s.qr_data, s.user_agent, s.ip_address, s.order_id, \
                s.payment_method, s.payment_amount, s.payment_confirmed_at, \
                CASE WHEN k <= 2 AND abs(hashtext(s.id)) % 6 < 5 \
                     THEN now() + interval '30 minutes' ELSE s.expires_at END, \
                s.last_activity, s.created_at, s.updated_at, s.session_data, s.error_log \
         FROM vending_machine_sessions AS s, generate_series(1, 9) AS k",
    )
    .execute(&mut conn)
    .await?;
    sqlx::query("VACUUM ANALYZE vending_machine_sessions")
        .execute(&mut conn)
        .await?;
    let (total, expired, size): (i64, i64, i64) = sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE expires_at < now() - interval '7 days'), \
                pg_total_relation_size('vending_machine_sessions') \
         FROM vending_machine_sessions",
    )
    .fetch_one(&mut conn)
    .await?;
    conn.close().await?;
    println!(
        "store: {total} sessions, {expired} expired more than 7 days ago, table {:.0} MiB, built in {:.0}s",
        size as f64 / 1048576.0,
        built.elapsed().as_secs_f64()
    );

    let mut bench = Bench {
        admin,
        cluster: &cluster,
        runs,
        rows: Vec::new(),
    };
    let delete_time = bench
        .measure(
            "bench_store",
            "bench_delete",
            "single DELETE (the guide; loses the sales)",
            single_delete,
        )
        .await?;
    let ranges_time = bench
        .measure(
            "bench_store",
            "bench_ranges",
            "DELETE in 1000-block ranges (loses the sales)",
            |url| async move {
                let deleted = delete_in_block_ranges(&url).await?;
                println!(
                    "DELETE in {RANGE_BLOCKS}-block ranges: {deleted} rows deleted (sales included)"
                );
                Ok(())
            },
        )
        .await?;
    let copy_time = bench
        .measure(
            "bench_store",
            "bench_copy",
            "copy sales, then DELETE, one transaction",
            |url| async move {
                let mut conn = PgConnection::connect(&url).await?;
                let mut tx = conn.begin().await?;
                let copied = sqlx::query(COPY_THEN_DELETE[0])
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                let deleted = sqlx::query(COPY_THEN_DELETE[1])
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                tx.commit().await?;
                println!("copy-then-DELETE: {copied} sales copied, {deleted} rows deleted");
                Ok(())
            },
        )
        .await?;
    let mut pmc_times = Vec::new();
    for (name, label, jobs) in [
        ("bench_pmc1", "pmc cleanup --yes --jobs 1 (batch 5000)", "1"),
        ("bench_pmc2", "pmc cleanup --yes --jobs 2 (batch 5000)", "2"),
    ] {
        let time = bench
            .measure("bench_store", name, label, |url| pmc_cleanup(url, jobs))
            .await?;
        pmc_times.push((jobs, time));
    }

    // The same store with no expired sale: pmc and the DELETE then do the same job, and the
    // difference is pmc's batching, sale rules and row locks, without the archive copy.
    execute(
        &mut bench.admin,
        "CREATE DATABASE bench_store_no_sales TEMPLATE bench_store".into(),
    )
    .await?;
    let mut conn = PgConnection::connect(&cluster.url("bench_store_no_sales")).await?;
    for statement in STRIP_SALES {
        sqlx::query(statement).execute(&mut conn).await?;
    }
    conn.close().await?;
    let bare_delete_time = bench
        .measure(
            "bench_store_no_sales",
            "bench_bare_delete",
            "no expired sales: single DELETE",
            single_delete,
        )
        .await?;
    let bare_pmc_time = bench
        .measure(
            "bench_store_no_sales",
            "bench_bare_pmc2",
            "no expired sales: pmc cleanup --jobs 2",
            |url| pmc_cleanup(url, "2"),
        )
        .await?;

    println!();
    println!("{runs} runs of each contender: median wall time, writer's worst wait of all runs");
    println!(
        "{:<44} {:>9} {:>20} {:>12}",
        "contender", "wall", "writer worst wait", "statements"
    );
    for (label, time, writer) in &bench.rows {
        println!(
            "{label:<44} {:>8.2}s {:>18.0}ms {:>12}",
            time.as_secs_f64(),
            writer.worst.as_secs_f64() * 1e3,
            writer.statements
        );
    }
    println!(
        "ratio DELETE in block ranges / single DELETE: {:.2}x (the batching alone; the issue measured 0.74x)",
        ranges_time.as_secs_f64() / delete_time.as_secs_f64()
    );
    for (jobs, time) in &pmc_times {
        println!(
            "ratio pmc --jobs {jobs} / single DELETE: {:.2}x (target: at most 1.5x; writer waits below lock_timeout 5s); / copy-then-DELETE: {:.2}x",
            time.as_secs_f64() / delete_time.as_secs_f64(),
            time.as_secs_f64() / copy_time.as_secs_f64()
        );
    }
    println!(
        "ratio with no expired sales, pmc --jobs 2 / single DELETE: {:.2}x (the same job: pmc's batching, sale rules and row locks without the archive copy)",
        bare_pmc_time.as_secs_f64() / bare_delete_time.as_secs_f64()
    );
    drop(bench);
    tokio::task::spawn_blocking(move || cluster.stop()).await??;
    Ok(())
}
