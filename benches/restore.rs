//! Benchmark: `pmc restore` (checksum, unpacking, pg_restore -j and validation included)
//! against what an operator would otherwise run: `psql -f file.sql` on the store's plain dump,
//! and `pg_restore -j2` on a `pg_dump -Fc` file. One generated store, one run of each, printed
//! side by side with the ratios and pmc's peak memory.
//!
//! `cargo bench --bench restore [-- SCALE]`; the scale can also come from `PMC_BENCH_SCALE`.
//! The default, 55, gives a store of about 1 GB (see benches/fixtures.rs).

use std::io::{self, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, ensure};
use pmc::backup::manifest::{DumpFormat, MANIFEST_VERSION, Manifest, StoredFile};
use pmc::backup::repo::{DirStorage, Storage as _, write_manifest};
use sha2::Digest as _;
use sqlx::Connection as _;

const DEFAULT_SCALE: u32 = 55;

fn scale() -> Result<u32> {
    let arg = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    match arg.or_else(|| std::env::var("PMC_BENCH_SCALE").ok()) {
        Some(value) => value
            .parse()
            .with_context(|| format!("bad scale {value:?}")),
        None => Ok(DEFAULT_SCALE),
    }
}

fn run(command: &mut Command) -> Result<Duration> {
    let started = Instant::now();
    let out = command.stdout(Stdio::null()).output()?;
    ensure!(
        out.status.success(),
        "{:?} failed: {}",
        command.get_program(),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(started.elapsed())
}

/// A writer that hashes and counts what goes through it.
struct Hashing<W> {
    inner: W,
    hasher: sha2::Sha256,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A backup in pmc's repository format: `pg_dump -Fc -Z0` through zstd (2 threads, level 3)
/// and SHA-256, with a manifest of exact row counts.
async fn make_backup(pg_dump: &Path, url: &str, repo: &Path) -> Result<(Manifest, Duration)> {
    let started_at = chrono::Utc::now();
    let started = Instant::now();
    let id = started_at.format("%Y%m%dT%H%M%SZ").to_string();
    let storage = DirStorage::new(repo.to_path_buf());
    let blob = storage.create(&id, "dump.zst")?;
    let mut child = Command::new(pg_dump)
        .args(["-Fc", "-Z0", "-d", url])
        .stdout(Stdio::piped())
        .spawn()?;
    let mut stdout = child.stdout.take().expect("piped");
    let (raw_bytes, stored) = tokio::task::spawn_blocking(move || -> Result<_> {
        let mut encoder = zstd::stream::write::Encoder::new(
            Hashing {
                inner: blob,
                hasher: sha2::Sha256::new(),
                bytes: 0,
            },
            3,
        )?;
        encoder.multithread(2)?;
        let raw = io::copy(&mut stdout, &mut encoder)?;
        let hashing = encoder.finish()?;
        let sha: String = hashing
            .hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let bytes = hashing.bytes;
        hashing.inner.commit()?;
        Ok((raw, (sha, bytes)))
    })
    .await??;
    ensure!(child.wait()?.success(), "pg_dump failed");
    let pool = sqlx::PgPool::connect(url).await?;
    let row_counts = pmc::restore::checks::row_counts(&pool).await?;
    let recovery_point = pmc::restore::checks::recovery_point(&pool).await?;
    pool.close().await;
    let manifest = Manifest {
        manifest_version: MANIFEST_VERSION,
        id,
        started_at,
        finished_at: chrono::Utc::now(),
        duration_seconds: started.elapsed().as_secs_f64(),
        database: "pimpmycase".into(),
        server_version: None,
        pg_dump_version: None,
        format: DumpFormat::Custom,
        dump: StoredFile {
            name: "dump.zst".into(),
            raw_bytes,
            stored_bytes: stored.1,
            sha256: stored.0,
        },
        globals: None,
        encrypted_to: Vec::new(),
        row_counts,
        recovery_point,
        labels: Default::default(),
        pmc_version: env!("CARGO_PKG_VERSION").into(),
        imported_from: None,
    };
    write_manifest(&storage, &manifest)?;
    Ok((manifest, started.elapsed()))
}

/// Runs pmc, sampling its peak resident memory (VmHWM) until it exits.
fn run_pmc(command: &mut Command) -> Result<(Duration, u64, serde_json::Value)> {
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let status = loop {
        if let Ok(text) = fs_err::read_to_string(&status_path)
            && let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    let out = child.wait_with_output()?;
    ensure!(
        status.success(),
        "pmc restore failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok((elapsed, peak_kib, serde_json::from_slice(&out.stdout)?))
}

#[tokio::main]
async fn main() -> Result<()> {
    let scale = scale()?;
    let binaries = pmc::pg_cluster::PgBinaries::locate()?;
    let (psql, pg_dump, pg_restore) = (
        binaries.tool("psql"),
        binaries.tool("pg_dump"),
        binaries.tool("pg_restore"),
    );
    let cluster =
        tokio::task::spawn_blocking(move || pmc::pg_cluster::Cluster::start(&binaries)).await??;
    let admin_url = cluster.url("postgres");
    let mut admin = sqlx::PgConnection::connect(&admin_url).await?;
    sqlx::query("CREATE DATABASE pimpmycase")
        .execute(&mut admin)
        .await?;
    let url = cluster.url("pimpmycase");
    let mut conn = sqlx::PgConnection::connect(&url).await?;
    let built = Instant::now();
    pmc::fixtures::apply_schema(&mut conn, false).await?;
    pmc::fixtures::generate(&mut conn, &pmc::fixtures::FixtureOptions::new(scale)).await?;
    let size: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
        .fetch_one(&mut conn)
        .await?;
    conn.close().await?;
    println!(
        "store: scale {scale}, {:.1} MiB (pg_database_size), built in {:.0} s",
        size as f64 / 1048576.0,
        built.elapsed().as_secs_f64()
    );

    let work = tempfile::tempdir()?;
    let repo = work.path().join("repo");
    let plain = work.path().join("store.sql");
    let custom = work.path().join("store.dump");
    let (manifest, backup_time) = make_backup(&pg_dump, &url, &repo).await?;
    let plain_time = run(Command::new(&pg_dump).args(["-d", &url, "-f"]).arg(&plain))?;
    let custom_time = run(Command::new(&pg_dump)
        .args(["-Fc", "-d", &url, "-f"])
        .arg(&custom))?;
    let mib = |b: u64| b as f64 / 1048576.0;
    println!(
        "inputs: pmc backup {:.1} MiB stored ({:.1} MiB raw, {:.0} s); plain dump {:.1} MiB ({:.0} s); \
         pg_dump -Fc {:.1} MiB ({:.0} s)",
        mib(manifest.dump.stored_bytes),
        mib(manifest.dump.raw_bytes),
        backup_time.as_secs_f64(),
        mib(fs_err::metadata(&plain)?.len()),
        plain_time.as_secs_f64(),
        mib(fs_err::metadata(&custom)?.len()),
        custom_time.as_secs_f64()
    );

    let create = |name: &str| {
        let mut c = Command::new(&psql);
        c.args(["-X", "-q", "-d", &admin_url, "-c"])
            .arg(format!("CREATE DATABASE {name} TEMPLATE template0"));
        c
    };
    let drop_db = |name: &str| {
        let mut c = Command::new(&psql);
        c.args(["-X", "-q", "-d", &admin_url, "-c"])
            .arg(format!("DROP DATABASE {name}"));
        c
    };
    // Each contender restores into a fresh database, which is dropped afterwards; the
    // CREATE DATABASE is timed for the other two as pmc's time includes its own.
    let started = Instant::now();
    run(&mut create("via_psql"))?;
    run(Command::new(&psql)
        .args([
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            &cluster.url("via_psql"),
            "-f",
        ])
        .arg(&plain))?;
    let psql_time = started.elapsed();
    run(&mut drop_db("via_psql"))?;

    let started = Instant::now();
    run(&mut create("via_pg_restore"))?;
    run(Command::new(&pg_restore)
        .args([
            "-j2",
            "--exit-on-error",
            "-d",
            &cluster.url("via_pg_restore"),
        ])
        .arg(&custom))?;
    let pg_restore_time = started.elapsed();
    run(&mut drop_db("via_pg_restore"))?;

    let (pmc_time, peak_kib, report) = run_pmc(
        Command::new(env!("CARGO_BIN_EXE_pmc"))
            .args([
                "--json",
                "restore",
                "latest",
                "--target-db",
                "via_pmc",
                "-j",
                "2",
            ])
            .env("DATABASE_URL", &url)
            .env("PMC_BACKUP_REPO", &repo),
    )?;
    ensure!(report["ok"] == true, "validation failed: {report:#}");
    run(&mut drop_db("via_pmc"))?;
    // The same with the server's own TOAST compression (pglz), as the other two load it.
    let (pmc_pglz_time, _, _) = run_pmc(
        Command::new(env!("CARGO_BIN_EXE_pmc"))
            .args([
                "--json",
                "restore",
                "latest",
                "--target-db",
                "via_pmc_pglz",
                "-j",
                "2",
            ])
            .args(["--toast-compression", "server"])
            .env("DATABASE_URL", &url)
            .env("PMC_BACKUP_REPO", &repo),
    )?;
    run(&mut drop_db("via_pmc_pglz"))?;

    println!();
    println!(
        "{:<52} {:>9} {:>11}",
        "restore of the same store", "wall", "vs psql -f"
    );
    let row = |name: &str, t: Duration| {
        println!(
            "{name:<52} {:>7.1} s {:>10.2}x",
            t.as_secs_f64(),
            t.as_secs_f64() / psql_time.as_secs_f64()
        );
    };
    row("psql -f store.sql (the store's plain dump)", psql_time);
    row("pg_restore -j2 store.dump (pg_dump -Fc)", pg_restore_time);
    row(
        "pmc restore -j 2 (checksum + unpack + validation)",
        pmc_time,
    );
    row("pmc restore -j 2 --toast-compression server", pmc_pglz_time);
    println!(
        "pmc restore: checksum+unpack {:.1} s, load {:.1} s, validation {:.1} s ({} checks); \
         peak RSS {:.1} MiB",
        report["unpack_seconds"].as_f64().unwrap_or(0.0),
        report["restore_seconds"].as_f64().unwrap_or(0.0)
            - report["unpack_seconds"].as_f64().unwrap_or(0.0),
        report["validate_seconds"].as_f64().unwrap_or(0.0),
        report["checks"].as_array().map_or(0, |c| c.len()),
        peak_kib as f64 / 1024.0
    );
    println!(
        "pmc load: {} over {} connections, phases {}",
        report["load"]["method"], report["load"]["jobs"], report["load"]["phases"]
    );
    println!(
        "ratios: pmc/psql {:.2}x (target <= 0.85x), pmc/pg_restore -j2 {:.2}x",
        pmc_time.as_secs_f64() / psql_time.as_secs_f64(),
        pmc_time.as_secs_f64() / pg_restore_time.as_secs_f64()
    );
    admin.close().await?;
    drop(work);
    cluster.stop()
}
