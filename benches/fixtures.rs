//! Benchmark: builds a fixture store into a throwaway cluster and reports its size, build
//! time and build rate, to check that a store of about 1 GB builds well within 5 minutes.
//!
//! `cargo bench --bench fixtures [-- SCALE]`; the scale can also come from `PMC_BENCH_SCALE`.
//! The default, 55, gives about 1 GB (`pg_database_size`) of store data.

use std::time::Instant;

use anyhow::{Context as _, Result};
use sqlx::Connection as _;

/// The scale whose store is about 1 GB.
const DEFAULT_SCALE: u32 = 55;

fn scale() -> Result<u32> {
    // `cargo bench` passes `--bench` to harness-less benches; skip flags.
    let arg = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    match arg.or_else(|| std::env::var("PMC_BENCH_SCALE").ok()) {
        Some(value) => value
            .parse()
            .with_context(|| format!("bad scale {value:?}")),
        None => Ok(DEFAULT_SCALE),
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    let scale = scale()?;
    let binaries = pmc::pg_cluster::PgBinaries::locate()?;
    // Starting the cluster blocks (initdb, pg_ctl), so keep it off the async workers.
    let cluster = tokio::task::spawn_blocking(move || pmc::pg_cluster::Cluster::start(&binaries))
        .await
        .context("cluster start task failed")??;
    let mut conn = sqlx::PgConnection::connect(&cluster.url("postgres"))
        .await
        .context("failed to connect to the throwaway cluster")?;
    let (_, empty_bytes): (String, i64) = sqlx::query_as(pmc::sql::DB_SIZE_DATABASE)
        .fetch_one(&mut conn)
        .await
        .context("failed to read the empty database size")?;

    let started = Instant::now();
    pmc::fixtures::apply_schema(&mut conn, false).await?;
    let summary =
        pmc::fixtures::generate(&mut conn, &pmc::fixtures::FixtureOptions::new(scale)).await?;
    let seconds = started.elapsed().as_secs_f64();
    let (_, size_bytes): (String, i64) = sqlx::query_as(pmc::sql::DB_SIZE_DATABASE)
        .fetch_one(&mut conn)
        .await
        .context("failed to read the database size")?;
    let _ = conn.close().await;

    let mib = |bytes: i64| bytes as f64 / (1024.0 * 1024.0);
    let rows: i64 = summary.tables.iter().map(|(_, n)| n).sum();
    println!("fixtures: scale {scale}");
    for (table, n) in &summary.tables {
        println!("  {table:<26} {n:>10} rows");
    }
    println!("  {:<26} {rows:>10} rows", "total");
    println!(
        "pg_database_size: {:.1} MiB ({size_bytes} bytes)",
        mib(size_bytes)
    );
    println!("wall time: {seconds:.1} s");
    println!(
        "build rate: {:.1} MB/s, {:.0} rows/s",
        (size_bytes - empty_bytes) as f64 / 1e6 / seconds,
        rows as f64 / seconds
    );
    drop(cluster);
    Ok(())
}
