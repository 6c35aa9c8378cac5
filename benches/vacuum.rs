//! Benchmark: `pmc vacuum` (picks the tables that need it) against what an operator would
//! otherwise type, `psql -c 'VACUUM ANALYZE'` (every table of the database), on the same
//! generated store where one big table has just had every row updated. Printed side by side
//! with the ratio.
//!
//! `cargo bench --bench vacuum` (scale from PMC_BENCH_SCALE, default 10; rounds from
//! PMC_BENCH_RUNS, default 3).

mod common;

use common::env_number;

use std::process::Command;
use std::time::{Duration, Instant};

use sqlx::{Connection as _, PgConnection};

/// Every session row updated once: as many dead tuples as live ones, in the table cleanup and
/// the vending machines write most. Autovacuum is off for it so only the command under test
/// cleans up.
async fn make_dead_tuples(conn: &mut PgConnection) -> anyhow::Result<()> {
    for statement in [
        "ALTER TABLE vending_machine_sessions SET (autovacuum_enabled = false)",
        "UPDATE vending_machine_sessions SET status = status",
        "SELECT pg_stat_force_next_flush()",
    ] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

fn timed(mut command: Command) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let out = command.output()?;
    anyhow::ensure!(
        out.status.success(),
        "{:?}: {}",
        command,
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(started.elapsed())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let scale = env_number("PMC_BENCH_SCALE", 10) as u32;
    let rounds = env_number("PMC_BENCH_RUNS", 3);
    let binaries = pmc::pg_cluster::PgBinaries::locate()?;
    let psql = binaries.tool("psql");
    let cluster =
        tokio::task::spawn_blocking(move || pmc::pg_cluster::Cluster::start(&binaries)).await??;
    let url = cluster.url("postgres");
    let mut conn = PgConnection::connect(&url).await?;
    pmc::fixtures::apply_schema(&mut conn, false).await?;
    pmc::fixtures::generate(&mut conn, &pmc::fixtures::FixtureOptions::new(scale)).await?;
    sqlx::raw_sql("VACUUM ANALYZE").execute(&mut conn).await?;
    let size: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
        .fetch_one(&mut conn)
        .await?;
    println!(
        "store: scale {scale}, {:.1} MiB; {rounds} rounds, each after updating every session row",
        size as f64 / 1048576.0
    );

    let pmc_bin = env!("CARGO_BIN_EXE_pmc");
    let (mut pmc_total, mut psql_total) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..rounds {
        make_dead_tuples(&mut conn).await?;
        let mut c = Command::new(pmc_bin);
        c.args(["vacuum", "--json"]).env("DATABASE_URL", &url);
        pmc_total += timed(c)?;

        make_dead_tuples(&mut conn).await?;
        let mut c = Command::new(&psql);
        c.args(["-X", "-q", "-d", &url, "-c", "VACUUM ANALYZE"]);
        psql_total += timed(c)?;
    }
    let per = |d: Duration| d.as_secs_f64() * 1e3 / rounds as f64;
    println!("{:<34} {:>10}", "command", "mean");
    println!("{:<34} {:>8.1}ms", "pmc vacuum --json", per(pmc_total));
    println!(
        "{:<34} {:>8.1}ms",
        "psql -c 'VACUUM ANALYZE'",
        per(psql_total)
    );
    println!(
        "ratio pmc/psql: {:.2}x",
        pmc_total.as_secs_f64() / psql_total.as_secs_f64()
    );
    conn.close().await?;
    cluster.stop()
}
