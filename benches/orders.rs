//! Benchmark: `pmc orders stats --json` and `pmc orders list` against the hand-written psql
//! queries an operator would otherwise type for the same numbers (orders plus the vending
//! sessions that hold a sale), on the same generated store in one run, printed side by side
//! with the ratio.
//!
//! `cargo bench --bench orders` (scale from PMC_BENCH_SCALE, default 10; runs from
//! PMC_BENCH_RUNS, default 10).

mod common;

use common::{env_number, time_runs};

use std::process::Command;
use std::time::Instant;

use sqlx::Connection as _;

/// The fixtures' "now": ages and periods are measured from it.
const NOW: &str = "2026-11-01T12:00:00Z";

/// What an operator would write by hand: orders, and the vending sessions holding a sale that
/// no order stands for (written with care: each session_data parsed once, hashed anti-joins;
/// a first draft with `NOT EXISTS (… OR …)` took 30-50 s here at scale 10).
const SALES: &str = "
    SELECT CASE WHEN o.session_id IS NULL THEN 'stripe' ELSE 'vending' END AS kind, o.id::text,
           o.status, o.payment_status = 'paid' AS paid, o.total_amount AS amount,
           o.template_id AS template, o.created_at
    FROM orders AS o
    UNION ALL
    SELECT 'vending', s.session_id, s.status,
           s.payment_confirmed_at IS NOT NULL OR s.status = 'payment_completed'
               OR s.d ? 'chinese_order_response',
           coalesce(s.payment_amount, (s.d ->> 'payment_amount')::numeric),
           s.d -> 'order_summary' ->> 'template', s.created_at
    FROM (SELECT v.*, v.session_data::jsonb AS d FROM vending_machine_sessions AS v OFFSET 0) AS s
    WHERE (s.status IN ('payment_completed', 'payment_pending')
           OR s.payment_confirmed_at IS NOT NULL OR s.payment_method IS NOT NULL
           OR s.d ?| ARRAY['payment_data', 'chinese_payment_id', 'chinese_order_response',
                           'order_third_id'])
      AND s.session_id NOT IN (SELECT session_id FROM orders WHERE session_id IS NOT NULL)
      AND (s.order_id IS NULL OR s.order_id NOT IN (SELECT id FROM orders))";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let scale = env_number("PMC_BENCH_SCALE", 10) as u32;
    let runs = env_number("PMC_BENCH_RUNS", 10);
    let binaries = pmc::pg_cluster::PgBinaries::locate()?;
    let psql = binaries.tool("psql");
    let cluster =
        tokio::task::spawn_blocking(move || pmc::pg_cluster::Cluster::start(&binaries)).await??;
    let url = cluster.url("postgres");
    let mut conn = sqlx::PgConnection::connect(&url).await?;
    pmc::fixtures::apply_schema(&mut conn, false).await?;
    let built = Instant::now();
    pmc::fixtures::generate(&mut conn, &pmc::fixtures::FixtureOptions::new(scale)).await?;
    let (orders, sessions): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM vending_machine_sessions)",
    )
    .fetch_one(&mut conn)
    .await?;
    println!(
        "store: scale {scale}, {orders} orders, {sessions} vending sessions, built in {:.1}s; \
         {runs} runs each, median wall time",
        built.elapsed().as_secs_f64()
    );

    let stats_sql = format!(
        "WITH sales AS ({SALES})
         SELECT (created_at AT TIME ZONE 'UTC')::date AS day, kind, count(*),
                count(*) FILTER (WHERE paid), sum(amount) FILTER (WHERE paid)
         FROM sales
         WHERE created_at >= '2026-10-03T00:00:00Z' AND created_at < '{NOW}'
         GROUP BY 1, 2 ORDER BY 1, 2;
         WITH sales AS ({SALES})
         SELECT template, count(*) FROM sales
         WHERE created_at >= '2026-10-03T00:00:00Z' AND created_at < '{NOW}'
         GROUP BY 1 ORDER BY 2 DESC LIMIT 5;
         WITH sales AS ({SALES})
         SELECT kind, status, count(*) FROM sales
         WHERE created_at >= '2026-10-03T00:00:00Z' AND created_at < '{NOW}'
         GROUP BY 1, 2 ORDER BY 3 DESC;"
    );
    let list_sql =
        format!("WITH sales AS ({SALES}) SELECT * FROM sales ORDER BY created_at DESC LIMIT 50;");

    let pmc_bin = env!("CARGO_BIN_EXE_pmc");
    let pmc_cmd = |args: &'static [&'static str]| {
        let url = url.clone();
        move || {
            let mut c = Command::new(pmc_bin);
            c.args(["orders"])
                .args(args)
                .args(["--now", NOW])
                .env("DATABASE_URL", &url);
            c
        }
    };
    let psql_cmd = |sql: String| {
        let url = url.clone();
        let psql = psql.clone();
        move || {
            let mut c = Command::new(&psql);
            c.args(["-X", "-q", "-d", &url, "-c", &sql]);
            c
        }
    };
    let rows = [
        (
            "pmc orders stats --json",
            time_runs(runs, &[2], pmc_cmd(&["stats", "--json"]))?,
            "psql: 3 GROUP BY queries",
            time_runs(runs, &[2], psql_cmd(stats_sql))?,
        ),
        (
            "pmc orders list",
            time_runs(runs, &[2], pmc_cmd(&["list"]))?,
            "psql: UNION ... LIMIT 50",
            time_runs(runs, &[2], psql_cmd(list_sql))?,
        ),
    ];
    println!(
        "{:<26} {:>10}   {:<26} {:>10}   ratio",
        "pmc", "median", "psql", "median"
    );
    for (pmc_name, pmc_time, psql_name, psql_time) in rows {
        println!(
            "{pmc_name:<26} {:>8.1}ms   {psql_name:<26} {:>8.1}ms   {:.2}x",
            pmc_time.as_secs_f64() * 1e3,
            psql_time.as_secs_f64() * 1e3,
            pmc_time.as_secs_f64() / psql_time.as_secs_f64()
        );
    }
    conn.close().await?;
    cluster.stop()
}
