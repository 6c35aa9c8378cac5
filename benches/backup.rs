//! Benchmark: `pmc backup` (checksum and manifest included) against what an operator would
//! otherwise run, `pg_dump -Fc` and the store's `pg_dump > file.sql`, plus the reference pipe
//! `pg_dump -Fc -Z0 | zstd -T<cores> -3 | sha256sum` when zstd is installed, on one generated
//! store in one run: wall time, ratio to `pg_dump -Fc`, output size, and pmc's peak RSS.
//!
//! `cargo bench --bench backup [-- --scale N]` (or `PMC_BENCH_SCALE`); the default, 55, is a
//! store of about 1 GB. `--scale 5` runs in well under a minute.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use sqlx::Connection as _;

const DEFAULT_SCALE: u32 = 55;

fn scale() -> Result<u32> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = args
        .iter()
        .position(|a| a == "--scale")
        .and_then(|i| args.get(i + 1).cloned())
        .or_else(|| {
            args.iter()
                .find_map(|a| a.strip_prefix("--scale=").map(str::to_string))
        })
        .or_else(|| std::env::var("PMC_BENCH_SCALE").ok());
    match flag {
        Some(v) => v.parse().with_context(|| format!("bad scale {v:?}")),
        None => Ok(DEFAULT_SCALE),
    }
}

/// Peak resident set size (VmHWM) of a running process, in bytes.
fn peak_rss(pid: u32) -> Option<u64> {
    let status = fs_err::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Runs `command` to its end: wall time and (sampled every 5 ms) peak RSS of that process.
fn timed(mut command: Command) -> Result<(Duration, u64)> {
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("failed to start {:?}", command.get_program()))?;
    let pid = child.id();
    let mut peak = 0;
    let status = loop {
        if let Some(rss) = peak_rss(pid) {
            peak = peak.max(rss);
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = started.elapsed();
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        use std::io::Read as _;
        let _ = pipe.read_to_string(&mut stderr);
    }
    anyhow::ensure!(
        status.success(),
        "{:?} failed: {stderr}",
        command.get_program()
    );
    Ok((elapsed, peak))
}

fn size_of_tree(path: &Path) -> u64 {
    if path.is_file() {
        return fs_err::metadata(path).map(|m| m.len()).unwrap_or(0);
    }
    fs_err::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| size_of_tree(&e.path()))
                .sum()
        })
        .unwrap_or(0)
}

fn sh(script: &str, env: &[(&str, String)]) -> Command {
    let mut c = Command::new("sh");
    c.args(["-c", script]);
    for (k, v) in env {
        c.env(k, v);
    }
    c
}

#[tokio::main]
async fn main() -> Result<()> {
    let scale = scale()?;
    let binaries = pmc::pg_cluster::PgBinaries::locate()?;
    let pg_dump = binaries.tool("pg_dump");
    let cluster =
        tokio::task::spawn_blocking(move || pmc::pg_cluster::Cluster::start(&binaries)).await??;
    let url = cluster.url("postgres");
    let mut conn = sqlx::PgConnection::connect(&url).await?;
    pmc::fixtures::apply_schema(&mut conn, false).await?;
    let built = Instant::now();
    pmc::fixtures::generate(&mut conn, &pmc::fixtures::FixtureOptions::new(scale)).await?;
    let size: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
        .fetch_one(&mut conn)
        .await?;
    let _ = conn.close().await;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "store: scale {scale}, {:.1} MiB (pg_database_size), built in {:.0}s; {cores} cores; one run each, page cache warm",
        size as f64 / 1048576.0,
        built.elapsed().as_secs_f64()
    );

    let work = tempfile::tempdir()?;
    let pg_env = vec![
        ("PGHOST", cluster.host().to_string()),
        ("PGPORT", cluster.port().to_string()),
        ("PGUSER", "postgres".to_string()),
        ("PGDATABASE", "postgres".to_string()),
    ];
    let pg_dump = pg_dump.display().to_string();
    // Warm the page cache so that no contender pays for reading the data from disk first.
    timed(sh(&format!("'{pg_dump}' -Fc -Z0 > /dev/null"), &pg_env))?;

    let mut rows: Vec<(String, Duration, u64, Option<u64>)> = Vec::new();

    let repo = work.path().join("repo");
    let mut pmc_cmd = Command::new(env!("CARGO_BIN_EXE_pmc"));
    pmc_cmd
        .args(["backup", "--quiet", "--no-prune", "--repo"])
        .arg(&repo)
        .env("DATABASE_URL", &url);
    let (t, rss) = timed(pmc_cmd)?;
    rows.push((
        "pmc backup (zstd, sha256, manifest)".into(),
        t,
        size_of_tree(&repo),
        Some(rss),
    ));

    let fc = work.path().join("dump.fc");
    let (t, _) = timed(sh(
        &format!("'{pg_dump}' -Fc -f '{}'", fc.display()),
        &pg_env,
    ))?;
    rows.push(("pg_dump -Fc".into(), t, size_of_tree(&fc), None));

    let plain = work.path().join("backup.sql");
    let (t, _) = timed(sh(&format!("'{pg_dump}' > '{}'", plain.display()), &pg_env))?;
    rows.push((
        "pg_dump > file.sql (store)".into(),
        t,
        size_of_tree(&plain),
        None,
    ));

    if Command::new("zstd").arg("--version").output().is_ok() {
        let piped = work.path().join("pipe.zst");
        let (t, _) = timed(sh(
            &format!(
                "'{pg_dump}' -Fc -Z0 | zstd -q -T{cores} -3 | tee '{}' | sha256sum > /dev/null",
                piped.display()
            ),
            &pg_env,
        ))?;
        rows.push((
            format!("pg_dump -Fc -Z0 | zstd -T{cores} -3 | sha256sum"),
            t,
            size_of_tree(&piped),
            None,
        ));
    }

    let (base_time, base_size) = (rows[1].1, rows[1].2);
    println!(
        "{:<44} {:>9} {:>10} {:>11} {:>10} {:>10}",
        "command", "wall", "vs -Fc", "size", "vs -Fc", "peak RSS"
    );
    for (name, t, bytes, rss) in &rows {
        println!(
            "{:<44} {:>8.1}s {:>9.2}x {:>7.1} MiB {:>9.3}x {:>10}",
            name,
            t.as_secs_f64(),
            t.as_secs_f64() / base_time.as_secs_f64(),
            *bytes as f64 / 1048576.0,
            *bytes as f64 / base_size as f64,
            rss.map(|r| format!("{:.1} MiB", r as f64 / 1048576.0))
                .unwrap_or_else(|| "-".into()),
        );
    }
    drop(cluster);
    Ok(())
}
