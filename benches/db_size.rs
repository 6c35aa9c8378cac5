//! Benchmark: `pmc db-size` against what an operator would otherwise type, `psql -c '\dt+'`
//! (which shows sizes but no index/TOAST split and no growth), on the same generated store in
//! one run, printed side by side with the ratio.
//!
//! `cargo bench --bench db_size` (scale from PMC_BENCH_SCALE, default 10; runs from
//! PMC_BENCH_RUNS, default 20).

mod common;

use common::{env_number, time_runs};

use std::process::Command;
use std::time::Instant;

use sqlx::Connection as _;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let scale = env_number("PMC_BENCH_SCALE", 10) as u32;
    let runs = env_number("PMC_BENCH_RUNS", 20);
    let binaries = pmc::pg_cluster::PgBinaries::locate()?;
    let psql = binaries.tool("psql");
    let cluster =
        tokio::task::spawn_blocking(move || pmc::pg_cluster::Cluster::start(&binaries)).await??;
    let url = cluster.url("postgres");
    let mut conn = sqlx::PgConnection::connect(&url).await?;
    pmc::fixtures::apply_schema(&mut conn, true).await?;
    let built = Instant::now();
    pmc::fixtures::generate(&mut conn, &pmc::fixtures::FixtureOptions::new(scale)).await?;
    let size: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
        .fetch_one(&mut conn)
        .await?;
    println!(
        "store: scale {scale}, {:.1} MiB, built in {:.1}s; {runs} runs each, median wall time",
        size as f64 / 1048576.0,
        built.elapsed().as_secs_f64()
    );

    let pmc_bin = env!("CARGO_BIN_EXE_pmc");
    let pmc_time = time_runs(runs, &[], || {
        let mut c = Command::new(pmc_bin);
        c.args(["db-size", "--json"]).env("DATABASE_URL", &url);
        c
    })?;
    let psql_time = time_runs(runs, &[], || {
        let mut c = Command::new(&psql);
        c.args(["-X", "-q", "-d", &url, "-c", "\\dt+"]);
        c
    })?;
    println!("{:<34} {:>10}", "command", "median");
    println!(
        "{:<34} {:>8.1}ms",
        "pmc db-size --json",
        pmc_time.as_secs_f64() * 1e3
    );
    println!(
        "{:<34} {:>8.1}ms",
        "psql -c '\\dt+'",
        psql_time.as_secs_f64() * 1e3
    );
    println!(
        "ratio pmc/psql: {:.2}x",
        pmc_time.as_secs_f64() / psql_time.as_secs_f64()
    );
    conn.close().await?;
    cluster.stop()
}
